package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// honouring is an API integration's N+1 calls at perSec distinct paths a
// second without a Referer for dur, from start; the site's limiter answers
// 4 % of them 429. After the first honourN refusals (all of them when
// honourN < 0) the client waits for the next second; after the others its
// next call comes in the same second.
func honouring(rng *rand.Rand, ip, ua string, start, dur time.Duration, perSec, honourN int) []req {
	var out []req
	refused := 0
	for s := start; s < start+dur; s += time.Second {
		for i := range perSec {
			r := req{at: s + time.Duration(i)*time.Second/time.Duration(perSec), ip: ip, ua: ua,
				path: fmt.Sprintf("/v3/customers/%d/addresses", rng.IntN(900000)+100000)}
			if rng.IntN(25) == 0 {
				r.status = 429
				refused++
			}
			out = append(out, r)
			if r.status == 429 && (honourN < 0 || refused <= honourN) {
				break // honoured: the next call in the next second
			}
		}
	}
	return out
}

// TestFloodHonoured429: floodHonoured. An integration at 16 calls/s that
// honours the site's 429s (benign4 erp-sync-openapi-429) is never banned;
// the same client ignoring them, or honouring only its first two, is, and
// so is one honouring them at 30 calls/s.
func TestFloodHonoured429(t *testing.T) {
	const ua = "OpenAPI-Generator/3.2.0/python"
	for _, c := range []struct {
		name           string
		perSec, honour int
		banned         bool
	}{
		{"honours every 429", 16, -1, false},
		{"ignores every 429", 16, 0, true},
		{"honours two, then ignores", 16, 2, true},
		{"honours every 429 at 30/s", 30, -1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 2; seed++ {
				rng := rand.New(rand.NewPCG(429, seed))
				const ip = "203.0.113.29"
				reqs := append(crowd(rng, 4*time.Minute), honouring(rng, ip, ua, 10*time.Second, 3*time.Minute, c.perSec, c.honour)...)
				n, why := run(defaultEngine(t), sorted(reqs))
				if got := n[ip] >= 0; got != c.banned {
					t.Errorf("seed %d: banned %v at its request %d (%v), want banned %v", seed, got, n[ip], why[ip], c.banned)
				}
			}
		})
	}
}

// TestRefusalsHonoured walks the refusal slot: two 429s, each followed by
// a request in a later second, earn the evidence; a request in the same
// second as a 429 takes it back; it lapses floodHonouredFor seconds after
// the last 429.
func TestRefusalsHonoured(t *testing.T) {
	st := make([]int64, floodSlots)
	sec := func(s int64) int64 { return (1_795_000_000 + s) * 1e9 }
	steps := []struct {
		at     int64
		status int
		want   bool
	}{
		{0, 200, false},
		{1, 429, false},
		{2, 200, false}, // one honoured
		{3, 429, false},
		{4, 200, true}, // two honoured
		{5, 200, true},
		{5 + floodHonouredFor - 2, 200, true},
		{4 + floodHonouredFor, 200, false}, // lapsed: no 429 lately
		{40, 429, true},                    // counts as of the 429 itself
		{40, 200, false},                   // ignored: taken back
		{41, 429, false},
		{42, 200, false},
	}
	for i, s := range steps {
		if got := refusalsHonoured(st, sec(s.at), s.status); got != s.want {
			t.Errorf("step %d (second %d, %d): honoured %v, want %v", i, s.at, s.status, got, s.want)
		}
	}
	clear(st)
	for s := range int64(100) {
		refusalsHonoured(st, sec(s), 200)
	}
	if st[floodHonour] != 0 {
		t.Errorf("a client never answered 429 holds refusal slot %#x, want 0 (it must still pack)", st[floodHonour])
	}
}
