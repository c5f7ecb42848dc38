package detector

import (
	"testing"
	"time"
)

// A Joomla guesser reusing one form fetch: one GET of the administrator
// login, then POST after POST with the form's Referer, each answered 303
// (a refusal and a success alike), the redirect never followed. A POST
// with a Referer went on with a run only after a fetch of the form, so
// each started a run of its own and the guesser was never banned (closing10
// open item). A browser always follows a 303: a POST with a Referer right
// after a 303 with nothing between is a tool's. Banned by the 12th guess
// (the first, after the fetch, is one unit; the second none, as a double
// submission's, review rev-abuse s11; each next two) at 40/s, one every
// 3 s and one every 45 s.
func TestFormLoopRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	var reqs []req
	type tool struct {
		ip   string
		path string
		gap  time.Duration
	}
	tools := []tool{
		{"185.220.101.30", "/administrator/index.php", 3 * time.Second},
		{"185.220.101.31", "/administrator/", 25 * time.Millisecond},
		{"185.220.101.32", "/administrator/index.php", 45 * time.Second},
		{"185.220.101.33", "/index.php", 4 * time.Second}, // Joomla's front login, ?task=user.login
	}
	for _, c := range tools {
		ref := "https://site.example" + c.path
		q := ""
		if c.path == "/index.php" {
			q = "task=user.login"
		}
		reqs = append(reqs, req{at: time.Second, ip: c.ip, method: "GET", path: c.path, status: 200, ua: chrome})
		reqs = append(reqs, burst(c.ip, 30, 2*time.Second, c.gap, req{method: "POST", path: c.path, query: q, status: 303, ua: chrome, referer: ref})...)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, c := range tools {
		if n := got[c.ip]; n < 0 || n > 12 {
			t.Errorf("%s POSTing %s 303 with a Referer every %v, no redirect followed: banned at its request %d (%v), want by its 12th guess (request 12)", c.ip, c.path, c.gap, n, why[c.ip])
		}
	}
}

// People on the same form: a browser follows every 303 (the form again,
// then the dashboard); a double click posts twice before the first answer.
func TestFormLoopRedirectBrowsers(t *testing.T) {
	t.Parallel()
	var reqs []req
	ref := "https://site.example/administrator/index.php"
	post := func(ip string, at time.Duration) req {
		return req{at: at, ip: ip, method: "POST", path: "/administrator/index.php", status: 303, ua: chrome, referer: ref}
	}
	get := func(ip string, at time.Duration, q string) req {
		return req{at: at, ip: ip, method: "GET", path: "/administrator/index.php", query: q, status: 200, ua: chrome, referer: ref}
	}
	// A locked-out admin retrying 12 times in a browser, following each 303.
	a := "91.64.20.1"
	reqs = append(reqs, get(a, time.Second, ""))
	for i := range 12 {
		at := time.Duration(5+10*i) * time.Second
		reqs = append(reqs, post(a, at), get(a, at+200*time.Millisecond, ""))
	}
	// Double clicks: two POSTs 150 ms apart, both answered 303, then the
	// redirect followed; 6 times (a user who double-clicks by habit).
	d := "91.64.20.2"
	reqs = append(reqs, get(d, time.Second, ""))
	for i := range 6 {
		at := time.Duration(5+15*i) * time.Second
		reqs = append(reqs, post(d, at), post(d, at+150*time.Millisecond), get(d, at+400*time.Millisecond, ""))
	}
	reqs = append(reqs, get(d, 200*time.Second, "option=com_cpanel"))
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{a, d} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
