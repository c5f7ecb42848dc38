package detector

import (
	"testing"
	"time"
)

// Review s9 attacks A1/A3: hydra with a browser's user agent posting to a
// login that answers a refused password 200 (the form again) or 302/303
// (as it answers a good one), no Referer, nothing else: never banned at
// one guess every 3 s nor at 4/s. Now the form loop counts them whether
// or not the form is fetched, and bans at the 10th.
func TestBlindLoginLoopBanned(t *testing.T) {
	t.Parallel()
	type target struct {
		path, query string
		status      int
	}
	targets := []target{
		{"/my-account/", "", 200},                                                        // WooCommerce
		{"/customer/account/loginPost/", "", 302},                                        // Magento
		{"/index.php", "option=com_users&task=user.login", 303},                          // Joomla front
		{"/index.php", "route=account/login", 200},                                       // OpenCart
		{"/index.php", "title=Special:UserLogin&action=submitlogin&type=login", 200},     // MediaWiki
		{"/realms/master/login-actions/authenticate", "session_code=x&execution=y", 200}, // Keycloak
		{"/dologin.php", "", 302},                                                        // WHMCS
		{"/login", "", 303},                                                              // Nextcloud
		{"/owa/auth.owa", "", 302},                                                       // OWA
	}
	for _, gap := range []time.Duration{250 * time.Millisecond, 3 * time.Second} {
		for _, tg := range targets {
			var reqs []req
			for i := range 40 {
				reqs = append(reqs, req{at: time.Duration(i) * gap, ip: "193.36.0.10", method: "POST", path: tg.path, query: tg.query, status: tg.status, ua: chrome})
			}
			at, why := run(defaultEngine(t), reqs)
			if n := at["193.36.0.10"]; n < 0 || n > 9 {
				t.Errorf("guesser every %v on %s?%s (%d) banned at request %d (%v), want by the 10th", gap, tg.path, tg.query, tg.status, n, why["193.36.0.10"])
			}
		}
	}
}

// The nearest benign shapes: a shopper mistyping 4 times without a
// Referer then browsing; an office NAT whose 40 users sign in at
// /my-account/ between pages and assets; a backend taking a
// client-credentials token every 2-4 minutes for an API on another host;
// the WordPress app's xmlrpc.php calls back to back; a monitor signing in
// every 60 s to the second.
func TestBlindLoginLoopBenign(t *testing.T) {
	t.Parallel()
	var reqs []req
	for i := range 4 {
		reqs = append(reqs, req{at: time.Duration(i) * 8 * time.Second, ip: "198.51.100.1", method: "POST", path: "/my-account/", status: 200, ua: chrome})
	}
	reqs = append(reqs, req{at: 40 * time.Second, ip: "198.51.100.1", method: "POST", path: "/my-account/", status: 302, ua: chrome})
	for i := range 20 {
		reqs = append(reqs, req{at: 41*time.Second + time.Duration(i)*5*time.Second, ip: "198.51.100.1", method: "GET", path: "/my-account/orders/", status: 200, ua: chrome})
	}
	for u := range 40 {
		t0 := time.Duration(u) * 7 * time.Second
		reqs = append(reqs,
			req{at: t0, ip: "194.25.17.42", method: "GET", path: "/my-account/", status: 200, ua: chrome},
			req{at: t0 + time.Second, ip: "194.25.17.42", method: "GET", path: "/wp-content/themes/shop/style.css", status: 200, ua: chrome, referer: "https://shop.example/my-account/"},
			req{at: t0 + 4*time.Second, ip: "194.25.17.42", method: "POST", path: "/my-account/", status: 302, ua: chrome},
			req{at: t0 + 5*time.Second, ip: "194.25.17.42", method: "GET", path: "/shop/", status: 200, ua: chrome})
	}
	for i := range 30 {
		reqs = append(reqs, req{at: time.Duration(i) * (2*time.Minute + time.Duration(i%5)*17*time.Second), ip: "203.0.113.5", method: "POST", path: "/oauth/token", status: 200, ua: "Go-http-client/1.1"})
		reqs = append(reqs, req{at: time.Duration(i) * 300 * time.Millisecond, ip: "203.0.113.6", method: "POST", path: "/xmlrpc.php", status: 200, ua: "wp-android/24.1"})
		reqs = append(reqs, req{at: time.Duration(i) * time.Minute, ip: "203.0.113.7", method: "POST", path: "/my-account/", status: 302, ua: "UptimeRobot/2.0"})
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		if n >= 0 {
			t.Errorf("%s banned at its request %d: %v", ip, n, why[ip])
		}
	}
}
