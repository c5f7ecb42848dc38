package detector

import (
	"testing"
	"time"
)

// Fixer of review rev-abuse s10: a reception desk's CF7 form is no spam,
// and card testing escapes neither by the query's spelling nor through
// the Store API (TestRevAbuseS10Benign: the kiosk, the buyer, the app).
func TestFixAbuseS10(t *testing.T) {
	t.Parallel()
	var reqs []req
	// Reception desk: visitors sign in on one CF7 form, 14 posts 30 s
	// to 3 min apart.
	d := "91.64.12.9"
	reqs = append(reqs, req{at: time.Second, ip: d, method: "GET", path: "/visitor-log/", ua: chrome})
	at := time.Second
	for i := range 14 {
		at += time.Duration(30+(i*53)%150) * time.Second
		reqs = append(reqs, req{at: at, ip: d, method: "POST", path: "/wp-json/contact-form-7/v1/contact-forms/7/feedback", status: 200, ua: chrome, referer: "https://shop.example/visitor-log/"})
	}
	type tool struct {
		ip, path, query, ref string
		status               int
		gap                  time.Duration
	}
	tools := []tool{
		{"176.97.211.20", "/", "wc-ajax=checkou%74", "https://shop.example/checkout/", 200, time.Second},
		{"176.97.211.21", "/", "wc%2Dajax=apply%5Fcoupon", "https://shop.example/cart/", 200, time.Second},
		{"176.97.211.22", "/", "wc-ajax=x&wc-ajax=checkout", "https://shop.example/checkout/", 200, time.Second},
		{"176.97.211.23", "/wp-json/wc/store/v1/checkout", "", "https://shop.example/checkout/", 400, time.Second},
		{"176.97.211.24", "/wp-json/wc/store/v1/cart/apply-coupon", "", "https://shop.example/cart/", 400, 2 * time.Second},
		{"176.97.211.25", "/wp-json/contact-form-7/v1/contact-forms/5/feedback", "", "https://shop.example/contact/", 200, 2 * time.Second},
		{"176.97.211.26", "/wp-json/contact-form-7/v1/contact-forms/5/feedback", "", "", 200, 45 * time.Second},
	}
	for _, c := range tools {
		reqs = append(reqs, burst(c.ip, 40, time.Second, c.gap, req{method: "POST", path: c.path, query: c.query, status: c.status, ua: chrome, referer: c.ref})...)
	}
	// A buyer through the block checkout: 2 declines (400), then paid.
	b := "84.133.40.6"
	reqs = append(reqs, req{at: 2 * time.Second, ip: b, method: "GET", path: "/checkout/", ua: chrome, referer: "https://shop.example/cart/"})
	for i, s := range []int{400, 400, 200} {
		reqs = append(reqs, req{at: time.Duration(30+20*i) * time.Second, ip: b, method: "POST", path: "/wp-json/wc/store/v1/checkout", status: s, ua: chrome, referer: "https://shop.example/checkout/"})
	}
	// wc-ajax's last value is what PHP routes: a checkout's query with
	// a stray earlier wc-ajax=checkout is an update_order_review.
	u := "84.133.40.7"
	for i := range 20 {
		reqs = append(reqs, req{at: time.Duration(3+2*i) * time.Second, ip: u, method: "POST", path: "/", query: "wc-ajax=checkout&wc-ajax=update_order_review", status: 200, ua: chrome, referer: "https://shop.example/checkout/"})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{d, b, u} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
	for _, c := range tools {
		if n := got[c.ip]; n < 0 || n > 9 {
			t.Errorf("%s POSTing %s?%s (%d, Referer %q) every %v banned at its request %d (%v), want by its 10th", c.ip, c.path, c.query, c.status, c.ref, c.gap, n, why[c.ip])
		}
	}
}

// The app's double tap is one refusal; a guesser at 2/s or 1/s on the
// same endpoint is still banned within its 8th guess.
func TestAPILogin400DoubleTap(t *testing.T) {
	t.Parallel()
	var reqs []req
	for i, g := range []time.Duration{500 * time.Millisecond, time.Second, 3 * time.Second} {
		ip := []string{"193.36.7.20", "193.36.7.21", "193.36.7.22"}[i]
		reqs = append(reqs, burst(ip, 30, time.Second, g, req{method: "POST", path: "/api/v1/sessions", status: 400, ua: "python-requests/2.31"})...)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{"193.36.7.20", "193.36.7.21", "193.36.7.22"} {
		if n := got[ip]; n < 0 || n > 7 {
			t.Errorf("%s banned at its request %d (%v), want by its 8th", ip, n, why[ip])
		}
	}
}
