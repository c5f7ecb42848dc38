package rules

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests hold the embedded default policy to the issue's "Defaults
// that must hold", through the reference model in refmodel_test.go.

func defaultPolicy(t *testing.T) *Policy {
	t.Helper()
	p, err := Default().Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

func req(client string, at time.Duration, method, path string, status int) request {
	return request{client: netip.MustParseAddr(client), time: t0.Add(at), method: method, path: path, status: status}
}

func banned(out map[netip.Prefix]*outcome, p *Policy, client string) *outcome {
	o := out[p.ClientKey(netip.MustParseAddr(client))]
	if o == nil {
		return &outcome{fired: map[string]int{}}
	}
	return o
}

// TestDefaultSparesAppClients: the CrowdSec hub's whitelist logs (Nextcloud,
// Jellyfin, Immich-like media and sync clients fetching many paths, 404s on
// previews, 403s on API calls) fire no rule at all.
func TestDefaultSparesAppClients(t *testing.T) {
	corpus := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(corpus, "crowdsec-hub/tests/*whitelist*/*.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := defaultPolicy(t)
	total := 0
	for _, f := range files {
		reqs := readCLF(t, f)
		total += len(reqs)
		for key, o := range replay(p, reqs) {
			if o.banned || len(o.fired) > 0 {
				t.Errorf("%s: %s fired %v (banned %v)", filepath.Base(f), key, o.fired, o.banned)
			}
		}
	}
	if total < 50 {
		t.Fatalf("read only %d requests from %d whitelist logs; the model's parser lost them", total, len(files))
	}
}

// TestDefaultCatchesCorpusAttacks: attacks in the corpus that the
// default throttles (not the pattern catalogue) are meant to stop.
func TestDefaultCatchesCorpusAttacks(t *testing.T) {
	corpus := corpusDir(t)
	p := defaultPolicy(t)
	for _, tc := range []struct {
		log, client, rule string
		ban               bool
	}{
		// (WordPress brute force is the [login] model's, which the
		// reference model does not run: detector/behaviour_test.go.)
		// Nikto's RFI run: ~40 distinct top-level names 404 in a second is
		// one scan violation (5 points); its RFI signatures do the rest.
		{"apache-http-probing/apache-http-probing.log", "172.17.0.1", "scan", false},
	} {
		out := replay(p, readCLF(t, filepath.Join(corpus, "crowdsec-hub/tests", tc.log)))
		o := banned(out, p, tc.client)
		if o.fired[tc.rule] == 0 || o.banned != tc.ban {
			t.Errorf("%s: %s fired %v banned %v, want %s to fire (ban %v)", tc.log, tc.client, o.fired, o.banned, tc.rule, tc.ban)
		}
	}
}

// TestDefaultSparesOfficeNAT: 30 minutes of a busy office behind one
// address, ~7 requests/s of pages with their assets in bursts, the usual
// browser 404s, and a user who mistypes a password twice.
func TestDefaultSparesOfficeNAT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const nat = "198.51.100.20"
	var reqs []request
	at := time.Duration(0)
	pages := 0
	for at < 30*time.Minute {
		// A page view: the page, then 30-90 assets within ~1.5s.
		pages++
		reqs = append(reqs, req(nat, at, "GET", fmt.Sprintf("/news/article-%d", rng.IntN(500)), 200))
		for i := range 30 + rng.IntN(60) {
			reqs = append(reqs, req(nat, at+time.Duration(i)*20*time.Millisecond, "GET", fmt.Sprintf("/static/img/%d.jpg", rng.IntN(2000)), 200))
		}
		for _, miss := range []string{"/favicon.ico", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png", "/robots.txt"} {
			if rng.IntN(4) == 0 {
				reqs = append(reqs, req(nat, at, "GET", miss, 404))
			}
		}
		// ~60 requests per page at 7 req/s: a page every ~8.5s.
		at += time.Duration(6000+rng.IntN(5000)) * time.Millisecond
	}
	// Someone signs in: wrong, wrong, right.
	reqs = append(reqs,
		req(nat, 10*time.Minute, "POST", "/login", 401),
		req(nat, 10*time.Minute+20*time.Second, "POST", "/login", 401),
		req(nat, 10*time.Minute+40*time.Second, "POST", "/login", 302),
		req(nat, 12*time.Minute, "POST", "/wp-login.php", 200),
		req(nat, 12*time.Minute+30*time.Second, "POST", "/wp-login.php", 200),
		req(nat, 12*time.Minute+50*time.Second, "POST", "/wp-login.php", 302),
	)
	sortReqs(reqs)
	rate := float64(len(reqs)) / (30 * 60)
	if rate < 6 || rate > 9 {
		t.Fatalf("synthetic office sends %.1f req/s, want ~7", rate)
	}
	p := defaultPolicy(t)
	o := banned(replay(p, reqs), p, nat)
	if o.banned || len(o.fired) > 0 {
		t.Errorf("office NAT (%.1f req/s, %d pages) fired %v, banned %v", rate, pages, o.fired, o.banned)
	}
}

// TestDefaultSparesCrawler: Googlebot at a brisk 3 pages/s for an hour,
// one in ten of them a removed page answering 404, all at the top level.
func TestDefaultSparesCrawler(t *testing.T) {
	const bot = "66.249.66.1"
	var reqs []request
	for i := range 3 * 3600 {
		status, path := 200, fmt.Sprintf("/blog/post-%d", i)
		if i%10 == 0 {
			status, path = 404, fmt.Sprintf("/old-post-%d", i)
		}
		reqs = append(reqs, req(bot, time.Duration(i)*time.Second/3, "GET", path, status))
	}
	p := defaultPolicy(t)
	if o := banned(replay(p, reqs), p, bot); o.banned || len(o.fired) > 0 {
		t.Errorf("crawler fired %v, banned %v", o.fired, o.banned)
	}
}

// TestDefaultSparesSyncClient: a Nextcloud desktop client's initial sync
// at 60 requests/s for five minutes: WebDAV PROPFIND and GET on thousands
// of distinct paths, 404s on previews and avatars, from an IPv6 address.
func TestDefaultSparesSyncClient(t *testing.T) {
	const client = "2001:db8:aa:bb::17"
	var reqs []request
	methods := []string{"PROPFIND", "GET", "GET", "PUT"}
	for i := range 60 * 300 {
		at := time.Duration(i) * time.Second / 60
		switch {
		case i%7 == 0:
			reqs = append(reqs, req(client, at, "GET", fmt.Sprintf("/index.php/core/preview/%d", i), 404))
		case i%11 == 0:
			reqs = append(reqs, req(client, at, "GET", fmt.Sprintf("/avatar/user%d/64", i%300), 404))
		default:
			reqs = append(reqs, req(client, at, methods[i%4], fmt.Sprintf("/remote.php/dav/files/alice/Photos/%d/IMG_%d.jpg", i/100, i), 207))
		}
	}
	p := defaultPolicy(t)
	if o := banned(replay(p, reqs), p, client); o.banned || len(o.fired) > 0 {
		t.Errorf("sync client fired %v, banned %v", o.fired, o.banned)
	}
}

func TestDefaultCatchesAbuse(t *testing.T) {
	p := defaultPolicy(t)
	for _, tc := range []struct {
		name string
		reqs func() []request
		rule string
	}{
		{"flood 300 req/s", func() []request {
			var r []request
			for i := range 300 * 20 {
				r = append(r, req("203.0.113.1", time.Duration(i)*time.Second/300, "GET", "/", 200))
			}
			return r
		}, "flood"},
		{"wordlist scanner", func() []request {
			var r []request
			for i := range 200 {
				r = append(r, req("203.0.113.2", time.Duration(i)*50*time.Millisecond, "GET", fmt.Sprintf("/word%d", i), 404))
			}
			return r
		}, "scan"},
		{"fast form brute force answered 200", func() []request {
			var r []request
			for i := range 60 { // two a second
				r = append(r, req("203.0.113.4", time.Duration(i)*500*time.Millisecond, "POST", "/apps/login", 200))
			}
			return r
		}, "login-burst"},
		{"trap", func() []request {
			return []request{req("203.0.113.5", 0, "GET", "/boaform/admin/formLogin", 404)}
		}, "trap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reqs := tc.reqs()
			o := banned(replay(p, reqs), p, reqs[0].client.String())
			if !o.banned || o.fired[tc.rule] == 0 {
				t.Errorf("fired %v, banned %v; want %s to fire and ban", o.fired, o.banned, tc.rule)
			}
		})
	}
}

