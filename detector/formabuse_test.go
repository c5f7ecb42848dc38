package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestSlowAbuseKind: the password-reset, comment and Magento payment
// endpoints formabuse.go names, and look-alikes it must not.
func TestSlowAbuseKind(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path, query string
		want        int
	}{
		{"/api/v1/auth/password-reset", "", abuseReset},
		{"/api/v1/auth/password-reset/confirm", "", abuseReset},
		{"/forgot-password", "", abuseReset},
		{"/Account/ForgotPassword", "", abuseReset},
		{"/my-account/lost-password/", "", abuseReset},
		{"/accounts/password_reset/", "", abuseReset},
		{"/realms/main/login-actions/reset-credentials", "", abuseReset},
		{"/customer/account/forgotpasswordpost/", "", abuseReset},
		{"/users/password", "", abuseReset},
		{"/password/email", "", abuseReset},
		{"/account/recover", "", abuseReset},
		{"/wp-login.php", "action=lostpassword", abuseReset},
		{"/index.php", "route=account/forgotten", abuseReset},
		{"/wp-comments-post.php", "", abuseComment},
		{"/blog/wp-comments-post.php", "", abuseComment},
		{"/comment/reply/42", "", abuseComment},
		{"/rest/de_de/V1/guest-carts/4d428b4e0f442887dec32ce46436e6ba/payment-information", "", abuseForm},
		{"/rest/default/V1/carts/mine/payment-information/", "", abuseForm},
		// Not these.
		{"/rest/default/V1/guest-carts/4d42/shipping-information", "", abuseNone},
		{"/api/v1/users/42/password", "", abuseNone},
		{"/settings/password", "", abuseNone},
		{"/blog/reset-your-garden", "", abuseNone},
		{"/wp-login.php", "", abuseNone},
		{"/comments/feed/", "", abuseNone},
		{"/api/payment-information", "", abuseNone},
	} {
		if got := abuseKind([]byte(c.path), []byte(c.query)); got != c.want {
			t.Errorf("abuseKind(%s?%s) = %d, want %d", c.path, c.query, got, c.want)
		}
	}
}

