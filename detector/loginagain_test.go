package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginAgain: logins that answer a refused password with the form
// again, 200, on a path form_regex does not know (TYPO3's backend,
// gnuboard's login_check.php) counted every guess a success: guessers
// there were never banned (attacks9 typo3-backend-login-guessing-school-
// vhosts, gnuboard-login-guessing-kr-forum-http3-users). The next login
// POST tells a refusal (the client posts again, at most the form between)
// from a success (the client uses the site). People mistyping and then
// signing in, a success answered 200 followed by the application's pages,
// and a NAT whose users' sign-ins fall between other people's pages stay
// unbanned.
func TestLoginAgain(t *testing.T) {
	t.Parallel()
	const (
		typo3   = "https://school.example/typo3/"
		firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
	)
	var reqs []req
	// TYPO3: the form, then the POST with its Referer, every 2 s.
	for k := range 40 {
		at := time.Duration(2*k) * time.Second
		reqs = append(reqs, req{at: at, ip: "178.128.132.67", path: "/typo3/", ua: firefox},
			req{at: at + time.Second, ip: "178.128.132.67", method: "POST", path: "/typo3/login", query: "loginProvider=1433416747", ua: firefox, referer: typo3})
	}
	// A home address: the form and a POST every 10 minutes, 5 times.
	for k := range 5 {
		at := time.Duration(k) * 10 * time.Minute
		reqs = append(reqs, req{at: at, ip: "95.208.46.26", path: "/typo3/", ua: firefox},
			req{at: at + time.Second, ip: "95.208.46.26", method: "POST", path: "/typo3/login", query: "loginProvider=1433416747", ua: firefox, referer: typo3})
	}
	// gnuboard stuffing: POSTs with the form's Referer every ~35 s, a hit
	// (302) at the 3rd that is never followed.
	for k := range 8 {
		st := 200
		if k == 2 {
			st = 302
		}
		reqs = append(reqs, req{at: time.Duration(35*k) * time.Second, ip: "218.120.49.206", method: "POST", path: "/bbs/login_check.php", status: st, ua: chrome, referer: "https://forum.example/bbs/login.php"})
	}
	// gnuboard from a VPS: blind POSTs every 4 s (the form loop's).
	for k := range 30 {
		reqs = append(reqs, req{at: time.Duration(4*k) * time.Second, ip: "175.45.77.199", method: "POST", path: "/bbs/login_check.php", ua: "python-requests/2.31.0"})
	}
	// A teacher: three typos, then in (303), then the backend's pages.
	teacher := func(ip string, at time.Duration, typos int, okStatus int) {
		for k := range typos + 1 {
			st := 200
			if k == typos {
				st = okStatus
			}
			a := at + time.Duration(20*k)*time.Second
			reqs = append(reqs, req{at: a, ip: ip, path: "/typo3/", ua: firefox},
				req{at: a + time.Second, ip: ip, method: "POST", path: "/typo3/login", query: "loginProvider=1433416747", status: st, ua: firefox, referer: typo3})
		}
		for k := range 12 {
			a := at + time.Duration(20*(typos+1)+30*k)*time.Second
			reqs = append(reqs, req{at: a, ip: ip, path: fmt.Sprintf("/typo3/module/web/layout/%d", k), query: "token=x", ua: firefox, referer: typo3})
		}
	}
	teacher("85.22.53.10", 0, 3, 303)
	// A success answered 200 (the dashboard), after two typos.
	teacher("85.22.53.11", 0, 2, 200)
	// A school NAT: 30 teachers, one to three typos each, among others' pages.
	for u := range 30 {
		teacher("85.22.53.167", time.Duration(u)*90*time.Second, 1+u%3, 303)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, within := range map[string]int{
		"178.128.132.67": 2 * 4, // the 4th POST
		"95.208.46.26":   2 * 4,
		"218.120.49.206": 6,
		"175.45.77.199":  10, // form-loop
	} {
		if n := got[ip]; n < 0 || n >= within {
			t.Errorf("guesser %s banned at its request %d (%v), want before %d", ip, n, why[ip], within)
		}
	}
	for _, ip := range []string{"85.22.53.10", "85.22.53.11", "85.22.53.167"} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}

// TestRefusedWrites: one client writing to one endpoint that refuses or
// throttles every write, at a second's pace or more for minutes, with
// nothing else (forged webhooks 400 at 2/s; SMS pumping every 2 s, 429
// ignored) is banned; a forwarder with a wrong secret (one 400 per event),
// a sync honouring 429, a slow poller with a stale token and a client that
// gets pages between its refused writes are not.
func TestRefusedWrites(t *testing.T) {
	t.Parallel()
	var reqs []req
	for k := range 1200 { // 2/s for 10 min
		reqs = append(reqs, req{at: time.Duration(k) * 500 * time.Millisecond, ip: "159.223.218.182", method: "POST", path: "/webhooks/stripe", status: 400, ua: "Stripe/1.0"})
	}
	for k := range 300 { // every 2 s, 429 after 100 s
		st := 200
		if k >= 50 {
			st = 429
		}
		reqs = append(reqs, req{at: time.Duration(2*k) * time.Second, ip: "43.153.39.149", method: "POST", path: "/api/v1/auth/otp/send", status: st, ua: "okhttp/4.9.3"})
	}
	for k := range 30 { // a forwarder: one event every 2 min
		reqs = append(reqs, req{at: time.Duration(k) * 2 * time.Minute, ip: "212.78.88.67", method: "POST", path: "/webhooks/stripe", status: 400, ua: "Stripe/1.0"})
	}
	// A sync honouring 429: 2 writes a second for 30 s, then 60 s of rest.
	for b := range 8 {
		for k := range 60 {
			st := 201
			if k >= 20 {
				st = 429
			}
			reqs = append(reqs, req{at: time.Duration(b)*90*time.Second + time.Duration(k)*500*time.Millisecond, ip: "52.1.2.3", method: "PUT", path: "/api/items", status: st, ua: "sync/2.0"})
		}
	}
	for k := range 400 { // a stale token every 3 s for 20 min
		reqs = append(reqs, req{at: time.Duration(3*k) * time.Second, ip: "52.1.2.4", method: "POST", path: "/api/v1/events", status: 401, ua: "agent/1.0"})
	}
	for k := range 900 { // refused writes at 1.5/s, a page every 4
		ip := "52.1.2.5"
		at := time.Duration(k) * 666 * time.Millisecond
		reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/api/cart", status: 409, ua: chrome})
		if k%4 == 3 {
			reqs = append(reqs, req{at: at + 100*time.Millisecond, ip: ip, path: "/cart", ua: chrome})
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, within := range map[string]int{"159.223.218.182": 2*300 + 10, "43.153.39.149": 50 + 150 + 5} {
		if n := got[ip]; n < 0 || n > within {
			t.Errorf("%s banned at its request %d (%v), want within %d", ip, n, why[ip], within)
		}
	}
	for _, ip := range []string{"212.78.88.67", "52.1.2.3", "52.1.2.4", "52.1.2.5"} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
