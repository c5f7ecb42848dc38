package detector

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// fakeOutage is a site serving 12 visitors their pages for 5 minutes while
// 14 attacker addresses (one per /24) each miss a name every 2-6 s from the
// start: half the addresses seen get nothing but misses, which looked like
// a site-wide outage (sitemiss.go) although the site answers everyone else.
// names picks the name an attacker address misses at its request k.
func fakeOutage(rng *rand.Rand, names func(a, k int) string) []req {
	var reqs []req
	for i := range 12 {
		reqs = append(reqs, browsing(rng, fmt.Sprintf("10.1.%d.1", i+1), 5*time.Minute, 8*time.Second, 6)...)
	}
	for a := range 14 {
		k := 0
		for at := time.Duration(rng.Int64N(int64(3 * time.Second))); at < 5*time.Minute; at += 2*time.Second + time.Duration(rng.Int64N(int64(4*time.Second))) {
			path, query, _ := strings.Cut(names(a, k), "?")
			reqs = append(reqs, req{at: at, ip: fmt.Sprintf("198.18.%d.7", a+1), path: path, query: query, status: 404, ua: chrome})
			k++
		}
	}
	return reqs
}

// dirbuster fetches five of the site's pages (200), then misses a new
// top-level name every 1/rate s.
func dirbuster(ip string, start time.Duration, rate, n int) []req {
	var reqs []req
	for i := range 5 {
		reqs = append(reqs, req{at: start + time.Duration(i)*time.Second, ip: ip, path: fmt.Sprintf("/news/article-%d", i), ua: "Mozilla/5.0"})
	}
	for i := range n {
		reqs = append(reqs, req{at: start + 6*time.Second + time.Duration(i)*time.Second/time.Duration(rate), ip: ip,
			path: fmt.Sprintf("/w%x", 0x9e3779b9*(i+1)), status: 404, ua: "Mozilla/5.0"})
	}
	return reqs
}

// TestScanFakeOutageBought: 14 addresses sending only 404s must not make a
// site that serves its visitors look down, so a dirbuster that fetched a
// few pages first is banned by scan as on any other site, whether the
// fake outage misses random names or the same few names from every
// address or their own pages with a query the app answers 404 (review s8
// rr-weak: the outage excuse could be bought). The site's visitors stay
// unbanned.
func TestScanFakeOutageBought(t *testing.T) {
	t.Parallel()
	shapes := map[string]func(a, k int) string{
		"random names": func(a, k int) string { return fmt.Sprintf("/x%d-%d", a, k) },
		"same names":   func(a, k int) string { return []string{"/", "/blog/", "/docs/", "/about/"}[k%4] },
		"site's pages": func(a, k int) string { return fmt.Sprintf("/news/article-%d", 400+k%50) },
		// The site's own pages with a query its app answers 404 (an
		// unknown id): the path was served, the request was not.
		"served path, unknown query": func(a, k int) string { return fmt.Sprintf("/news/article-%d?id=%d", k%400, 1e6+k) },
	}
	for name, names := range shapes {
		for _, rate := range []int{10, 20, 40} {
			t.Run(fmt.Sprintf("%s/%d per s", name, rate), func(t *testing.T) {
				t.Parallel()
				reqs := fakeOutage(rand.New(rand.NewPCG(9, uint64(rate))), names)
				// The control: the same site and dirbuster without the 14.
				var alone []req
				for _, r := range reqs {
					if r.ip[:7] != "198.18." {
						alone = append(alone, r)
					}
				}
				reqs = append(reqs, dirbuster("203.0.113.50", 60*time.Second, rate, 400)...)
				alone = append(alone, dirbuster("203.0.113.50", 60*time.Second, rate, 400)...)
				want, _ := run(defaultEngine(t), sorted(alone))
				at, why := run(defaultEngine(t), sorted(reqs))
				// 5 pages, then the scan throttle's distinct misses: banned
				// as on the site without the 14, within 60 requests.
				if n := at["203.0.113.50"]; n < 0 || n > max(want["203.0.113.50"], 0) || n > 60 {
					t.Errorf("dirbuster beside a fake outage banned at its request %d (%v), want at %d as without it",
						n, why["203.0.113.50"], want["203.0.113.50"])
				}
				for ip, n := range at {
					if ip[:3] == "10." && n >= 0 {
						t.Errorf("visitor %s banned (%v)", ip, why[ip])
					}
				}
			})
		}
	}
}