// TestSlowFormAbuseBanned: password-reset enumeration, comment spam and
// Magento card testing were never banned (realistic attacks4
// password-reset-enumeration, comment-spam-bot, magento-carding-pageviews:
// no login path, no known checkout); now by the chain's 20 units.
func TestSlowFormAbuseBanned(t *testing.T) {
	t.Parallel()
	const site = "https://shop.example"
	type step struct {
		method, path string
		status       int
	}
	type abuser struct {
		ip      string
		between []step // before each attempt
		attempt func(k int) step
		gap     time.Duration
		within  int // banned by this attempt
	}
	fixed := func(s step) func(int) step { return func(int) step { return s } }
	cart := func(k int) string { return fmt.Sprintf("/rest/de_de/V1/guest-carts/%032x", k+1) }
	abusers := []abuser{
		// Reset API enumeration, 404 for unknown accounts, 3/s.
		{"88.214.26.1", nil, fixed(step{"POST", "/api/v1/auth/password-reset", 404}), 333 * time.Millisecond, 10},
		// A form tool fetching the form before each e-mail, answered 302:
		// half a unit each since review s12 item 2 (a reset sent is what
		// a help desk or a NAT after a forced expiry sends), so by its
		// 40th (20th before).
		{"88.214.26.2", []step{{"GET", "/forgot-password", 200}}, fixed(step{"POST", "/forgot-password", 302}), 12 * time.Second, 40},
		// Comment spam: the post, then the comment, answers mixed.
		{"88.214.26.3", []step{{"GET", "/2026/11/beet/", 200}}, func(k int) step {
			return step{"POST", "/wp-comments-post.php", []int{302, 409, 429, 302, 403}[k%5]}
		}, 30 * time.Second, 20},
		// Blind comments, all held for moderation: half a unit each.
		{"88.214.26.4", nil, fixed(step{"POST", "/wp-comments-post.php", 302}), 25 * time.Second, 40},
		// Magento: a product page, the cart page, a new cart, its item,
		// shipping estimate and address (the checkout script's calls, no
		// views: 6 requests a card would hold the ratio up), then the
		// card (400 declined), one every 40 s.
		{"88.214.26.5", []step{{"GET", "/damen/sneaker.html", 200}, {"GET", "/checkout/cart/", 200}, {"POST", "/rest/de_de/V1/guest-carts", 200}}, func(k int) step {
			return step{"POST", cart(k) + "/payment-information", 400}
		}, 40 * time.Second, 10},
	}
	var reqs []req
	attemptAt := map[string][]int{}
	for _, a := range abusers {
		at, n := time.Second, 0
		for k := range 45 {
			for j, s := range a.between {
				reqs = append(reqs, req{at: at + time.Duration(j+1)*time.Millisecond, ip: a.ip, method: s.method, path: s.path, status: s.status, ua: chrome, referer: site + "/"})
				n++
			}
			if a.ip == "88.214.26.5" { // the checkout script's cart calls: no views
				for j, p := range []string{"/items", "/estimate-shipping-methods", "/shipping-information"} {
					reqs = append(reqs, req{at: at + time.Duration(j+5)*time.Millisecond, ip: a.ip, method: "POST", path: cart(k) + p, status: 200, ua: chrome, referer: site + "/checkout/"})
					n++
				}
			}
			s := a.attempt(k)
			reqs = append(reqs, req{at: at + 10*time.Millisecond, ip: a.ip, method: s.method, path: s.path, status: s.status, ua: chrome, referer: site + "/"})
			attemptAt[a.ip] = append(attemptAt[a.ip], n)
			n++
			at += a.gap
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, a := range abusers {
		if n := got[a.ip]; n < 0 || n > attemptAt[a.ip][a.within-1] {
			t.Errorf("%s %s every %v: banned at its request %d (%v), want by attempt %d (request %d)",
				a.ip, a.attempt(0).path, a.gap, n, why[a.ip], a.within, attemptAt[a.ip][a.within-1])
		}
	}
}

// TestSlowFormAbuseBenign: people resetting a password, commenting and
// paying, alone and behind a NAT, are never banned by the chain.
func TestSlowFormAbuseBenign(t *testing.T) {
	t.Parallel()
	const site = "https://app.example"
	var reqs []req
	add := func(at time.Duration, ip, method, path string, status int) {
		reqs = append(reqs, req{at: at, ip: ip, method: method, path: path, status: status, ua: chrome, referer: site + "/"})
	}
	// An office NAT: 30 people reset an expired password within 30
	// minutes (one in four mistypes the e-mail first), then use the app.
	nat := "194.25.17.61"
	for i := range 30 {
		at := time.Duration(i) * time.Minute
		add(at, nat, "GET", "/login", 200)
		add(at+5*time.Second, nat, "GET", "/forgot-password", 200)
		if i%4 == 0 {
			add(at+15*time.Second, nat, "POST", "/api/v1/auth/password-reset", 404)
		}
		add(at+25*time.Second, nat, "POST", "/api/v1/auth/password-reset", 200)
		add(at+90*time.Second, nat, "GET", "/reset-password", 200)
		add(at+100*time.Second, nat, "POST", "/api/v1/auth/password-reset/confirm", 200)
		add(at+110*time.Second, nat, "POST", "/api/v1/auth/login", 200)
		for k := range 4 {
			add(at+time.Duration(120+10*k)*time.Second, nat, "GET", "/api/v1/me", 200)
		}
	}
	// Send again, 8 times, nothing between.
	for k := range 8 {
		add(time.Duration(k)*15*time.Second, "31.57.152.91", "POST", "/forgot-password", 302)
	}
	// A commenter in a discussion: 25 comments in 2 hours, reloading the
	// post between and following each redirect.
	for k := range 25 {
		at := time.Duration(k) * 5 * time.Minute
		add(at, "79.200.1.1", "GET", "/2026/11/beet/", 200)
		add(at+time.Minute, "79.200.1.1", "POST", "/wp-comments-post.php", 302)
		add(at+time.Minute+time.Second, "79.200.1.1", "GET", "/2026/11/beet/", 200)
	}
	// A buyer whose bank declines 6 cards before the seventh passes.
	for k := range 7 {
		st := 400
		if k == 6 {
			st = 200
		}
		add(time.Duration(k)*40*time.Second, "91.64.88.22", "POST", "/rest/de_de/V1/guest-carts/abc/payment-information", st)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range got {
		if n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
