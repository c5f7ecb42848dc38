package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFloodDiscountsClosed (re-review rr-flood s8 of ddd50e9): floods that fetch a
// page once (or every refetch requests) and then hammer one path with a
// changing query naming that page (floodFan, taken out), OPTIONS floods
// with a Referer (floodPreflight), EIO= or _rsc= added to any path's
// query, random registry digests. Each was never banned at 20/s with
// ddd50e9 and must be banned within 3 minutes. Still let through (not
// here): random .png/.jar names with the client's own page as Referer
// under ~45/s (floodOwnRun's half count, and .png before it).
func TestFloodDiscountsClosed(t *testing.T) {
	t.Parallel()
	type attack struct {
		name    string
		gen     func(rng *rand.Rand, i int) req // i-th attack request (after the page)
		page    string                          // fetched first (and every refetch); "" none
		refetch int
	}
	atks := []attack{
		{"search-q-ref-home-once", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: "/search", query: fmt.Sprintf("q=%x", rng.Uint64()), referer: "https://site.example/"}
		}, "/", 0},
		{"search-q-ref-home-refetch100", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: "/search", query: fmt.Sprintf("q=%x", rng.Uint64()), referer: "https://site.example/"}
		}, "/", 100},
		{"hulk-q-ref-home-refetch20", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: "/index.php", query: fmt.Sprintf("%x=%x", rng.Uint32(), rng.Uint64()), referer: "https://site.example/"}
		}, "/", 20},
		{"options-ref", func(rng *rand.Rand, i int) req {
			return req{method: "OPTIONS", path: "/api/v1/data", status: 204, referer: "https://site.example/app"}
		}, "", 0},
		{"options-ref-200-rnd", func(rng *rand.Rand, i int) req {
			return req{method: "OPTIONS", path: fmt.Sprintf("/api/%x", rng.Uint32()), status: 200, referer: "https://evil.example/"}
		}, "", 0},
		{"blobs-rnd", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: fmt.Sprintf("/v2/x/blobs/sha256:%x", rng.Uint64())}
		}, "", 0},
		{"eio-any-path", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: "/search", query: fmt.Sprintf("q=%x&EIO=4&transport=polling", rng.Uint64())}
		}, "", 0},
		{"rsc-any-path", func(rng *rand.Rand, i int) req {
			return req{method: "GET", path: "/search", query: fmt.Sprintf("_rsc=%x", rng.Uint64()), referer: "https://site.example/"}
		}, "", 0},
	}
	fail := 0
	for _, a := range atks {
		for _, rate := range []float64{20, 40} {
			rng := rand.New(rand.NewPCG(8, 18))
			reqs := crowd(rng, 3*time.Minute)
			ip := "203.0.113.77"
			at := time.Second
			n := 0
			for at < 3*time.Minute && n < 5000 {
				if a.page != "" && (n == 0 || (a.refetch > 0 && n%a.refetch == 0)) {
					reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: a.page, ua: chrome, referer: "https://www.google.com/"})
					at += 50 * time.Millisecond
				}
				r := a.gen(rng, n)
				r.at, r.ip, r.ua = at, ip, chrome
				reqs = append(reqs, r)
				at += time.Duration(rng.ExpFloat64() / rate * float64(time.Second))
				n++
			}
			got, why := run(defaultEngine(t), sorted(reqs))
			t.Logf("%-32s %4.0f/s: banned at %5d of %d %v", a.name, rate, got[ip], n, why[ip])
			if got[ip] < 0 && rate >= 20 {
				fail++
			}
		}
	}
	if fail > 0 {
		t.Errorf("%d attack/rate pairs (>= 20/s for 3 min) never banned", fail)
	}
}
