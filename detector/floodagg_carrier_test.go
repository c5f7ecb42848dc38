package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// A news alert pushed to a mobile carrier's users: 200 phones behind one
// CGNAT /24 open the article within 8 s, each from an address the log has
// not seen (its first request: the page, a browser's user agent, no
// Referer), two minutes into the log. flood-prefix counted first requests
// from any prefix (b9bdb67), so the /24's new addresses alone overflowed
// its bucket and the phones were banned; a first request now counts only
// from IPv6, where a rotation takes a new /64 per request. The
// detector's own 1M-client benchmark met the same shape (consecutive
// clients in one /24 and one /48) and tracked 489,192 of 1,000,000.
func TestFloodPrefixCarrierPushSpike(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 24))
	reqs := crowd(rng, 3*time.Minute)
	for i := range 200 {
		at := 2*time.Minute + time.Duration(rng.IntN(8000))*time.Millisecond
		ip := fmt.Sprintf("100.72.14.%d", i+20)
		reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/news/2026/12/07/storm-warning", ua: pick(rng, browserUAs)})
	}
	// The same on IPv6: 300 phones, each on its own /64 of one carrier
	// /48 (review rev-flood s10: 64cec9b banned the whole /48 one second
	// into the spike).
	for i := range 300 {
		at := 2*time.Minute + time.Duration(rng.IntN(20000))*time.Millisecond
		ip := fmt.Sprintf("2607:fb90:1234:%x:1c2:%x:fe01:7", 0x100+i, rng.IntN(0xffff))
		reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/news/2026/12/07/storm-warning", ua: pick(rng, browserUAs)})
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		if n >= 0 {
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}
