package detector

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// rotationUAs are browser user agents a cache-busting bot draws from, and a
// CGNAT's crowd shows.
var rotationUAs = []string{
	chrome,
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
	"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
}

// TestUARotationCacheBuster: attacks5 cache-busting-botnet-flood's shape,
// each bot GET /?<rand>=<rand> ~3 times a second with a user agent drawn
// anew for every request and a Referer of a search engine, the page itself
// or none, answered 200/502/503. Before ua-rotation no bot was banned
// (about 11 flood units/s, under the floor of 20, and no two bots in a
// /24). Now each is banned by ua-rotation within ~20 s. Never banned, on
// the same site at the same time: a waiting room's crowd behind a CGNAT
// polling /queue/status?qt=<rand> 12 times a second from 3 user agents
// with the queue page's Referer (benign5 ticket-onsale-waiting-room), and
// an office NAT whose 25 people browse with 8 user agents.
func TestUARotationCacheBuster(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 8))
	var reqs []req
	bots := []string{"98.250.8.181", "78.181.224.186", "188.67.200.108", "46.185.155.131"}
	refs := []string{"", "https://www.google.com/", "https://www.example-magazin.at/"}
	for _, ip := range bots {
		for at := 30 * time.Second; at < 150*time.Second; at += time.Duration(200+rng.IntN(260)) * time.Millisecond {
			st := []int{200, 200, 200, 502, 503, 499}[rng.IntN(6)]
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/",
				query:   fmt.Sprintf("%x=%x", rng.Uint32(), rng.Uint64()),
				status:  st,
				ua:      rotationUAs[rng.IntN(len(rotationUAs))],
				referer: refs[rng.IntN(len(refs))]})
		}
	}
	// The waiting room's CGNAT: 60 fans polling every 5 s (12/s), 3 UAs.
	queue := "99.184.152.43"
	for at := time.Duration(0); at < 180*time.Second; at += time.Duration(40+rng.IntN(120)) * time.Millisecond {
		reqs = append(reqs, req{at: at, ip: queue, method: "GET", path: "/queue/status",
			query:   fmt.Sprintf("e=2027-tour-hamburg&qt=%012x", rng.Uint64()>>16),
			ua:      rotationUAs[2+rng.IntN(3)],
			referer: "https://tickets.example-arena.de/queue?e=2027-tour-hamburg"})
	}
	// The office NAT: page views with assets, 8 user agents, some with
	// newsletter queries.
	office := "194.25.17.85"
	for at := time.Duration(0); at < 180*time.Second; at += time.Duration(300+rng.IntN(1500)) * time.Millisecond {
		ua := rotationUAs[rng.IntN(len(rotationUAs))]
		page := fmt.Sprintf("/article-%d/", rng.IntN(50))
		q := ""
		if rng.IntN(3) == 0 {
			q = fmt.Sprintf("utm_source=newsletter&mc_eid=%x", rng.Uint32())
		}
		reqs = append(reqs, req{at: at, ip: office, method: "GET", path: page, query: q, ua: ua})
		for i := range 4 {
			reqs = append(reqs, req{at: at + time.Duration(i+1)*20*time.Millisecond, ip: office, method: "GET",
				path: fmt.Sprintf("/assets/%d.css", i), ua: ua, referer: "https://www.example-magazin.at" + page})
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range bots {
		if got[ip] < 0 || got[ip] > 100 {
			t.Errorf("cache-busting bot %s: banned at its request %d (%v), want within its first 100 (~30 s)", ip, got[ip], why[ip])
		} else if !slices.Contains(why[ip], RuleUARotation) {
			t.Errorf("cache-busting bot %s: banned by %v, want %s", ip, why[ip], RuleUARotation)
		}
	}
	for _, ip := range []string{queue, office} {
		if got[ip] >= 0 && slices.Contains(why[ip], RuleUARotation) {
			t.Errorf("%s banned by %v at its request %d", ip, why[ip], got[ip])
		}
	}
}

// TestUARotationNeedsTheRotation: the same flood from one browser user
// agent is no rotation (the flood model judges it), and neither is a
// search form submitted from the home page by people of a CGNAT (each
// loads the result's assets before the next person's search).
func TestUARotationNeedsTheRotation(t *testing.T) {
	t.Parallel()
	e := defaultEngine(t)
	for i := range 300 {
		v := observe(e, req{at: time.Duration(i) * 330 * time.Millisecond, ip: "203.0.113.9", path: "/", query: fmt.Sprintf("%d=%d", i, i*7), ua: chrome})
		for _, h := range v.Hits {
			if h.Rule == RuleUARotation {
				t.Fatalf("one user agent: ua-rotation hit at request %d", i)
			}
		}
	}
}
