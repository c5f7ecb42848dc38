package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// crowd is shoppers and 600 more people browsing (a page every ~30 s):
// enough clients that the site's p99 client (the allowance's baseline) is
// a person, not one of a test's few busy clients.
func crowd(rng *rand.Rand, d time.Duration) []req {
	reqs := shoppers(rng, d)
	for i := range 600 {
		reqs = append(reqs, browsing(rng, fmt.Sprintf("10.1.%d.%d", i/250, i%250+1), d, 30*time.Second, 20)...)
	}
	return reqs
}

// officePolls are the open tabs of an office's people polling two GET
// endpoints from the site's web app, perSec polls a second in all for d,
// each with the app's page as its Referer.
func officePolls(rng *rand.Rand, ip string, from, d time.Duration, perSec float64) []req {
	var out []req
	apps := []string{"https://site.example/app/inbox", "https://site.example/app/dashboard"}
	for at := from; at < from+d; at += time.Duration(rng.ExpFloat64() / perSec * float64(time.Second)) {
		p := "/api/v1/notifications/unread"
		if rng.IntN(2) == 0 {
			p = "/api/v1/messages/unread"
		}
		out = append(out, req{at: at, ip: ip, method: "GET", path: p, ua: chrome, referer: pick(rng, apps)})
	}
	return out
}

// TestFloodOfficePoller: an office on one browser build (oneUANAT's page
// loads) whose people's tabs poll two GET endpoints at 7-10 requests/s in
// all is never banned (review helper-96 R4: each poll was a repeat from
// one user agent, 3 units, and the office was banned for flood-rate within
// seconds); a tool hammering those URLs with the same Referers and no page
// loads still is.
func TestFloodOfficePoller(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 21))
	reqs := crowd(rng, 4*time.Minute)
	for k, rate := range []float64{7, 8.5, 10} {
		ip := fmt.Sprintf("198.51.100.%d", 110+k)
		reqs = append(reqs, oneUANAT(rng, ip, 0, 4*time.Minute)...)
		reqs = append(reqs, officePolls(rng, ip, 0, 4*time.Minute, rate)...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n, ex := banned(at, why); n != 0 {
		t.Errorf("%d benign clients banned, e.g. %s", n, ex)
	}
	// The offices lift the site's baseline (they are its p99 clients):
	// the tools run on a site of people only, at floor.
	reqs = crowd(rng, 3*time.Minute)
	floods := map[string]bool{}
	for k, rate := range []float64{15, 25} {
		ip := fmt.Sprintf("203.0.113.%d", 40+k)
		floods[ip] = true
		reqs = append(reqs, officePolls(rng, ip, time.Minute+time.Duration(k)*30*time.Second, 30*time.Second, rate)...)
	}
	at, why = run(defaultEngine(t), sorted(reqs))
	wantFloodBans(t, at, why, floods, 100)
}

// TestFloodChainedPages: a flood of the site's pages that clicks on from
// the page it just fetched (its Referer the request before, no asset
// between) at 10-15 pages/s cost one unit a page, under floor, and was
// never banned (review helper-96); now each such page costs half
// repeat_cost more, 2 units, and at 12-15 pages/s it is banned within
// 5-12 s. At 10 pages/s it is exactly floor and let through: a full
// repeat_cost (3 units) banned a crawler walking a site at 7.5 pages/s and
// a reader holding the arrow key at 10 pages/s (TestReviewChainedBenignFast).
// A crawler at 8 pages/s (no Referer),
// a person clicking through cached pages (no assets) every second and a
// browser loading each page's assets are not.
func TestFloodChainedPages(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 22))
	reqs := crowd(rng, 4*time.Minute)
	chain := func(ip string, from time.Duration, n int, gap time.Duration, assets int) {
		prev := "https://site.example/"
		for i := range n {
			at := from + time.Duration(i)*gap
			page := fmt.Sprintf("/products/item-%d", rng.IntN(5000))
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: page, ua: chrome, referer: prev})
			for a := range assets {
				reqs = append(reqs, req{at: at + time.Duration(a+1)*5*time.Millisecond, ip: ip, method: "GET", ua: chrome,
					path: fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000)), referer: "https://site.example" + page})
			}
			prev = "https://site.example" + page
		}
	}
	floods := map[string]bool{}
	for k, rate := range []int{12, 15} {
		ip := fmt.Sprintf("203.0.113.%d", 50+k)
		floods[ip] = true
		chain(ip, time.Minute+time.Duration(k)*20*time.Second, 30*rate, time.Second/time.Duration(rate), 0)
	}
	chain("198.51.100.120", 0, 200, time.Second, 0)                      // cached pages, a click a second
	chain("198.51.100.121", 0, 60, 3*time.Second, 12)                    // a browser loading its pages
	chain("198.51.100.122", 30*time.Second, 40, 250*time.Millisecond, 4) // a fast reader, 4 pages/s with assets
	for i := range 8 * 200 {                                             // a crawler at 8 pages/s
		reqs = append(reqs, req{at: time.Duration(i) * time.Second / 8, ip: "66.249.66.9", method: "GET",
			path: fmt.Sprintf("/products/item-%d", i), ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"})
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		switch {
		case floods[ip]:
			if n < 0 || n > 160 {
				t.Errorf("chained page flood %s banned at its request %d (%v), want within 160", ip, n, why[ip])
			}
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}
