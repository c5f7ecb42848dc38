package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// Endpoints that accept any visitor's POST with 202/204 or a tiny 200
// (analytics beacons, WordPress heartbeat, wp-json, CSP reports, GraphQL
// persisted queries) are no ingestion agents: a flood of them from one
// address is banned like any POST flood. ec010d5 spared accepted pushes
// and its review showed 20-60/s floods of these never banned; it was
// taken back. A real agent (Loki, remote-write) is allowed by address
// ([allow]) until an operator-listed ingestion path exists.

// TestOpenAcceptedEndpointFloodsBanned (review rev-ingest s11 of ec010d5, taken back): unauthenticated
// endpoints that answer a POST 204/202/200-tiny to anyone, flooded from one
// address for 10 minutes. Each must be banned.
func TestOpenAcceptedEndpointFloodsBanned(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(91, 92))
	reqs := background(rng, 12*time.Minute)
	floods := map[string]string{}
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	sz := func(n int64) func(int) int64 { return func(int) int64 { return n } }
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for k, f := range []struct {
		name   string
		status int
		path   string
		size   int64
	}{
		{"wp heartbeat admin-ajax 200 48B", 200, "/wp-admin/admin-ajax.php", 48},
		{"wp-json 200 {}", 200, "/wp-json/wp/v2/statistics", 2},
		{"matomo.php 204", 204, "/matomo.php", 0},
		{"plausible /api/event 202", 202, "/api/event", 2},
		{"ga /collect 204", 204, "/collect", 0},
		{"graphql persisted 200 tiny", 200, "/graphql", 40},
		{"csp report 204", 204, "/csp-report", 0},
	} {
		for j, rate := range []float64{20, 40, 50, 100} {
			ip := fmt.Sprintf("%d.%d.7.9", 60+k, 20+j)
			floods[ip] = fmt.Sprintf("%s at %.0f/s", f.name, rate)
			reqs = append(reqs, posts(ip, ua, time.Minute, rate, int(600*rate), f.status, fixed(f.path), nil, sz(f.size))...)
		}
	}
	checkFloodsBanned(t, reqs, floods, " in 10 min")
}

// TestOpenAcceptedEndpointRateSweep: one open 204 endpoint (matomo.php)
// flooded at 50-90/s for 10 min must be banned: an answer of 204 is no
// proof of an authenticated agent (ec010d5 spared such pushes and let
// 50-60/s through for good).
func TestOpenAcceptedEndpointRateSweep(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(97, 98))
	reqs := background(rng, 12*time.Minute)
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	none := func(int) int64 { return 0 }
	fl := map[string]float64{}
	for j, rate := range []float64{50, 55, 60, 70, 80, 90} {
		ip := fmt.Sprintf("70.%d.7.9", 20+j)
		fl[ip] = rate
		reqs = append(reqs, posts(ip, "Go-http-client/1.1", time.Minute, rate, int(600*rate), 204, fixed("/matomo.php"), nil, none)...)
	}
	at, why := runSized(defaultEngine(t), sortedSized(reqs))
	for ip, n := range at {
		if r, ok := fl[ip]; ok {
			if n < 0 {
				t.Errorf("matomo 204 flood at %.0f/s never banned in 10 min", r)
			} else {
				t.Logf("matomo 204 flood at %.0f/s banned at request %d (%.0f s) %v", r, n, float64(n)/r, why[ip])
			}
		} else if n >= 0 {
			t.Errorf("benign %s banned %v", ip, why[ip])
		}
	}
}