// TestLoginRegex pins what the default [login] model counts as a login.
func TestLoginRegex(t *testing.T) {
	p := defaultPolicy(t)
	if p.Login == nil || p.Login.Path == nil {
		t.Fatal("no [login] model with a path regex")
	}
	re := struct{ Path PathMatch }{PathMatch{Regex: p.Login.Path}}
	for _, path := range []string{"/oauth/token", "/oauth2/token", "/api/auth/token", "/api/login", "/api/v1/sessions",
		"/session", "/xmlrpc.php", "/api/v1/auth", "/connect/token", "/login", "/login/", "/user/login", "/wp-login.php", "/users/sign_in",
		"/Users/AuthenticateByName", "/j_security_check", "/Account/LogOn", "/api/v4/users/login",
		"/index.php/login", "/signin", "/auth/sign-in", "/admin/login.php", "/login.action",
		"/realms/main/login-actions/authenticate"} {
		if !re.Path.Regex.MatchString(path) {
			t.Errorf("login regex misses %s", path)
		}
	}
	for _, path := range []string{"/index.php/login/v2/poll", "/login/v2/poll", "/Sessions/Playing/Progress", "/api/v1/tokens/abc", "/api/token/refresh",
		"/apps/text/session/4197657/push", "/logout", "/blog/logging-in-practice", "/signin-oidc",
		"/remote.php/dav/files/alice/login.txt/x", "/", "/auth/login_flow/abc"} {
		if re.Path.Regex.MatchString(path) {
			t.Errorf("login regex matches %s", path)
		}
	}
}

// TestDefaultTrapsSpareCorpus: no request of any corpus log whose client
// is not an expected offender hits a default trap.
func TestDefaultTrapsSpareCorpus(t *testing.T) {
	corpus := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(corpus, "crowdsec-hub/tests/*whitelist*/*.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := defaultPolicy(t)
	for _, f := range files {
		for _, r := range readCLF(t, f) {
			for _, tm := range p.Traps {
				if pathMatches(tm, r.path) {
					t.Errorf("%s: trap %+v matches legitimate %s", filepath.Base(f), tm, r.path)
				}
			}
		}
	}
	for _, path := range []string{"/", "/index.html", "/wp-login.php", "/wp-admin/setup-config.php",
		"/remote.php/dav", "/HNAPs", "/dana", "/tmuix"} {
		for _, tm := range p.Traps {
			if pathMatches(tm, path) && !strings.HasPrefix(path, "/HNAP1") {
				t.Errorf("trap %+v matches %s", tm, path)
			}
		}
	}
}

func sortReqs(r []request) {
	slices.SortStableFunc(r, func(a, b request) int { return a.time.Compare(b.time) })
}
