package detector

// Review rev-abuse s11 of 0c700e0 and 5e10331: the reviewer's cases
// (benign bans and Store API spellings that escaped), and the attacks of
// the same shapes the fixes must not let through.

import (
	"strings"
	"testing"
	"time"
)

// rev-abuse s11: card testers that escape the abuse window by a small
// change of the URL WordPress/PHP route identically. Each must be banned
// by its 10th attempt like 176.97.212.7/.12 in TestAbuseWindowTestersBanned.
func TestRevAbuseStoreAPIVariantsEscape(t *testing.T) {
	t.Parallel()
	type v struct{ ip, path, query string }
	cases := []v{
		{"176.98.1.1", "/wp-json/wc/store/v1/checkout//", ""},                             // WP untrailingslashit strips every trailing slash
		{"176.98.1.2", "/", "rest.route=/wc/store/v1/checkout"},                           // PHP turns '.' in a key into '_'
		{"176.98.1.3", "/", "rest+route=/wc/store/v1/checkout"},                           // and ' '
		{"176.98.1.4", "/", "rest[route=/wc/store/v1/checkout"},                           // and an unclosed '['
		{"176.98.1.5", "/", "rest_route=/wc/store/v1/checkout" + strings.Repeat("/", 70)}, // over shortDecode's 80 bytes
		{"176.98.1.6", "/wp-json/wc/store/v1/checkout", ""},                               // control: banned today
	}
	var reqs []req
	for _, c := range cases {
		for i := range 30 {
			at := time.Second + time.Duration(i)*3*time.Second
			reqs = append(reqs, req{at: at, ip: c.ip, method: "GET", path: "/checkout/", status: 200, ua: chrome})
			reqs = append(reqs, req{at: at + time.Second, ip: c.ip, method: "POST", path: c.path, query: c.query, status: 400, ua: chrome, referer: "https://shop.example/checkout/"})
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, c := range cases {
		if n := got[c.ip]; n < 0 || n > 20 {
			t.Errorf("%s POST %s?%s 400 x30 with a page between: banned at request %d (%v), want by request 20", c.ip, c.path, c.query, n, why[c.ip])
		}
	}
}

// rev-abuse s11: a block-checkout shopper (returning, assets cached):
// the cart page, quantity changes and address fields each a Store API
// batch POST (1 unit), the checkout page, then a card declined twice
// and paid at the third. Must never be banned.
func TestRevAbuseBlockCheckoutShopper(t *testing.T) {
	t.Parallel()
	ip := "91.65.1.1"
	var reqs []req
	at := time.Second
	add := func(m, p, q string, st int) {
		reqs = append(reqs, req{at: at, ip: ip, method: m, path: p, query: q, status: st, ua: chrome, referer: "https://shop.example/checkout/"})
		at += 3 * time.Second
	}
	add("GET", "/cart/", "", 200)
	for range 6 { // quantity +/- clicks
		add("POST", "/wp-json/wc/store/v1/batch", "_locale=user", 207)
	}
	add("GET", "/checkout/", "", 200)
	for range 12 { // address, shipping method, billing toggle, each debounced
		add("POST", "/wp-json/wc/store/v1/batch", "_locale=user", 207)
	}
	add("POST", "/wp-json/wc/store/v1/checkout", "_locale=user", 400)
	add("POST", "/wp-json/wc/store/v1/checkout", "_locale=user", 400)
	add("POST", "/wp-json/wc/store/v1/checkout", "_locale=user", 200)
	got, why := run(defaultEngine(t), sorted(reqs))
	if n := got[ip]; n >= 0 {
		t.Errorf("block-checkout shopper banned at request %d of %d (%v)", n, len(reqs), why[ip])
	}
}

// rev-abuse s11 (5e10331): an office NAT, staff on the same Joomla
// admin, whose successful logins' 303 go to the dashboard on another
// host name logged elsewhere (admin.example -> www); a password manager
// auto-submits twice. Each person's second POST follows a 303 with
// nothing between from the NAT: 8 logins 50 s apart, and 10 spread over
// a morning 4 min apart (the run lasts while gaps < 10 min).
func TestRevAbuseRedirectDoubleSubmitNAT(t *testing.T) {
	t.Parallel()
	ref := "https://site.example/administrator/index.php"
	for _, c := range []struct {
		ip          string
		n           int
		every, wait time.Duration
	}{{"91.65.2.1", 8, 50 * time.Second, 2 * time.Second}, {"91.65.2.2", 10, 4 * time.Minute, 8 * time.Second}} {
		var reqs []req
		for i := range c.n {
			at := time.Second + time.Duration(i)*c.every
			reqs = append(reqs, req{at: at, ip: c.ip, method: "GET", path: "/administrator/index.php", status: 200, ua: chrome, referer: ref})
			reqs = append(reqs, req{at: at + c.wait, ip: c.ip, method: "POST", path: "/administrator/index.php", status: 303, ua: chrome, referer: ref})
			reqs = append(reqs, req{at: at + c.wait + 250*time.Millisecond, ip: c.ip, method: "POST", path: "/administrator/index.php", status: 303, ua: chrome, referer: ref})
		}
		got, why := run(defaultEngine(t), sorted(reqs))
		if n := got[c.ip]; n >= 0 {
			t.Errorf("%d form fetches %v apart each followed by a double-submitted login: banned at request %d (%v)", c.n, c.every, n, why[c.ip])
		}
	}
}

// rev-abuse s11: a shopper with a coupon extension (Honey, Capital One
// Shopping) trying 25 codes, the cart fragments refreshed after each,
// then paying. The builder's stated price; a real benign kind.
func TestRevAbuseCouponExtension(t *testing.T) {
	t.Parallel()
	ip := "91.65.3.1"
	var reqs []req
	at := time.Second
	add := func(m, p, q string, st int, d time.Duration) {
		reqs = append(reqs, req{at: at, ip: ip, method: m, path: p, query: q, status: st, ua: chrome, referer: "https://shop.example/checkout/"})
		at += d
	}
	add("GET", "/checkout/", "", 200, time.Second)
	for range 25 {
		add("POST", "/", "wc-ajax=apply_coupon", 200, 700*time.Millisecond)
		add("POST", "/", "wc-ajax=update_order_review", 200, 700*time.Millisecond)
	}
	add("POST", "/", "wc-ajax=checkout", 200, time.Second)
	got, why := run(defaultEngine(t), sorted(reqs))
	if n := got[ip]; n >= 0 {
		t.Errorf("coupon-extension shopper banned at request %d of %d (%v)", n, len(reqs), why[ip])
	}
}

// rev-abuse s11: an office NAT whose staff log in through one login form
// whose 302 goes to the app on another host name (logged elsewhere): a
// form fetch and one POST per person, one every 2 minutes all morning.
func TestRevAbuseOfficeNATCrossHostLogin(t *testing.T) {
	t.Parallel()
	ip := "91.65.4.1"
	var reqs []req
	for i := range 30 {
		at := time.Second + time.Duration(i)*2*time.Minute
		reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/login", status: 200, ua: chrome, referer: "https://app.example/"})
		reqs = append(reqs, req{at: at + 5*time.Second, ip: ip, method: "POST", path: "/login", status: 302, ua: chrome, referer: "https://sso.example/login"})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	if n := got[ip]; n >= 0 {
		t.Errorf("office NAT, 30 logins 2 min apart: banned at request %d (%v)", n, why[ip])
	}
}

// The attacks of the fixes' shapes. A guesser double-submitting after
// each form fetch (fetch, POST, POST, all 303 with the form's Referer) at
// 40/s, every 3 s or every 45 s: one unit per fetch, banned by its 20th
// fetch (its 40th guess). A guesser posting without following the 303
// (POST, POST, POST) is TestFormLoopRedirectNotFollowed's.
func TestRevAbuseDoubleSubmitGuesserBanned(t *testing.T) {
	t.Parallel()
	var reqs []req
	ref := "https://site.example/administrator/index.php"
	gaps := map[string]time.Duration{"185.220.102.1": 25 * time.Millisecond, "185.220.102.2": 3 * time.Second, "185.220.102.3": 45 * time.Second}
	for ip, gap := range gaps {
		for i := range 40 {
			at := time.Second + time.Duration(i)*3*gap
			reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/administrator/index.php", status: 200, ua: chrome, referer: ref})
			reqs = append(reqs, req{at: at + gap, ip: ip, method: "POST", path: "/administrator/index.php", status: 303, ua: chrome, referer: ref})
			reqs = append(reqs, req{at: at + 2*gap, ip: ip, method: "POST", path: "/administrator/index.php", status: 303, ua: chrome, referer: ref})
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, gap := range gaps {
		if n := got[ip]; n < 0 || n > 3*20 {
			t.Errorf("%s fetch + 2 POSTs 303 every %v: banned at request %d (%v), want by its 20th fetch (request 60)", ip, 3*gap, n, why[ip])
		}
	}
}

// A coupon guesser of the coupon extension's shape (the checkout page,
// then each code followed by update_order_review), at 2 requests a second
// or one code every 20 s, random codes: the extension's half unit buys it
// 20 more codes, no more: banned by its 40th code.
func TestRevAbuseCouponGuesserExtensionShapeBanned(t *testing.T) {
	t.Parallel()
	var reqs []req
	gaps := map[string]time.Duration{"185.220.103.1": 500 * time.Millisecond, "185.220.103.2": 20 * time.Second}
	idx := map[string][]int{}
	for ip, gap := range gaps {
		at := time.Second
		reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/checkout/", status: 200, ua: chrome})
		n := 1
		for range 60 {
			at += gap
			reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/", query: "wc-ajax=apply_coupon", status: 200, ua: chrome, referer: "https://shop.example/checkout/"})
			idx[ip] = append(idx[ip], n)
			reqs = append(reqs, req{at: at + gap/2, ip: ip, method: "POST", path: "/", query: "wc-ajax=update_order_review", status: 200, ua: chrome, referer: "https://shop.example/checkout/"})
			n += 2
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for ip, gap := range gaps {
		if n := got[ip]; n < 0 || n > idx[ip][39] {
			t.Errorf("%s a coupon and update_order_review every %v: banned at request %d (%v), want by its 40th code (request %d)", ip, gap, n, why[ip], idx[ip][39])
		}
	}
}
