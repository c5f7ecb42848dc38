package detector

import (
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestLoginProvenCISuite: benign5 playwright-e2e-ci's shape. A CI runner's
// 4 workers sign in once per test: GET /login and its assets, POST
// /api/auth/login answered 200 (or 401 for a wrong-password test, about
// 1 in 5), then pages of the app; 54 login POSTs a minute at the peak.
// Before, login-burst (30 a minute) banned both runners; now its 2xx
// answers, from a path that refuses this client 401, are proven successes
// and not counted. Still banned: a guesser on a Laravel form that answers
// every attempt 302 (no 2xx is proven there) at 60 a minute, and one on
// the same JSON path answered 401 at 60 a minute.
func TestLoginProvenCISuite(t *testing.T) {
	t.Parallel()
	const ci, laravel, json = "37.98.24.222", "45.155.205.1", "45.155.205.2"
	ua := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36"
	ref := "https://staging.example-saas.io/login"
	var reqs []req
	for i := range 160 { // ~1.1 s apart: 54 a minute
		at := time.Duration(i) * 1100 * time.Millisecond
		st := 200
		if i%5 == 2 {
			st = 401
		}
		reqs = append(reqs,
			req{at: at, ip: ci, path: "/login", ua: ua},
			req{at: at + 100*time.Millisecond, ip: ci, path: "/assets/app.js", ua: ua, referer: ref},
			req{at: at + 300*time.Millisecond, ip: ci, method: "POST", path: "/api/auth/login", status: st, ua: ua, referer: ref},
			req{at: at + 500*time.Millisecond, ip: ci, path: "/dashboard", ua: ua, referer: ref})
		reqs = append(reqs,
			req{at: at, ip: laravel, method: "POST", path: "/login", status: 302, ua: chrome, referer: "https://shop.example/login"},
			req{at: at + 500*time.Millisecond, ip: json, method: "POST", path: "/api/auth/login", status: 401, ua: chrome, referer: ref})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	if got[ci] >= 0 {
		t.Errorf("CI suite banned at its request %d by %v", got[ci], why[ci])
	}
	for _, ip := range []string{laravel, json} {
		if got[ip] < 0 {
			t.Errorf("guesser %s never banned", ip)
		}
	}
}

// TestLoginProvenOnlyPathThrottles: a proven success is spared only by a
// throttle of a path with no statuses; one naming statuses counts what it
// names (a policy counting 200s at a login path keeps counting them).
func TestLoginProvenOnlyPathThrottles(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := *p
	q.Throttles = append(slices.Clone(p.Throttles), rules.Throttle{ID: "login-200", Methods: []string{"POST"}, Statuses: []int{200},
		Path: &rules.PathMatch{Prefix: "/api/auth/login"}, Limit: 5, Window: time.Minute, Weight: 10})
	e := New(&q, Options{})
	observe(e, req{at: 0, ip: "37.98.24.222", method: "POST", path: "/api/auth/login", status: 401, ua: chrome})
	var hit bool
	for i := range 8 {
		v := observe(e, req{at: time.Duration(i+1) * time.Second, ip: "37.98.24.222", method: "POST", path: "/api/auth/login", status: 200, ua: chrome})
		for _, h := range v.Hits {
			hit = hit || h.Rule == "login-200"
		}
	}
	if !hit {
		t.Errorf("a throttle naming 200 was spared the proven successes")
	}
}

// TestLoginProven403ProvesNothing (review rev-abuse s13): a stuffer on a
// JSON login that answers wrong passwords 200 sends one POST without its
// CSRF header (403) every 10 minutes; before, each 403 made its 200s
// "proven" and login-burst let ~4,200 guesses through in 25 minutes. A 403
// is what a CSRF check answers to any POST: it proves nothing, and the
// stuffer is banned by login-burst as if it had never sent one.
func TestLoginProven403ProvesNothing(t *testing.T) {
	t.Parallel()
	const ip = "193.32.162.50"
	var reqs []req
	for i := range 600 { // 3 a second
		at := time.Duration(i) * 333 * time.Millisecond
		if i%200 == 0 {
			reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/api/auth/login", status: 403, ua: chrome})
			continue
		}
		reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/api/auth/login", status: 200, ua: chrome})
	}
	got, why := run(defaultEngine(t), reqs)
	if got[ip] < 0 || !slices.Contains(why[ip], "login-burst") {
		t.Errorf("stuffer with a 403 every 200 POSTs: banned at %d by %v, want login-burst", got[ip], why[ip])
	}
}

// TestLoginProvenSparesOnlyLoginBurst: a proven success (after a 401) is
// not counted by login-burst, but an operator's own throttle of the login
// path, without statuses, still counts it.
func TestLoginProvenSparesOnlyLoginBurst(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := *p
	q.Throttles = append(slices.Clone(p.Throttles), rules.Throttle{ID: "api-login-cap", Methods: []string{"POST"},
		Path: &rules.PathMatch{Prefix: "/api/auth/login"}, Limit: 5, Window: time.Minute, Weight: 10})
	e := New(&q, Options{})
	observe(e, req{at: 0, ip: "37.98.24.222", method: "POST", path: "/api/auth/login", status: 401, ua: chrome})
	hits := map[string]bool{}
	for i := range 100 { // 2 a second: login-burst's 30 a minute overflows after ~40
		v := observe(e, req{at: time.Duration(i+1) * 500 * time.Millisecond, ip: "37.98.24.222", method: "POST", path: "/api/auth/login", status: 200, ua: chrome})
		for _, h := range v.Hits {
			hits[h.Rule] = true
		}
	}
	if !hits["api-login-cap"] {
		t.Errorf("the operator's throttle of the login path was spared the proven successes: %v", hits)
	}
	if hits["login-burst"] {
		t.Errorf("login-burst counted proven successes: %v", hits)
	}
}
