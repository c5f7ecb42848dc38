package detector

import (
	"testing"
	"time"
)

// TestLoginRedirectRefusal: forms answering every POST 302 show the
// refusal where the redirect lands (Jenkins's /loginError 401, Spring
// Security's /login?error, Grails's /login/authfail?login_error=1). A
// guesser following the redirect counted successes only and was never
// banned (realistic attacks4 jenkins-script-console); people mistyping
// and signing in, and a monitor signing in every minute, are not.
func TestLoginRedirectRefusal(t *testing.T) {
	t.Parallel()
	const form = "https://ci.example/login"
	var reqs []req
	guess := func(ip, post string, n int, gap time.Duration, landing, query string, status int, ref string) {
		reqs = append(reqs, req{at: 0, ip: ip, method: "GET", path: "/login", ua: chrome})
		for k := range n {
			at := time.Second + time.Duration(k)*gap
			reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: post, status: 302, ua: chrome, referer: ref},
				req{at: at + 300*time.Millisecond, ip: ip, method: "GET", path: landing, query: query, status: status, ua: chrome, referer: ref})
		}
	}
	guess("141.98.11.1", "/j_spring_security_check", 30, 5*time.Second, "/loginError", "", 401, form)                   // Jenkins
	guess("141.98.11.2", "/login", 30, 3*time.Second, "/login", "error", 200, "")                                       // Spring, a tool
	guess("141.98.11.3", "/j_spring_security_check", 30, 12*time.Second, "/login/authfail", "login_error=1", 200, form) // Grails
	// People: mistyping twice (an asset of the error page between), then in.
	user := "84.3.170.41"
	reqs = append(reqs, req{at: 0, ip: user, method: "GET", path: "/login", ua: chrome})
	for k := range 3 {
		at := time.Duration(10+15*k) * time.Second
		landing, status := "/loginError", 401
		if k == 2 {
			landing, status = "/", 200
		}
		reqs = append(reqs, req{at: at, ip: user, method: "POST", path: "/login", status: 302, ua: chrome, referer: form},
			req{at: at + 200*time.Millisecond, ip: user, method: "GET", path: landing, status: status, ua: chrome, referer: form},
			req{at: at + 500*time.Millisecond, ip: user, method: "GET", path: "/static/styles.css", ua: chrome, referer: "https://ci.example" + landing})
	}
	// A monitor signing in every 60 s, landing on its dashboard.
	for k := range 40 {
		at := time.Duration(k) * time.Minute
		reqs = append(reqs, req{at: at, ip: "69.162.124.9", method: "POST", path: "/login", status: 302, ua: "monitor/1.0"},
			req{at: at + 100*time.Millisecond, ip: "69.162.124.9", method: "GET", path: "/dashboard", ua: "monitor/1.0"})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, within := range map[string]int{"141.98.11.1": 1 + 2*4, "141.98.11.2": 1 + 2*3, "141.98.11.3": 1 + 2*4} {
		if n := got[ip]; n < 0 || n > within {
			t.Errorf("guesser %s banned at its request %d (%v), want within %d", ip, n, why[ip], within)
		}
	}
	for _, ip := range []string{user, "69.162.124.9"} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}

// TestFixAbuseS12RedirectLandingNamesLogin: a signed-in user's landing
// page answered 403 or naming a failure is no refusal unless its path
// names a login (review s12 item 3: a synthetic check signing in every 5
// minutes to watch Laravel Horizon's /horizon/failed was banned by
// login-guess). Jenkins's /loginError 401 still is.
func TestFixAbuseS12RedirectLandingNamesLogin(t *testing.T) {
	t.Parallel()
	var reqs []req
	lands := map[string][3]string{ // ip: landing path, query, status
		"3.120.44.18": {"/horizon/failed", "", "200"},
		"3.120.44.19": {"/jobs", "status=failed", "200"},
		"3.120.44.20": {"/admin", "", "403"},
		"3.120.44.21": {"/authors/errors", "", "200"},
	}
	for ip, l := range lands {
		st := 200
		if l[2] == "403" {
			st = 403
		}
		for k := range 40 {
			at := time.Duration(k) * 5 * time.Minute
			reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/login", status: 302, ua: chrome, referer: "https://ops.example/login"},
				req{at: at + 200*time.Millisecond, ip: ip, method: "GET", path: l[0], query: l[1], status: st, ua: chrome, referer: "https://ops.example/login"})
		}
	}
	g := "141.98.11.9"
	for k := range 30 {
		at := time.Duration(k) * 5 * time.Second
		reqs = append(reqs, req{at: at, ip: g, method: "POST", path: "/j_spring_security_check", status: 302, ua: chrome, referer: "https://ci.example/login"},
			req{at: at + 300*time.Millisecond, ip: g, method: "GET", path: "/loginError", status: 401, ua: chrome, referer: "https://ci.example/login"})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip := range lands {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s landing on %v banned at its request %d (%v)", ip, lands[ip], n, why[ip])
		}
	}
	if n := got[g]; n < 0 || n > 2*4 {
		t.Errorf("Jenkins guesser banned at its request %d (%v), want by its 4th guess", n, why[g])
	}
}
