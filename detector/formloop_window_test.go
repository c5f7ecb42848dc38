package detector

import (
	"fmt"
	"testing"
	"time"
)

// Card testing, coupon guessing and contact-form spam with other requests
// between the attempts (the checkout page fetched again, its
// update_order_review, the cart): the loop of consecutive POSTs never saw
// them (session 10 review, "Open" in closing10). Each tester below makes
// 30 attempts; every one must be banned by its 10th (20th for a coupon,
// which counts half).
func TestAbuseWindowTestersBanned(t *testing.T) {
	t.Parallel()
	type step struct {
		method, path, query string
		status              int
	}
	type tester struct {
		ip      string
		between []step // before each attempt
		attempt step
		gap     time.Duration // from attempt to attempt
		ref     string
		within  int // banned by this attempt
	}
	checkout := step{"POST", "/", "wc-ajax=checkout", 200}
	page := step{"GET", "/checkout/", "", 200}
	review := step{"POST", "/", "wc-ajax=update_order_review", 200}
	testers := []tester{
		{"176.97.212.1", []step{page}, checkout, 3 * time.Second, "https://shop.example/checkout/", 10},
		{"176.97.212.2", []step{review}, checkout, 2 * time.Second, "https://shop.example/checkout/", 10},
		{"176.97.212.3", []step{page, review}, checkout, 40 * time.Second, "https://shop.example/checkout/", 10},
		{"176.97.212.4", []step{page}, checkout, 50 * time.Millisecond, "", 10}, // 20 requests a second
		{"176.97.212.5", []step{{"GET", "/cart/", "", 200}}, step{"POST", "/", "wc-ajax=apply_coupon", 200}, 5 * time.Second, "https://shop.example/cart/", 20},
		{"176.97.212.6", []step{{"GET", "/contact/", "", 200}}, step{"POST", "/wp-json/contact-form-7/v1/contact-forms/5/feedback", "", 200}, 4 * time.Second, "https://shop.example/contact/", 10},
		// The Store API without pretty permalinks, plain and escaped.
		{"176.97.212.7", []step{page}, step{"POST", "/", "rest_route=/wc/store/v1/checkout", 400}, 2 * time.Second, "https://shop.example/checkout/", 10},
		{"176.97.212.8", nil, step{"POST", "/index.php", "rest_route=%2Fwc%2Fstore%2Fv1%2Fcheckout", 400}, 2 * time.Second, "", 10},
		{"176.97.212.9", []step{page}, step{"POST", "/", "_locale=user&rest_route=%2Fwc%2Fstore%2Fv1%2Fcart%2Fapply-coupon", 400}, 3 * time.Second, "https://shop.example/cart/", 20},
		// The Store API's batch endpoint wrapping the checkout is no
		// attempt since review rev-abuse s11 (a block checkout sends
		// every cart and address change through it; what it runs is in
		// its body): testers there are a limit (default.toml).
		// Store API checkouts answered 200 (each a success to the
		// processor's test mode) or 402 with a page view between.
		{"176.97.212.12", []step{page}, step{"POST", "/wp-json/wc/store/v1/checkout/", "", 402}, 6 * time.Second, "https://shop.example/checkout/", 10},
		// Buying the ratio: the checkout page and two of its assets
		// before each card (3 requests: banned), and 4 assets (5: free,
		// TestAbuseWindowBankedViews says what that costs).
		{"176.97.212.13", []step{page, {"GET", "/wp-content/themes/shop/style.css", "", 200}, {"GET", "/wp-includes/js/jquery/jquery.min.js", "", 200}}, checkout, 4 * time.Second, "https://shop.example/checkout/", 10},
		// Random-looking gaps, a refused-looking 403 (a nonce) now and then.
		{"176.97.212.14", []step{review}, step{"POST", "/", "wc-ajax=checkout", 403}, 13 * time.Second, "https://shop.example/checkout/", 10},
	}
	var reqs []req
	attemptAt := map[string][]int{} // per tester, the index of each attempt among its requests
	for _, c := range testers {
		at := time.Second
		n := 0
		for range 30 {
			for j, s := range c.between {
				reqs = append(reqs, req{at: at + time.Duration(j+1)*time.Millisecond, ip: c.ip, method: s.method, path: s.path, query: s.query, status: s.status, ua: chrome, referer: c.ref})
				n++
			}
			reqs = append(reqs, req{at: at + 10*time.Millisecond, ip: c.ip, method: c.attempt.method, path: c.attempt.path, query: c.attempt.query, status: c.attempt.status, ua: chrome, referer: c.ref})
			attemptAt[c.ip] = append(attemptAt[c.ip], n)
			n++
			at += c.gap
		}
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, c := range testers {
		if n := got[c.ip]; n < 0 || n > attemptAt[c.ip][c.within-1] {
			t.Errorf("%s %s %s?%s with %d requests between, every %v: banned at its request %d (%v), want by attempt %d (request %d)",
				c.ip, c.attempt.method, c.attempt.path, c.attempt.query, len(c.between), c.gap, n, why[c.ip], c.within, attemptAt[c.ip][c.within-1])
		}
	}
}

// What the window must leave alone: buyers who retry a card and browse, an
// office behind one address where a dozen people shop, a block-checkout
// buyer whose cart and address changes go through the batch endpoint,
// a synthetic monitor placing a test order every 5 minutes.
func TestAbuseWindowBenign(t *testing.T) {
	t.Parallel()
	var reqs []req
	ref := "https://shop.example/checkout/"
	add := func(ip string, at time.Duration, method, path, query string, status int) {
		reqs = append(reqs, req{at: at, ip: ip, method: method, path: path, query: query, status: status, ua: chrome, referer: ref})
	}
	// A buyer: two declines, the third card pays, then browses on.
	b := "84.133.41.5"
	add(b, time.Second, "GET", "/checkout/", "", 200)
	add(b, 2*time.Second, "POST", "/", "wc-ajax=update_order_review", 200)
	for i := range 3 {
		add(b, time.Duration(40+30*i)*time.Second, "POST", "/", "wc-ajax=checkout", 200)
	}
	for i := range 20 {
		add(b, time.Duration(200+7*i)*time.Second, "GET", fmt.Sprintf("/product/item-%d/", i), "", 200)
	}
	// A buyer who reloads the checkout page before each of 4 card tries.
	r := "84.133.41.6"
	for i := range 4 {
		add(r, time.Duration(10+60*i)*time.Second, "GET", "/checkout/", "", 200)
		add(r, time.Duration(12+60*i)*time.Second, "POST", "/", "wc-ajax=update_order_review", 200)
		add(r, time.Duration(40+60*i)*time.Second, "POST", "/", "wc-ajax=checkout", 200)
	}
	// An office NAT: 40 checkouts in 80 minutes (a sale), each buyer's
	// product page, cart, checkout and two update_order_review calls, a
	// coupon tried by every other buyer; no 10-minute pause.
	o := "193.170.4.1"
	for i := range 40 {
		at := time.Duration(i) * 2 * time.Minute
		add(o, at, "GET", fmt.Sprintf("/product/p%d/", i), "", 200)
		add(o, at+5*time.Second, "POST", "/", "wc-ajax=add_to_cart", 200)
		add(o, at+10*time.Second, "GET", "/cart/", "", 200)
		if i%2 == 0 {
			add(o, at+20*time.Second, "POST", "/", "wc-ajax=apply_coupon", 200)
		}
		add(o, at+30*time.Second, "GET", "/checkout/", "", 200)
		add(o, at+31*time.Second, "POST", "/", "wc-ajax=update_order_review", 200)
		add(o, at+50*time.Second, "POST", "/", "wc-ajax=update_order_review", 200)
		add(o, at+80*time.Second, "POST", "/", "wc-ajax=checkout", 200)
		add(o, at+82*time.Second, "GET", "/checkout/order-received/1/", "key=x", 200)
	}
	// The block checkout: the cart's quantity changes, the shipping rate
	// and every address field the buyer leaves go through the batch
	// endpoint (14 calls), then the checkout, declined once.
	k := "84.133.41.7"
	add(k, time.Second, "GET", "/cart/", "", 200)
	for i := range 6 {
		add(k, time.Duration(5+3*i)*time.Second, "POST", "/wp-json/wc/store/v1/batch", "", 207)
	}
	add(k, 40*time.Second, "GET", "/checkout/", "", 200)
	for i := range 8 {
		add(k, time.Duration(45+4*i)*time.Second, "POST", "/wp-json/wc/store/v1/batch", "", 207)
	}
	add(k, 90*time.Second, "POST", "/wp-json/wc/store/v1/checkout", "", 400)
	add(k, 120*time.Second, "POST", "/wp-json/wc/store/v1/checkout", "", 200)
	// A synthetic monitor placing a test order every 5 minutes for 3
	// hours: the checkout page, then the order.
	m := "34.120.9.9"
	for i := range 36 {
		at := time.Duration(i) * 5 * time.Minute
		add(m, at, "GET", "/checkout/", "", 200)
		add(m, at+2*time.Second, "POST", "/", "wc-ajax=checkout", 200)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{b, r, o, k, m} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}

// Views banked before the attempts (a crawl of 200 pages, then card
// after card with nothing between) hold the ratio up only until the
// attempts outnumber them: the halving past abuseHalve units dilutes
// them. And a tester that makes 5 requests per attempt is let through
// (the documented price); this pins where the line is.
func TestAbuseWindowBankedViews(t *testing.T) {
	t.Parallel()
	var reqs []req
	ref := "https://shop.example/checkout/"
	bank := "176.97.213.1"
	at := time.Second
	reqs = append(reqs, req{at: at, ip: bank, method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, ua: chrome, referer: ref})
	for i := range 200 {
		at += 2 * time.Second
		reqs = append(reqs, req{at: at, ip: bank, method: "GET", path: fmt.Sprintf("/product/p%d/", i), status: 200, ua: chrome, referer: ref})
	}
	first := len(reqs)
	for range 200 {
		at += 3 * time.Second
		reqs = append(reqs, req{at: at, ip: bank, method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, ua: chrome, referer: ref})
	}
	five := "176.97.213.2"
	for i := range 40 {
		a := time.Duration(i) * 10 * time.Second
		for j, p := range []string{"/checkout/", "/a.css", "/b.js", "/c.js", "/d.png"} {
			reqs = append(reqs, req{at: a + time.Duration(j)*time.Millisecond, ip: five, method: "GET", path: p, status: 200, ua: chrome, referer: ref})
		}
		reqs = append(reqs, req{at: a + time.Second, ip: five, method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, ua: chrome, referer: ref})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	if n := got[bank]; n < first || n > first+120 {
		t.Errorf("tester with 200 banked views banked: banned at its request %d (%v), want by its 120th card (request %d)", n, why[bank], first+120)
	}
	if n := got[five]; n >= 0 {
		t.Errorf("tester with 5 requests per card banned at its request %d (%v): the line moved, update the doc", n, why[five])
	}
}
