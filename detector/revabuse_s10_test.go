package detector

import (
	"testing"
	"time"
)

// Review rev-abuse s10: people that 0e2315c / ba02c74 ban.
func TestRevAbuseS10Benign(t *testing.T) {
	t.Parallel()
	var reqs []req
	// A trade-show kiosk (or a reception desk): one CF7 lead form,
	// submitted by each visitor 1.5-7 min apart; CF7 never reloads the page.
	k := "62.153.7.20"
	reqs = append(reqs, req{at: time.Second, ip: k, method: "GET", path: "/event-signup/", ua: chrome})
	at := time.Second
	for i := range 14 {
		at += time.Duration(90+(i*37)%300) * time.Second
		reqs = append(reqs, req{at: at, ip: k, method: "POST", path: "/wp-json/contact-form-7/v1/contact-forms/42/feedback", status: 200, ua: chrome, referer: "https://shop.example/event-signup/"})
	}
	// A buyer whose card is declined 4 times in a row (WooCommerce sends
	// no update_order_review after a decline), then pays.
	b := "84.133.40.5"
	reqs = append(reqs, req{at: 2 * time.Second, ip: b, method: "GET", path: "/checkout/", ua: chrome, referer: "https://shop.example/cart/"})
	for i := range 6 {
		reqs = append(reqs, req{at: time.Duration(30+30*i) * time.Second, ip: b, method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, ua: chrome, referer: "https://shop.example/checkout/"})
	}
	reqs = append(reqs, req{at: 215 * time.Second, ip: b, method: "GET", path: "/checkout/order-received/4711/", query: "key=wc_order_x", ua: chrome, referer: "https://shop.example/checkout/"})
	// An app user double-tapping Sign in with a malformed e-mail (400
	// validation), twice, then fixing it.
	a := "100.64.9.20"
	for i, d := range []time.Duration{0, 600 * time.Millisecond, 12 * time.Second, 12500 * time.Millisecond} {
		_ = i
		reqs = append(reqs, req{at: 5*time.Second + d, ip: a, method: "POST", path: "/api/v1/sessions", status: 400, ua: "okhttp/4.12.0"})
	}
	reqs = append(reqs, req{at: 30 * time.Second, ip: a, method: "POST", path: "/api/v1/sessions", status: 201, ua: "okhttp/4.12.0"})
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{k, b, a} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
