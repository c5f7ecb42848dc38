package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestSignupKind: the sign-up and newsletter endpoints formsignup.go
// names, and the registrations it must not take for a person's sign-up.
func TestSignupKind(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path string
		want int
	}{
		{"/newsletter/subscribe", abuseSignup},
		{"/api/newsletter", abuseSignup},
		{"/newsletter/subscriber/new/", abuseSignup},
		{"/mailing-list/", abuseSignup},
		{"/account/create", abuseSignup},
		{"/create-account/", abuseSignup},
		{"/customer/account/createpost/", abuseSignup},
		{"/signup", abuseSignup},
		{"/api/auth/sign-up", abuseSignup},
		{"/users/sign_up", abuseSignup},
		{"/register", abuseSignup},
		{"/user/register", abuseSignup},
		{"/api/v1/registration", abuseSignup},
		// Not these: a phone's push token, a device, OAuth dynamic client
		// registration, a CI runner, a billing subscription.
		{"/api/v1/devices/register", abuseNone},
		{"/api/push/register", abuseNone},
		{"/oauth/register", abuseNone},
		{"/connect/register", abuseNone},
		{"/api/v4/runners/register", abuseNone},
		{"/api/billing/subscribe", abuseNone},
		{"/registered-users/list", abuseNone},
		{"/admin/newsletter/autosave", abuseNone},
		{"/wp-admin/admin-ajax.php", abuseNone},
		{"/admin/newsletter", abuseNone},
		{"/newsletter/archive/2026-11", abuseNone},
	} {
		if got := abuseKind([]byte(c.path), nil); got != c.want {
			t.Errorf("abuseKind(%s) = %d, want %d", c.path, got, c.want)
		}
	}
}

// TestSignupBombingBanned: blind sign-up POSTs, nothing else, are banned by
// the abuse chain (realistic attacks7 ipv6-64-subscription-bombing: never
// banned before session 15); a reader's and an office's sign-ups with
// their pages are not.
func TestSignupBombingBanned(t *testing.T) {
	t.Parallel()
	const site = "https://news.example"
	var reqs []req
	add := func(at time.Duration, ip, method, path string, status int) {
		reqs = append(reqs, req{at: at, ip: ip, method: method, path: path, status: status, ua: chrome, referer: site + "/newsletter/"})
	}
	for k := range 60 {
		at := time.Duration(k) * 10 * time.Second
		// All answered 2xx: half a unit each, banned by its 40th.
		add(at, "203.0.113.90", "POST", "/newsletter/subscribe", 200)
		// Refused (taken, invalid): 2 units, banned by its 10th.
		add(at+time.Second, "203.0.113.91", "POST", "/account/create", 400)
		// An office NAT: one colleague a time reads the page, loads its
		// assets and subscribes; one in five is refused once first.
		nat := "192.0.2.40"
		add(at+2*time.Second, nat, "GET", "/newsletter/", 200)
		add(at+2*time.Second+100*time.Millisecond, nat, "GET", "/static/main.css", 200)
		add(at+2*time.Second+200*time.Millisecond, nat, "GET", "/static/main.js", 200)
		if k%5 == 0 {
			add(at+5*time.Second, nat, "POST", "/newsletter/subscribe", 400)
		}
		add(at+6*time.Second, nat, "POST", "/newsletter/subscribe", 302)
		add(at+7*time.Second, nat, "GET", "/newsletter/thanks", 200)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, within := range map[string]int{"203.0.113.90": 40, "203.0.113.91": 10} {
		if n := got[ip]; n < 0 || n >= within {
			t.Errorf("%s: banned at its request %d (%v), want by its %dth", ip, n, why[ip], within)
		}
	}
	if n := got["192.0.2.40"]; n >= 0 {
		t.Errorf("office NAT subscribing with its pages banned at its request %d (%v)", n, fmt.Sprint(why["192.0.2.40"]))
	}
}
