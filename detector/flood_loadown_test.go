package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFloodHammerDecoyAssetEvery2nd: one URL hammered at 17-19/s with a
// Referer, and after every 2nd request one image whose Referer is another
// page (never fetched). The hammered path is 5 of the last 8 (< floodDominant)
// and lane 0 is the decoy page: the decoy, remembered after its first
// image, counted every later one as a page load and bought the poll spare
// (05f23cc: never banned). floodLoadOwn: only a page the client fetched
// itself among its last eight paths makes a page load.
func TestFloodHammerDecoyAssetEvery2nd(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 41))
	reqs := crowd(rng, 5*time.Minute)
	floods := map[string]bool{}
	for k, rate := range []int{12, 17, 19} {
		ip := fmt.Sprintf("203.0.113.%d", 120+k)
		floods[ip] = true
		for i := range 180 * rate {
			at := time.Minute + time.Duration(i)*time.Second/time.Duration(rate)
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/search", query: "q=x", ua: chrome, referer: "https://site.example/search?q=x"})
			if i%2 == 0 {
				reqs = append(reqs, req{at: at + time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/img/r%d.jpg", i%40), ua: chrome, referer: "https://site.example/blog/post-1"})
			}
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip := range floods {
		if n := at[ip]; n < 0 || n > 200 {
			t.Errorf("hammer %s with a decoy asset every 2nd request: banned at its request %d (%v), want within 200", ip, n, why[ip])
		}
	}
}

// TestFloodHammerRandomPageAsset: the brief's variant, an image naming a random
// one of 8 pages fetched earlier after each request, 17/s.
func TestFloodHammerRandomPageAsset(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 42))
	reqs := crowd(rng, 5*time.Minute)
	ip := "203.0.113.130"
	for p := range 8 {
		reqs = append(reqs, req{at: 50*time.Second + time.Duration(p)*100*time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/blog/post-%d", p), ua: chrome, referer: "https://site.example/"})
	}
	for i := range 180 * 17 {
		at := time.Minute + time.Duration(i)*time.Second/17
		reqs = append(reqs,
			req{at: at, ip: ip, method: "GET", path: "/search", query: "q=x", ua: chrome, referer: "https://site.example/"},
			req{at: at + time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/img/r%d.jpg", i%40), ua: chrome, referer: fmt.Sprintf("https://site.example/blog/post-%d", rng.IntN(8))})
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at[ip]; n < 0 || n > 200 {
		t.Errorf("hammer 17/s with an asset of a random earlier page after each: banned at its request %d (%v), want within 200", n, why[ip])
	}
}
