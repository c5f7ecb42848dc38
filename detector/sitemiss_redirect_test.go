package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestRevdetFakeOutageViaHTTPRedirect (review s9 detection): where the
// port-80 vhost answers every name 301 to https and both vhosts log to one
// file (Debian's nginx and Apache defaults), any name is "served": a
// helper address asks http://site/<name> (301) just before an attacker
// address asks https://site/<name> (404). 16 attacker addresses missing
// such names buy the outage excuse again for a dirbuster that fetched 5
// pages first. Expect: banned as without the 16 (within 60 requests).
func TestRevdetFakeOutageViaHTTPRedirect(t *testing.T) {
	t.Parallel()
	for _, rate := range []int{10, 20, 40} {
		t.Run(fmt.Sprintf("%d per s", rate), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(9, uint64(rate)))
			var reqs, alone []req
			for i := range 12 {
				reqs = append(reqs, browsing(rng, fmt.Sprintf("10.1.%d.1", i+1), 5*time.Minute, 8*time.Second, 6)...)
			}
			alone = append(alone, reqs...)
			for a := range 16 {
				k := 0
				for at := time.Duration(rng.Int64N(int64(3 * time.Second))); at < 5*time.Minute; at += 2*time.Second + time.Duration(rng.Int64N(int64(4*time.Second))) {
					name := fmt.Sprintf("/x%d-%d", a, k)
					reqs = append(reqs, req{at: at - 200*time.Millisecond, ip: "198.19.0.1", path: name, status: 301, ua: "curl/8.5.0"})
					reqs = append(reqs, req{at: at, ip: fmt.Sprintf("198.18.%d.7", a+1), path: name, status: 404, ua: chrome})
					k++
				}
			}
			reqs = append(reqs, dirbuster("203.0.113.50", 60*time.Second, rate, 400)...)
			alone = append(alone, dirbuster("203.0.113.50", 60*time.Second, rate, 400)...)
			want, _ := run(defaultEngine(t), sorted(alone))
			at, why := run(defaultEngine(t), sorted(reqs))
			if n := at["203.0.113.50"]; n < 0 || n > max(want["203.0.113.50"], 0) || n > 60 {
				t.Errorf("dirbuster beside a fake outage (names made served by http->https 301s) banned at its request %d (%v), want at %d as without it",
					n, why["203.0.113.50"], want["203.0.113.50"])
			}
		})
	}
}
