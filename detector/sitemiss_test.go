package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

const googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

// siteWithOutage is 12 visitors browsing for 5 minutes and a crawler
// fetching a new top-level page every 1/3 s from the start; from
// outageAt on the site answers every request 404 (a broken deploy).
func siteWithOutage(rng *rand.Rand, outageAt time.Duration) []req {
	var reqs []req
	for i := range 12 {
		reqs = append(reqs, browsing(rng, fmt.Sprintf("10.1.%d.1", i+1), 5*time.Minute, 8*time.Second, 6)...)
	}
	for i := range 900 {
		reqs = append(reqs, req{at: time.Duration(i) * time.Second / 3, ip: "66.249.66.10", path: fmt.Sprintf("/post-%d/", i), ua: googlebot})
	}
	for i := range reqs {
		if reqs[i].at >= outageAt {
			reqs[i].status = 404
		}
	}
	return reqs
}

// scanner probes a new top-level name every 1/5 s from start on.
func scanner(ip string, start time.Duration, n int) []req {
	var reqs []req
	for i := range n {
		reqs = append(reqs, req{at: start + time.Duration(i)*time.Second/5, ip: ip, path: fmt.Sprintf("/name%d", i), status: 404, ua: "Mozilla/5.0"})
	}
	return reqs
}

// TestScanSiteMissOutage: when a broken deploy answers everyone 404, a
// crawler that was fetching pages 200 before is not a scanner (benign-s8
// googlebot-broken-deploy-404: banned by scan ~25 s in), while a scanner
// starting during the outage, and one on a site that serves its other
// visitors, are still banned.
func TestScanSiteMissOutage(t *testing.T) {
	t.Parallel()
	reqs := siteWithOutage(rand.New(rand.NewPCG(8, 20)), 60*time.Second)
	reqs = append(reqs, scanner("203.0.113.9", 90*time.Second, 300)...)
	// A scanner that first fetches five pages 200, before the outage.
	for i := range 5 {
		reqs = append(reqs, req{at: 10*time.Second + time.Duration(i)*time.Second, ip: "203.0.113.10", path: "/", ua: "Mozilla/5.0"})
	}
	reqs = append(reqs, scanner("203.0.113.10", 20*time.Second, 300)...)
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at["66.249.66.10"]; n >= 0 {
		t.Errorf("crawler banned (%v) at its request %d during the outage", why["66.249.66.10"], n)
	}
	for _, ip := range []string{"203.0.113.9", "203.0.113.10"} {
		if n := at[ip]; n < 0 || n > 80 {
			t.Errorf("scanner %s banned at its request %d (%v), want within 80", ip, n, why[ip])
		}
	}
	for ip, n := range at {
		if ip[:3] == "10." && n >= 0 {
			t.Errorf("visitor %s banned (%v)", ip, why[ip])
		}
	}
}

// TestScanSiteMissNoOutage: a site whose visitors get their pages does not
// excuse a crawler-like client missing new names at 3/s after pages 200,
// nor a scanner: the scanners' own misses (one vote per address, however
// many probes) do not make the share.
func TestScanSiteMissNoOutage(t *testing.T) {
	t.Parallel()
	reqs := siteWithOutage(rand.New(rand.NewPCG(8, 21)), time.Hour)
	for i, r := range reqs {
		if r.ip == "66.249.66.10" && r.at >= 60*time.Second {
			reqs[i].status = 404
		}
	}
	for i := range 4 {
		reqs = append(reqs, scanner(fmt.Sprintf("203.0.113.%d", 20+i), 30*time.Second, 300)...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at["66.249.66.10"]; n < 0 {
		t.Errorf("client missing 3 new names a second on a site serving everyone else not banned")
	}
	for i := range 4 {
		ip := fmt.Sprintf("203.0.113.%d", 20+i)
		if n := at[ip]; n < 0 || n > 80 {
			t.Errorf("scanner %s banned at its request %d (%v), want within 80", ip, n, why[ip])
		}
	}
}
