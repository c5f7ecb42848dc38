package detector

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// oneUANAT is an office of many people on one managed browser build behind
// one address (issue 8, gridbench -held's held-nat-500-one-ua): every
// second 0-5 page loads at once (a page with 10-30 assets, their Referer
// the page), some answered 304 from the browsers' caches, ~15 requests/s
// on average with bursts of 100 and more.
func oneUANAT(rng *rand.Rand, ip string, from, d time.Duration) []req {
	var out []req
	for s := from; s < from+d; s += time.Second {
		n := rng.IntN(3)
		if rng.IntN(8) == 0 {
			n = 3 + rng.IntN(4)
		}
		for range n {
			at := s + time.Duration(rng.IntN(1000))*time.Millisecond
			page := fmt.Sprintf("/news/article-%d", rng.IntN(400))
			out = append(out, req{at: at, ip: ip, method: "GET", path: page, ua: chrome, referer: "https://site.example/"})
			for i := range 10 + rng.IntN(20) {
				st := 200
				if rng.IntN(10) == 0 {
					st = 304
				}
				out = append(out, req{at: at + time.Duration(i)*10*time.Millisecond, ip: ip, method: "GET", ua: chrome, status: st,
					path: fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000)), referer: "https://site.example" + page})
			}
		}
	}
	return out
}

// replayFlood is a flood tool replaying browsing at rate a second for d:
// a page (Referer the home page) or one of a page's assets (Referer that
// page), shed of them answered 503, no cache.
func replayFlood(rng *rand.Rand, ip string, from, d time.Duration, rate int, shed float64) []req {
	var out []req
	for i := range int(d.Seconds()) * rate {
		at := from + time.Duration(i)*time.Second/time.Duration(rate)
		page := fmt.Sprintf("/news/article-%d", rng.IntN(400))
		r := req{at: at, ip: ip, method: "GET", path: page, ua: chrome, referer: "https://site.example/"}
		if rng.IntN(4) != 0 {
			r.path, r.referer = fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000)), "https://site.example"+page
		}
		if rng.Float64() < shed {
			r.status = 503
		}
		out = append(out, r)
	}
	return out
}

// TestFloodCache: a busy one-user-agent NAT whose browsers revalidate
// their caches is never banned, neither when the server is fine nor when
// an overload sheds 10 % of everybody's requests; a replay flood above the
// request count's rate that fakes one revalidation in ten is banned all
// the same (review E2: the four-fold allowance let 30-50/s through). No
// client is banned for the 503s the server answers it (the distress
// bucket of d163088 is gone: it banned rate-limited crawlers and health
// checks).
func TestFloodCache(t *testing.T) {
	t.Parallel()
	for _, shedAll := range []bool{false, true} {
		t.Run(fmt.Sprintf("overload=%v", shedAll), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(8, 9))
			var reqs []req
			for i := range 200 {
				reqs = append(reqs, browsing(rng, fmt.Sprintf("10.0.%d.%d", i/250, i%250+1), 4*time.Minute, 20*time.Second, 30)...)
			}
			reqs = append(reqs, oneUANAT(rng, "198.51.100.50", 0, 4*time.Minute)...)
			if shedAll {
				for i := range reqs {
					if r := &reqs[i]; r.at > time.Minute && r.at < 150*time.Second && rng.IntN(10) == 0 {
						r.status = 503
					}
				}
			}
			fl := replayFlood(rng, "203.0.113.10", 100*time.Second, 40*time.Second, 60, 0)
			for i := range fl {
				if i%10 == 0 {
					fl[i].status = 304
				}
			}
			reqs = append(reqs, fl...)
			at, why := run(defaultEngine(t), sorted(reqs))
			for ip, n := range at {
				switch {
				case ip == "203.0.113.10":
					if n < 0 || n > 900 {
						t.Errorf("flood faking revalidations %s banned at its request %d, want within 900", ip, n)
					} else if !slices.Contains(why[ip], rules.FloodRule) && !slices.Contains(why[ip], RuleFloodStray) {
						t.Errorf("flood %s banned by %v, want %s or %s", ip, why[ip], rules.FloodRule, RuleFloodStray)
					}
				case n >= 0:
					t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
				}
			}
		})
	}
}

// TestFloodEvidence: the evidence slot's counting, window roll and cache
// test, exactly.
func TestFloodEvidence(t *testing.T) {
	t.Parallel()
	var ev uint64
	for i := range 20 {
		ev = evidCount(ev, 7, i%4 == 0, false)
	}
	if r, c, w := ev>>16&0xfff, ev>>evidCacheShift&0xff, ev>>evidWinShift; r != 20 || c != 5 || w != 7 {
		t.Fatalf("after 20 requests: requests %d revalidations %d window %d, want 20 5 7", r, c, w)
	}
	if !evidCache(ev) {
		t.Error("5 revalidations of 20 requests: not a cache")
	}
	rolled := evidRoll(ev, 8)
	if r, pr, c := rolled>>16&0xfff, rolled>>28&0xfff, rolled>>evidCacheShift&0xff; r != 0 || pr != 20 || c != 2 {
		t.Fatalf("rolled: %d %d %d, want 0 20 2", r, pr, c)
	}
	if got := evidRoll(ev, 7); got != ev {
		t.Fatalf("same window: %x, want %x", got, ev)
	}
	if got := evidRoll(ev, 9); got != 9<<evidWinShift|2<<evidCacheShift {
		t.Fatalf("rolled after a gap: %x, want only the halved revalidations", got)
	}
	if got := evidRoll(evidRoll(evidCount(0, 3, true, false), 4), 5); got != 0 {
		t.Fatalf("two windows after one 304: %x, want 0 (the client packs again)", got)
	}
	few := evidCount(evidCount(0, 1, true, false), 1, true, false)
	for range 100 {
		few = evidCount(few, 1, false, false)
	}
	if evidCache(few) {
		t.Error("2 revalidations in 102 requests (under 5 %): a cache")
	}
	for range 5000 {
		ev = evidCount(ev, 7, true, false)
	}
	if r, c := ev>>16&0xfff, ev>>evidCacheShift&0xff; r != 0xfff || c != 0xff {
		t.Fatalf("saturation: requests %d revalidations %d", r, c)
	}
}
