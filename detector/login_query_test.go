package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginNamedInQueryOrOTP: logins named in the query (Roundcube's
// /?_task=login, OpenCart's index.php?route=account/login, phpBB's
// ucp.php?mode=login) and one-time-code endpoints (/api/v1/auth/verify-otp,
// /api/v1/2fa/verify) refusing 401/422: a guesser POSTing there every 3 s,
// nothing else, was never banned (review s9 attacks A1, A18: 1,300 guesses
// an hour); now within its 5th guess. A user mistyping once and then
// getting in is not banned, and a POST answered 2xx with "login" in its
// query is no success that could pay for refusals (only refusals count
// there).
func TestLoginNamedInQueryOrOTP(t *testing.T) {
	t.Parallel()
	for i, c := range []struct {
		path, query string
		status      int
	}{{"/", "_task=login", 401}, {"/index.php", "route=account/login", 401}, {"/ucp.php", "mode=login", 403},
		{"/api/v1/auth/verify-otp", "", 401}, {"/api/v1/2fa/verify", "", 401}, {"/api/v1/mfa/challenge", "", 422}} {
		ip := fmt.Sprintf("193.36.4.%d", 10+i)
		reqs := burst(ip, 40, 0, 3*time.Second, req{method: "POST", path: c.path, query: c.query, status: c.status, ua: chrome})
		user := fmt.Sprintf("198.51.100.%d", 30+i)
		reqs = append(reqs, req{at: 2 * time.Second, ip: user, path: "/", ua: chrome},
			req{at: 9 * time.Second, ip: user, method: "POST", path: c.path, query: c.query, status: c.status, ua: chrome, referer: "https://mail.example/"},
			req{at: 15 * time.Second, ip: user, method: "POST", path: c.path, query: c.query, status: 302, ua: chrome, referer: "https://mail.example/"})
		// A guesser interleaving POSTs answered 200 with login in the query.
		buy := fmt.Sprintf("193.36.5.%d", 10+i)
		for k := range 40 {
			reqs = append(reqs, req{at: time.Duration(k) * 3 * time.Second, ip: buy, method: "POST", path: c.path, query: c.query, status: c.status, ua: chrome},
				req{at: time.Duration(k)*3*time.Second + time.Second, ip: buy, method: "POST", path: "/", query: "login=1", status: 200, ua: chrome})
		}
		at, why := run(defaultEngine(t), sorted(reqs))
		if n := at[ip]; n < 0 || n > 5 {
			t.Errorf("guesser on %s?%s answered %d banned at its request %d (%v), want within 5", c.path, c.query, c.status, n, why[ip])
		}
		if n := at[buy]; n < 0 || n > 14 {
			t.Errorf("guesser on %s?%s with POSTs answered 200 between banned at its request %d (%v), want within 14", c.path, c.query, n, why[buy])
		}
		if n := at[user]; n >= 0 {
			t.Errorf("user mistyping once on %s?%s banned (%v)", c.path, c.query, why[user])
		}
	}
}
