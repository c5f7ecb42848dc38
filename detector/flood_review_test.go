package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// Review of 41f49b6 (flood: page loads, poll spares, chained pages): the
// reviewer's tests, each failing at 41f49b6.

// TestReviewHammerWithTwoPageLoads: one URL hammered with a Referer from
// one user agent pays no repeat cost once the client has 2 "page loads"
// (assets naming a page it fetched) in 10-20 s; two assets up front and one
// every 5 s (1 % of its requests) buy that. At 41f49b6^ it was banned
// within ~27 requests; at 41f49b6 never (12, 15, 19/s for 3 min).
func TestReviewHammerWithTwoPageLoads(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 31))
	reqs := crowd(rng, 5*time.Minute)
	floods := map[string]bool{}
	for k, rate := range []int{12, 15, 19} {
		ip := fmt.Sprintf("203.0.113.%d", 70+k)
		floods[ip] = true
		from := time.Minute
		for a := range 2 {
			reqs = append(reqs, req{at: from + time.Duration(a+1)*time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/static/a%d.css", a), ua: chrome, referer: "https://site.example/search"})
		}
		last := time.Duration(-1 << 62)
		for i := range 180 * rate {
			at := from + time.Duration(i)*time.Second/time.Duration(rate)
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/search", query: "q=x", ua: chrome, referer: "https://site.example/"})
			if at-last >= 5*time.Second {
				reqs = append(reqs, req{at: at + time.Millisecond, ip: ip, method: "GET", path: "/static/app.css", ua: chrome, referer: "https://site.example/search"})
				last = at
			}
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip := range floods {
		if n := at[ip]; n < 0 || n > 200 {
			t.Errorf("one-URL hammer %s with a page load every 5 s: banned at its request %d (%v), want within 200", ip, n, why[ip])
		}
	}
}

// pageFlood: pages only at rate/s for d, one UA, Referer chosen by ref from
// the client's pages so far (0: the page just before).
func pageFlood(rng *rand.Rand, ip string, rate int, d time.Duration, ref func(hist []string) string) []req {
	var out, hist = []req{}, []string{}
	for i := range int(d.Seconds()) * rate {
		p := fmt.Sprintf("/products/item-%d", rng.IntN(50000))
		r := "https://site.example/"
		if len(hist) > 1 {
			r = "https://site.example" + ref(hist)
		}
		out = append(out, req{at: time.Minute + time.Duration(i)*time.Second/time.Duration(rate), ip: ip, method: "GET", path: p, ua: chrome, referer: r})
		hist = append(hist, p)
	}
	return out
}

// TestReviewChainedEvasions: the chained cost needed the Referer to be the
// very request before; a flood naming the page two back, or any of its
// last 8, paid 1 unit a page as before 41f49b6 and was never banned at
// 12-15/s. Now any Referer among the client's remembered pages is charged
// while it loads no page (floodChained): banned as the chained flood is,
// within ~150 requests at 12/s, ~60 at 15/s.
func TestReviewChainedEvasions(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 32))
	reqs := crowd(rng, 5*time.Minute)
	shapes := map[string]string{}
	for k, rate := range []int{12, 15} {
		a, b := fmt.Sprintf("203.0.113.%d", 80+k), fmt.Sprintf("203.0.113.%d", 90+k)
		shapes[a], shapes[b] = fmt.Sprintf("Referer two back, %d/s", rate), fmt.Sprintf("Referer one of the last 8, %d/s", rate)
		reqs = append(reqs, pageFlood(rng, a, rate, 3*time.Minute, func(h []string) string { return h[len(h)-2] })...)
		reqs = append(reqs, pageFlood(rng, b, rate, 3*time.Minute, func(h []string) string { return h[len(h)-1-rng.IntN(min(8, len(h)))] })...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, s := range shapes {
		if n := at[ip]; n < 0 || n > 160 {
			t.Errorf("page flood %s (%s, no assets, 3 min): banned at its request %d (%v), want within 160", ip, s, n, why[ip])
		}
	}
}

// TestReviewChainedBenignFast: clients fetching pages only (assets cached or
// on a CDN host), each page's Referer the one before, that 41f49b6 bans
// and 41f49b6^ did not: a site checker / accessibility crawler walking
// depth-first at 7.5/s, and a reader holding the right arrow in a comic
// reader whose images are on a CDN (8-10 pages/s in 6-12 s bursts).
func TestReviewChainedBenignFast(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 33))
	reqs := crowd(rng, 5*time.Minute)
	prev := "https://site.example/wiki/"
	for i := range 7 * 300 {
		p := fmt.Sprintf("/wiki/Article_%d", i*7919%100000)
		reqs = append(reqs, req{at: 30*time.Second + time.Duration(i)*time.Second*2/15, ip: "198.51.100.130", method: "GET", path: p, ua: "Mozilla/5.0 (compatible; SiteimproveBot/1.0)", referer: prev})
		prev = "https://site.example" + p
	}
	at0, prev, k := 30*time.Second, "https://site.example/manga/ch-1100/", 0
	for range 10 {
		n := 60 + rng.IntN(40) // 6-10 s at ~10/s
		for range n {
			p := fmt.Sprintf("/manga/ch-1100/page-%d", k)
			reqs = append(reqs, req{at: at0, ip: "198.51.100.131", method: "GET", path: p, ua: chrome, referer: prev})
			prev, k = "https://site.example"+p, k+1
			at0 += time.Duration(80+rng.IntN(40)) * time.Millisecond
		}
		at0 += time.Duration(3+rng.IntN(5)) * time.Second
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n, ex := banned(at, why); n != 0 {
		t.Errorf("%d benign clients banned, e.g. %s (crawler 198.51.100.130 at %d, reader 198.51.100.131 at %d)", n, ex, at["198.51.100.130"], at["198.51.100.131"])
	}
}

// TestFloodHammerOwnAssets: one URL hammered with one image after each
// request, the image's Referer the hammered page: every image is a "page
// load" of it and the hammer's path is only half of its last eight, so
// the poll spare (floodLoadMin) let it pay no repeat cost (review of
// 41f49b6, a5: 10-12/s never banned). The spare is not for the page whose
// assets came last (floodSpare).
func TestFloodHammerOwnAssets(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 34))
	reqs := crowd(rng, 5*time.Minute)
	floods := map[string]bool{}
	for k, rate := range []int{10, 12} {
		ip := fmt.Sprintf("203.0.113.%d", 100+k)
		floods[ip] = true
		for i := range 180 * rate {
			at := time.Minute + time.Duration(i)*time.Second/time.Duration(rate)
			reqs = append(reqs,
				req{at: at, ip: ip, method: "GET", path: "/search", query: "q=x", ua: chrome, referer: "https://site.example/"},
				req{at: at + time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/img/r%d.jpg", i%40), ua: chrome, referer: "https://site.example/search?q=x"})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip := range floods {
		if n := at[ip]; n < 0 || n > 1000 {
			t.Errorf("one-URL hammer %s with an image of it after each request: banned at its request %d (%v), want within 1000", ip, n, why[ip])
		}
	}
	if n, ex := banned(at, why); n != len(floods) {
		t.Errorf("%d clients banned (want only the %d hammers), e.g. %s", n, len(floods), ex)
	}
}
