package detector

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// prefixRotation is a flood of perAddr requests/s from each of n
// addresses of v4 /24 base (base.1 ...) for d from from, made by mk for
// the k-th request of address a.
func prefixRotation(base string, n int, from, d time.Duration, perAddr float64, mk func(k, a int) req) []req {
	var out []req
	for a := range n {
		ip := fmt.Sprintf("%s.%d", base, 10+a*5)
		k := 0
		for at := from + time.Duration(a)*time.Second/time.Duration(n); at < from+d; at += time.Duration(float64(time.Second) / perAddr) {
			r := mk(k, a)
			r.at, r.ip = at.Truncate(time.Second), ip
			out = append(out, r)
			k++
		}
	}
	return out
}

var browserUAs = []string{
	chrome,
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
}

// TestFloodPrefixRotation (floodagg.go; attack-s9 A16 and A9): floods
// spread over the addresses of one /24 or one /48 stay under the
// single-address model at every address and were never banned. Now:
//
//   - 20 addresses of a /24 at 4 product pages/s each (80/s), a random
//     cache-busting query, one Chrome build, a Referer, half answered 503:
//     every address banned within 25 of its requests;
//   - 20 addresses of another /24 at 8/s each rotating three pages and a
//     random browser user agent per request, no Referer: likewise;
//   - a /48 whose every request (40/s) comes from a new /64: at most 10 %
//     of its requests let through (each /64 is banned at its one request:
//     no prefix ban).
//
// Never banned: the crowd (600 people on three /24s, a page and its
// images every ~30 s each), three Googlebot addresses of one /24 at 9
// pages/s each (crawling distinct pages: no browser user agent), a
// carrier /24 of 60 phones each polling two API endpoints every 2 s
// (okhttp, no Referer), a cloud /48 of 30 tenants' /64s each calling one
// API at 1/s with a tool's user agent, and a /24 of 40 students each
// browsing a page and its assets every 3-6 s.
func TestFloodPrefixRotation(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 24))
	const d = 2 * time.Minute
	reqs := crowd(rng, 3*time.Minute)
	products := []string{"/product/scarf/", "/product/bag/", "/product/coat/", "/product/boots/", "/product/hat/", "/product/belt/", "/product/gloves/", "/product/socks/", "/product/shirt/", "/product/tie/", "/product/cap/", "/product/vest/"}
	a16 := prefixRotation("203.0.113", 20, time.Minute, d, 4, func(k, a int) req {
		st := 200
		if rng.IntN(2) == 0 {
			st = 503
		}
		return req{method: "GET", path: pick(rng, products), query: fmt.Sprint(rng.IntN(1e6)), status: st, ua: chrome, referer: "https://shop.example/"}
	})
	pages := []string{"/shop/", "/product-category/sale/", "/cart/"}
	a16b := prefixRotation("198.18.5", 20, time.Minute, d, 8, func(k, a int) req {
		return req{method: "GET", path: pick(rng, pages), ua: pick(rng, browserUAs)}
	})
	floods := map[string]bool{}
	for _, r := range append(a16, a16b...) {
		floods[r.ip] = true
	}
	reqs = append(reqs, a16...)
	reqs = append(reqs, a16b...)
	// A9 (a /48, every request from a new /64) is no longer banned:
	// first requests do not count (TestFloodPrefixCarrierPushSpike).
	reqs = append(reqs, prefixBenign(rng, 3*time.Minute)...)

	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		switch {
		case floods[ip]:
			if n < 0 || n > 25 || !slices.Contains(why[ip], RuleFloodPrefix) && !slices.Contains(why[ip], "flood-rate") {
				t.Errorf("flood %s: banned at its request %d by %v, want within 25", ip, n, why[ip])
			}
		case ip[:4] == "2a0e":
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}

// prefixBenign is busy prefixes whose addresses each behave as a person,
// a crawler or an app does (see TestFloodPrefixRotation).
func prefixBenign(rng *rand.Rand, d time.Duration) []req {
	var out []req
	// Googlebot from three addresses of one /24, 9 distinct pages/s each.
	for g := range 3 {
		ip := fmt.Sprintf("66.249.66.%d", 1+g)
		for i := range int(9 * d.Seconds()) {
			at := time.Duration(i) * time.Second / 9
			out = append(out, req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: fmt.Sprintf("/catalog/%d/item-%d", g, i), ua: googlebot})
		}
	}
	// A carrier /24: 60 phones, the app polling two endpoints every ~2 s.
	eps := []string{"/api/v1/feed", "/api/v1/notifications/unread"}
	for p := range 60 {
		ip := fmt.Sprintf("100.64.7.%d", 2+p*4)
		for at := time.Duration(rng.Int64N(int64(2 * time.Second))); at < d; at += time.Duration(1.5e9 + rng.Int64N(1e9)) {
			out = append(out, req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: pick(rng, eps), ua: "okhttp/4.12.0"})
		}
	}
	// A cloud /48: 30 tenants' /64s, each calling one API at 1/s.
	for c := range 30 {
		ip := fmt.Sprintf("2600:1f18:4a2:%x::%x", 0x100+c, 7+c)
		for i := range int(d.Seconds()) {
			out = append(out, req{at: time.Duration(i) * time.Second, ip: ip, method: "GET", path: "/api/v2/orders", query: fmt.Sprintf("since=%d", i), ua: "python-requests/2.32.3"})
		}
	}
	// A campus /24: 40 students, a page and 15 of its assets every 3-6 s.
	for s := range 40 {
		ip := fmt.Sprintf("192.0.2.%d", 10+s)
		for at := time.Duration(rng.Int64N(int64(3 * time.Second))); at < d; at += time.Duration(3e9 + rng.Int64N(3e9)) {
			page := fmt.Sprintf("/course/%d/week-%d", s, rng.IntN(50))
			out = append(out, req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: page, ua: chrome, referer: "https://site.example/course/"})
			for k := range 15 {
				out = append(out, req{at: (at + time.Duration(100+30*k)*time.Millisecond).Truncate(time.Second), ip: ip, method: "GET", path: fmt.Sprintf("/static/c%d.png", rng.IntN(400)), ua: chrome, referer: "https://site.example" + page})
			}
		}
	}
	return out
}
