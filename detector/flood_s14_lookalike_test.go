package detector

import (
	"fmt"
	"testing"
	"time"
)

// s14Lookalike is a flood shaped like one of the busy benign clients the
// realistic sets (bench/detect/realistic benign4-6) see banned for
// flood-rate: the same method, paths, user agents and Referers, at the
// benign client's own rate (10/s when it ran slower), for 15 s, the
// shortest flood the issue names.
type s14Lookalike struct {
	name   string
	rate   float64 // requests per second
	at     int     // at most this many requests let through before the ban
	shaped func(i int) req
}

// s14Lookalikes: why session 14 left those benign clients banned. Nothing
// in the benign client's requests told it apart from its look-alike flood:
// one address, 10-60 requests a second, paths, user agents, methods,
// Referers and answers a flood sends as cheaply (a new id or cursor in
// each path costs a flood nothing). And the look-alikes are let through
// too long already: those at 50-60/s 4.4-5.7 % of their 15 s, those at
// 10-20/s 6.3-21.7 % (1.5-3.5 units a request against floor 20), the
// N+1 calls at 16/s 77.9 % (a tool's distinct pages cost 1.5 units: 24
// units/s, 4 over the floor). A credit sized for the benign shapes (their
// bursts ran 60-800 requests, their bans came at the 21st-3,243rd request)
// would let all 15 s of each look-alike through. The bounds are today's
// figures, so that a change letting one of these floods through longer
// fails (floor 24 fails 9 of them, repeat_cost 1.75 fails 5).
var s14Lookalikes = []s14Lookalike{
	{"terraform-plan-refresh-burst: GET of a new resource id, 55/s", 55, 41, func(i int) req {
		return req{path: fmt.Sprintf("/v2/volumes/%d", 100000+i*7919%900000), ua: "Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-examplecloud/2.3.1"}
	}},
	{"go-module-proxy-ci: .info and .mod of new modules, 50/s", 50, 43, func(i int) req {
		return req{path: fmt.Sprintf("/github.com/org%d/mod/@v/v1.%d.0.%s", i*37%997, i%40, []string{"info", "mod"}[i%2]), ua: "Go-http-client/1.1"}
	}},
	{"push-open-stampede-cgnat: two app user agents, new API paths, 60/s", 60, 40, func(i int) req {
		return req{path: fmt.Sprintf("/api/v3/products/%d", 1+i*7919%99991), ua: []string{
			"ExampleFashion/7.12.0 (iPhone; iOS 18.1.1; Scale/3.00)",
			"ExampleFashion/7.12.0 (Android 14; SM-A546B) okhttp/4.12.0"}[i*7%3%2]}
	}},
	{"game-lan-venue-matchmaking: one user agent polling new ticket ids, 50/s", 50, 43, func(i int) req {
		return req{path: fmt.Sprintf("/v1/matchmaking/tickets/%08x-3707-1d88-40db-bbad3643de36", i*2654435761%(1<<32)), ua: "UnityPlayer/2022.3.45f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"}
	}},
	{"lemmy-federation-vote-burst: POST /inbox, 20/s", 20, 19, func(int) req {
		return req{method: "POST", path: "/inbox", ua: "Lemmy/0.19.7; +https://lemmy.example"}
	}},
	{"admin-curl-bulk-user-import: curl POST /api/v1/users, 201/409, 12/s", 12, 26, func(i int) req {
		return req{method: "POST", path: "/api/v1/users", status: []int{201, 201, 201, 409}[i%4], ua: "curl/8.5.0"}
	}},
	{"saas-elt-cursor-export: one API path, a new cursor each time, 10/s", 10, 31, func(i int) req {
		return req{path: "/api/v2/contacts", query: fmt.Sprintf("limit=100&cursor=%024x", i*2654435761), ua: "python-requests/2.32.3"}
	}},
	{"erp-sync-openapi-429: N+1 calls on new customer ids, 16/s", 16, 187, func(i int) req {
		return req{path: fmt.Sprintf("/v3/customers/%d/%s", 100000+i/2*7919%900000, []string{"addresses", "price-lists"}[i%2]), ua: "OpenAPI-Generator/3.2.0/python"}
	}},
	{"flash-sale-countdown-cgnat: one page, its own Referer, three mobile browsers, 15/s", 15, 32, func(i int) req {
		return req{path: "/launch/countdown", referer: "https://shop.example/launch/countdown", ua: s14Mobile[i*7%5%3]}
	}},
	{"ticket-onsale-waiting-room: /queue/status from /queue, three mobile browsers, 12/s", 12, 39, func(i int) req {
		return req{path: "/queue/status", referer: "https://tickets.example/queue", ua: s14Mobile[i*7%5%3]}
	}},
	// Session 17 (benign9, left banned): a cold Bazel cache's misses are
	// a random-hash flood answered 404; a till's catalogue paging is a
	// deep-pagination flood (a new page= each time); a hotel NAT's
	// break is one page without a Referer from several browsers.
	{"bazel-remote-cache-cold-ci-misses: GET /ac/<new sha256> 404, 120/s", 120, 35, func(i int) req {
		return req{path: fmt.Sprintf("/ac/%016x%016x%016x%016x", i*2654435761, i*40503, i*2246822519, i*3266489917), status: 404, ua: "bazel/7.4.1"}
	}},
	{"bazel-remote-cache warm: GET /ac/<new sha256> 200, 120/s", 120, 35, func(i int) req {
		return req{path: fmt.Sprintf("/ac/%016x%016x%016x%016x", i*2654435761, i*40503, i*2246822519, i*3266489917), ua: "bazel/7.4.1"}
	}},
	{"pos-terminals-store-opening-sync: catalogue delta, a new page= each, 15/s", 15, 22, func(i int) req {
		return req{path: "/api/pos/v3/catalog/delta", query: fmt.Sprintf("since=2026-12-01T21:00:00Z&page=%d&store=104", i), ua: "TPV-Retail/4.2.7 (Windows NT 10.0; .NET 8.0.11)"}
	}},
	{"conference-hotel-wifi-400-attendees: /schedule without a Referer, three mobile browsers, 20/s", 20, 20, func(i int) req {
		return req{path: "/schedule", ua: s14Mobile[i*7%5%3]}
	}},
}

var s14Mobile = []string{
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
}

// TestFloodS14BenignLookalikesBanned holds each look-alike flood to its
// bound: a credit, spare or discount for one of these benign shapes that
// lets its look-alike flood through longer fails here.
func TestFloodS14BenignLookalikesBanned(t *testing.T) {
	t.Parallel()
	for k, l := range s14Lookalikes {
		ip := fmt.Sprintf("198.18.%d.14", 140+k) // one /24 each: no prefix aggregate
		n := int(15 * l.rate)
		reqs := make([]req, n)
		for i := range reqs {
			r := l.shaped(i)
			r.ip, r.at = ip, time.Duration(float64(i)/l.rate*float64(time.Second))
			reqs[i] = r
		}
		at, why := run(defaultEngine(t), reqs)
		switch {
		case at[ip] < 0:
			t.Errorf("%s: never banned in %d requests", l.name, n)
		case at[ip] > l.at:
			t.Errorf("%s: %d of %d requests let through before the ban (%.1f %%), want at most %d %v", l.name, at[ip], n, 100*float64(at[ip])/float64(n), l.at, why[ip])
		default:
			t.Logf("%s: %d of %d requests let through before the ban (%.1f %%) %v", l.name, at[ip], n, 100*float64(at[ip])/float64(n), why[ip])
		}
	}
}
