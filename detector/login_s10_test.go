package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestAPILogin400: a JSON login API that refuses a wrong password (or a
// one-time code) 400 on a path that is no token endpoint: dj-rest-auth's
// /api/auth/login/, an app's /api/v1/auth/verify-otp. Guessers there, one
// every 3 s or 2/s, nothing else, were never banned (realistic attacks
// login-refusal-400-422 193.36.7.10, otp-and-form-abuse 193.35.20.7);
// now within 5 guesses, and a guesser that loads a page first and sends
// the form's Referer within 6 (it pays the quick rule's pace once). A user
// who mistypes twice, with the page's Referer, and then signs in and
// browses is not banned; nor one mistyping a one-time code once.
func TestAPILogin400(t *testing.T) {
	t.Parallel()
	for i, c := range []struct {
		path string
		gap  time.Duration
		ua   string
	}{
		{"/api/auth/login/", 3 * time.Second, chrome},
		{"/api/v1/auth/verify-otp", 500 * time.Millisecond, "okhttp/4.12.0"},
		{"/api/v2/users/login", 10 * time.Second, "python-requests/2.32.3"},
	} {
		ip := fmt.Sprintf("193.36.7.%d", 10+i)
		reqs := burst(ip, 60, 0, c.gap, req{method: "POST", path: c.path, status: 400, ua: c.ua})
		// The same guesser buying the browser's discount: a page, then
		// guesses with the page's Referer.
		ref := fmt.Sprintf("193.36.17.%d", 10+i)
		reqs = append(reqs, req{at: time.Second, ip: ref, path: "/", ua: chrome})
		reqs = append(reqs, burst(ref, 60, 2*time.Second, c.gap, req{method: "POST", path: c.path, status: 400, ua: chrome, referer: "https://shop.example/login"})...)
		// A user: the page, two mistyped passwords, the right one, then
		// the site.
		user := fmt.Sprintf("198.51.100.%d", 30+i)
		reqs = append(reqs, req{at: 2 * time.Second, ip: user, path: "/login", ua: chrome},
			req{at: 9 * time.Second, ip: user, method: "POST", path: c.path, status: 400, ua: chrome, referer: "https://shop.example/login"},
			req{at: 14 * time.Second, ip: user, method: "POST", path: c.path, status: 400, ua: chrome, referer: "https://shop.example/login"},
			req{at: 20 * time.Second, ip: user, method: "POST", path: c.path, status: 200, ua: chrome, referer: "https://shop.example/login"})
		for k := range 10 {
			reqs = append(reqs, req{at: 21*time.Second + time.Duration(k)*3*time.Second, ip: user, path: fmt.Sprintf("/account/orders/%d", k), ua: chrome, referer: "https://shop.example/account/"})
		}
		// An app user mistyping a one-time code once.
		otp := fmt.Sprintf("198.51.101.%d", 30+i)
		reqs = append(reqs, req{at: 3 * time.Second, ip: otp, method: "POST", path: "/api/v1/auth/login", status: 200, ua: "okhttp/4.12.0"},
			req{at: 20 * time.Second, ip: otp, method: "POST", path: "/api/v1/auth/verify-otp", status: 400, ua: "okhttp/4.12.0"},
			req{at: 30 * time.Second, ip: otp, method: "POST", path: "/api/v1/auth/verify-otp", status: 200, ua: "okhttp/4.12.0"},
			req{at: 31 * time.Second, ip: otp, path: "/api/v1/me", ua: "okhttp/4.12.0"})
		at, why := run(defaultEngine(t), sorted(reqs))
		if n := at[ip]; n < 0 || n > 5 {
			t.Errorf("guesser on %s answered 400 every %v banned at its request %d (%v), want within 5", c.path, c.gap, n, why[ip])
		}
		if n := at[ref]; n < 0 || n > 6 {
			t.Errorf("guesser on %s with a page and the Referer banned at its request %d (%v), want within 6", c.path, n, why[ref])
		}
		if n := at[user]; n >= 0 {
			t.Errorf("user mistyping twice on %s banned (%v)", c.path, why[user])
		}
		if n := at[otp]; n >= 0 {
			t.Errorf("app user mistyping a code once banned (%v)", why[otp])
		}
	}
}

// TestFormLoopWithReferer: Joomla's administrator login answers 303 to a
// refused and an accepted password alike. A tool that fetches the form for
// its CSRF token and posts it back with the form's Referer, nothing else,
// was never banned (realistic attacks joomla-admin-bf 103.151.125.22: 230
// guesses every 1.5-3.5 s; the form loop counted only POSTs without a
// Referer). Now a POST with a Referer counts in the run when the form was
// fetched since the run's previous POST: banned at its 11th guess, at
// 1.5-3.5 s and every 30 s; at its 20th with a Referer on its fetches too
// (a browser's shape, worth half). A person who mistypes three times and
// then signs in and opens the dashboard's links is not banned, nor one
// locked out retrying 12 times, nor a synthetic check signing in every 120 s with
// the form's Referer, nor a person on a form answered 200 (WooCommerce's
// /my-account/) retyping 12 times without fetching the form.
func TestFormLoopWithReferer(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 7))
	const form = "/administrator/index.php"
	const ref = "https://shop.example/administrator/index.php"
	var reqs []req
	guess := func(ip string, gap func() time.Duration, getRef string, n int) {
		at := time.Second
		for range n {
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: form, ua: chrome, referer: getRef},
				req{at: at + 300*time.Millisecond, ip: ip, method: "POST", path: form, status: 303, ua: chrome, referer: ref})
			at += gap()
		}
	}
	jitter := func() time.Duration { return 1500*time.Millisecond + time.Duration(rng.IntN(2000))*time.Millisecond }
	guess("103.151.125.22", jitter, "", 60)
	guess("103.151.125.32", func() time.Duration { return 30 * time.Second }, "", 30)
	guess("103.151.125.42", jitter, ref, 60)
	// A person: three mistyped passwords, the fourth right, then the
	// dashboard (same URL), its assets and its links.
	p := "198.51.100.77"
	at := 5 * time.Second
	reqs = append(reqs, req{at: at, ip: p, method: "GET", path: form, ua: chrome})
	for k := range 4 {
		at += 8 * time.Second
		reqs = append(reqs, req{at: at, ip: p, method: "POST", path: form, status: 303, ua: chrome, referer: ref},
			req{at: at + 200*time.Millisecond, ip: p, method: "GET", path: form, ua: chrome, referer: ref})
		_ = k
	}
	reqs = append(reqs, req{at: at + time.Second, ip: p, path: "/administrator/templates/atum/css/template.min.css", ua: chrome, referer: ref})
	for k := range 10 {
		reqs = append(reqs, req{at: at + time.Duration(5+10*k)*time.Second, ip: p, path: form, query: "option=com_content&view=articles", ua: chrome, referer: ref})
	}
	// A synthetic check every 120 s: the form, the POST with its Referer,
	// the dashboard.
	m := "198.51.100.78"
	for k := range 30 {
		t0 := time.Duration(k) * 120 * time.Second
		reqs = append(reqs, req{at: t0, ip: m, method: "GET", path: form, ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"},
			req{at: t0 + time.Second, ip: m, method: "POST", path: form, status: 303, ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", referer: ref},
			req{at: t0 + 2*time.Second, ip: m, method: "GET", path: form, ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", referer: ref})
	}
	// A shopper retyping on a form answered 200 with the form again: no
	// fetch between the POSTs.
	s := "198.51.100.79"
	reqs = append(reqs, req{at: 3 * time.Second, ip: s, path: "/my-account/", ua: chrome})
	for k := range 12 {
		reqs = append(reqs, req{at: time.Duration(10+6*k) * time.Second, ip: s, method: "POST", path: "/my-account/", status: 200, ua: chrome, referer: "https://shop.example/my-account/"})
	}
	at2, why := run(defaultEngine(t), sorted(reqs))
	for ip, most := range map[string]int{"103.151.125.22": 22, "103.151.125.32": 22, "103.151.125.42": 40} {
		if n := at2[ip]; n < 0 || n > most {
			t.Errorf("form-fetching guesser %s with the Referer banned at its request %d (%v), want by its 11th guess (request 22), 20th (request 40) with a Referer on its fetches", ip, n, why[ip])
		}
	}
	// A person locked out, retrying 12 times in a browser: the form's
	// first load without a Referer, every later one (the 303 followed)
	// with it (fixture form-loop 198.51.100.12).
	lo := "198.51.100.80"
	reqs = append(reqs, req{at: 4 * time.Second, ip: lo, method: "GET", path: form, ua: chrome})
	for k := range 12 {
		a := time.Duration(15+12*k) * time.Second
		reqs = append(reqs, req{at: a, ip: lo, method: "POST", path: form, status: 303, ua: chrome, referer: ref},
			req{at: a + 500*time.Millisecond, ip: lo, method: "GET", path: form, ua: chrome, referer: ref})
	}
	at2, why = run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{p, m, s, lo} {
		if n := at2[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}

// TestAbuseFormLoop: card testing on WooCommerce's checkout (POST
// /?wc-ajax=checkout answered 200 with the payment's refusal, the
// checkout's Referer), coupon guessing (?wc-ajax=apply_coupon, the cart's
// Referer) and Contact Form 7 spam (its REST feedback, no Referer), each
// address doing nothing else, at 2/s or one every 20 s, were never banned
// (realistic attacks card-testing, otp-and-form-abuse 193.35.20.3/.6).
// Now at their 10th POST. Never banned: a buyer with three declines and
// then a success, the checkout's update_order_review between attempts,
// and the order page after; a shopper trying 15 coupon codes (a coupon
// extension), the cart's fragments refreshed after each; a visitor
// sending the contact form twice.
func TestAbuseFormLoop(t *testing.T) {
	t.Parallel()
	var reqs []req
	type tool struct {
		ip, path, query, ref string
		gap                  time.Duration
	}
	tools := []tool{
		{"176.97.211.12", "/", "wc-ajax=checkout", "https://shop.example/checkout/", 500 * time.Millisecond},
		{"176.97.211.13", "/", "wc-ajax=checkout", "https://shop.example/checkout/", 20 * time.Second},
		{"193.35.20.3", "/", "wc-ajax=apply_coupon", "https://shop.example/cart/", 500 * time.Millisecond},
		{"193.35.20.13", "/shop/", "wc-ajax=apply_coupon", "", 20 * time.Second},
		{"193.35.20.6", "/wp-json/contact-form-7/v1/contact-forms/5/feedback", "", "", time.Second},
	}
	for _, c := range tools {
		reqs = append(reqs, burst(c.ip, 40, time.Second, c.gap, req{method: "POST", path: c.path, query: c.query, status: 200, ua: chrome, referer: c.ref})...)
	}
	b := "198.51.100.90"
	at := 2 * time.Second
	reqs = append(reqs, req{at: at, ip: b, method: "GET", path: "/checkout/", ua: chrome, referer: "https://shop.example/cart/"})
	for k := range 4 {
		at += 15 * time.Second
		reqs = append(reqs, req{at: at, ip: b, method: "POST", path: "/", query: "wc-ajax=update_order_review", status: 200, ua: chrome, referer: "https://shop.example/checkout/"},
			req{at: at + 5*time.Second, ip: b, method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, ua: chrome, referer: "https://shop.example/checkout/"})
		_ = k
	}
	reqs = append(reqs, req{at: at + 7*time.Second, ip: b, method: "GET", path: "/checkout/order-received/4711/", query: "key=wc_order_x", ua: chrome, referer: "https://shop.example/checkout/"})
	c := "198.51.100.91"
	for k := range 15 {
		a := time.Duration(3+4*k) * time.Second
		reqs = append(reqs, req{at: a, ip: c, method: "POST", path: "/", query: "wc-ajax=apply_coupon", status: 200, ua: chrome, referer: "https://shop.example/cart/"},
			req{at: a + time.Second, ip: c, method: "POST", path: "/", query: "wc-ajax=get_refreshed_fragments", status: 200, ua: chrome, referer: "https://shop.example/cart/"})
	}
	f := "198.51.100.92"
	reqs = append(reqs, req{at: 4 * time.Second, ip: f, method: "GET", path: "/contact/", ua: chrome},
		req{at: 60 * time.Second, ip: f, method: "POST", path: "/wp-json/contact-form-7/v1/contact-forms/5/feedback", status: 200, ua: chrome, referer: "https://shop.example/contact/"},
		req{at: 90 * time.Second, ip: f, method: "POST", path: "/wp-json/contact-form-7/v1/contact-forms/5/feedback", status: 200, ua: chrome, referer: "https://shop.example/contact/"})
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, c := range tools {
		if n := got[c.ip]; n < 0 || n > 9 {
			t.Errorf("%s POSTing %s?%s every %v banned at its request %d (%v), want by its 10th", c.ip, c.path, c.query, c.gap, n, why[c.ip])
		}
	}
	for _, ip := range []string{b, c, f} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
