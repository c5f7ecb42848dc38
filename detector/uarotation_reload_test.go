package detector

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestUARotationReload: a campus NAT at a grades release (benign8
// exam-results-release-campus-nat: 350 students, browser user agents,
// each reload of /qisserver/rds?state=notenspiegel naming that very URL
// as its Referer) was banned by ua-rotation at its 105th request. A
// reload of the URL the Referer names is no rotation. A cache-buster on
// the same page whose Referer names the page with another query (the
// URL before) is still banned.
func TestUARotationReload(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(16, 5))
	const page = "https://campus.uni-example.edu/qisserver/rds"
	var reqs []req
	nat, bot := "141.20.250.234", "98.250.8.182"
	for at := time.Duration(0); at < 120*time.Second; at += time.Duration(150+rng.IntN(200)) * time.Millisecond {
		reqs = append(reqs, req{at: at, ip: nat, method: "GET", path: "/qisserver/rds", query: "state=notenspiegel",
			ua: rotationUAs[rng.IntN(len(rotationUAs))], referer: page + "?state=notenspiegel"})
	}
	prev := "state=notenspiegel"
	for at := 10 * time.Second; at < 120*time.Second; at += time.Duration(250+rng.IntN(200)) * time.Millisecond {
		q := fmt.Sprintf("state=notenspiegel&%x=%x", rng.Uint32(), rng.Uint32())
		reqs = append(reqs, req{at: at, ip: bot, method: "GET", path: "/qisserver/rds", query: q,
			ua: rotationUAs[rng.IntN(len(rotationUAs))], referer: page + "?" + prev})
		prev = q
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if at[nat] >= 0 && slices.Contains(why[nat], RuleUARotation) {
		t.Errorf("campus NAT reloading one URL banned by ua-rotation at its request %d", at[nat])
	}
	if at[bot] < 0 {
		t.Errorf("cache-buster naming its previous URL as Referer not banned")
	}
}
