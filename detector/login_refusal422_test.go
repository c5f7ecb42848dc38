package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestJSONLoginRefusals: JSON login APIs refuse a wrong password 422
// (Laravel's ValidationException, Rails/Devise-JWT apps) or, Django REST
// Framework's /api-token-auth/ and dj-rest-auth, 400. A guesser POSTing
// nothing but guesses there, one every 3 s, was never banned (review s9
// attack A2: 1,300 guesses an hour each); now at its 3rd (the quick rule:
// no Referer, nothing but refusals). A user who mistypes once and then
// signs in (200) is not banned.
func TestJSONLoginRefusals(t *testing.T) {
	t.Parallel()
	for i, c := range []struct {
		path   string
		status int
	}{{"/api/login", 422}, {"/api/v1/sessions", 422}, {"/api-token-auth/", 400}, {"/api/auth/token-auth", 400}} {
		ip := fmt.Sprintf("193.36.8.%d", 10+i)
		reqs := burst(ip, 40, 0, 3*time.Second, req{method: "POST", path: c.path, status: c.status, ua: "python-requests/2.32.3"})
		// A user: the page, a mistyped password, then the right one.
		user := fmt.Sprintf("198.51.100.%d", 10+i)
		reqs = append(reqs, req{at: 2 * time.Second, ip: user, path: "/login", ua: chrome},
			req{at: 9 * time.Second, ip: user, method: "POST", path: c.path, status: c.status, ua: chrome, referer: "https://shop.example/login"},
			req{at: 15 * time.Second, ip: user, method: "POST", path: c.path, status: 200, ua: chrome, referer: "https://shop.example/login"})
		at, why := run(defaultEngine(t), sorted(reqs))
		if n := at[ip]; n < 0 || n > 5 {
			t.Errorf("guesser on %s answered %d banned at its request %d (%v), want within 5", c.path, c.status, n, why[ip])
		}
		if n := at[user]; n >= 0 {
			t.Errorf("user mistyping once on %s banned (%v)", c.path, why[user])
		}
	}
}
