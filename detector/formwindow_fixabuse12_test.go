package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestFixAbuseS12MagentoOrdersPlaced: Magento's payment-information
// answered 200 placed an order, it is no card attempt (review s12 item
// 1: a headless storefront's middleware and a POS register placing
// orders through the REST API with no page between were banned). A
// tester whose cards are refused (400) with a page before each stays
// banned by its 10th card.
func TestFixAbuseS12MagentoOrdersPlaced(t *testing.T) {
	var reqs []req
	order := func(ip string, at time.Duration, cart string, status int) {
		base := "/rest/default/V1/guest-carts/" + cart
		reqs = append(reqs,
			req{at: at, ip: ip, method: "GET", path: "/rest/default/V1/products/SKU-1", ua: chrome},
			req{at: at + time.Second, ip: ip, method: "POST", path: "/rest/default/V1/guest-carts", ua: chrome},
			req{at: at + 2*time.Second, ip: ip, method: "POST", path: base + "/items", ua: chrome},
			req{at: at + 3*time.Second, ip: ip, method: "POST", path: base + "/shipping-information", ua: chrome},
			req{at: at + 4*time.Second, ip: ip, method: "POST", path: base + "/payment-information", status: status, ua: chrome})
	}
	bff, pos, tester := "34.141.20.7", "213.61.44.90", "185.100.87.41"
	for i := range 40 {
		order(bff, time.Duration(i)*20*time.Second, fmt.Sprintf("c%04d", i), 200)
	}
	for i := range 25 {
		at := time.Duration(i) * 45 * time.Second
		reqs = append(reqs, req{at: at, ip: pos, method: "POST", path: "/rest/default/V1/carts/mine/items", ua: chrome},
			req{at: at + 2*time.Second, ip: pos, method: "POST", path: "/rest/default/V1/carts/mine/payment-information", ua: chrome})
	}
	for i := range 30 {
		at := time.Duration(i) * 15 * time.Second
		reqs = append(reqs, req{at: at, ip: tester, method: "GET", path: "/checkout/", ua: chrome})
		order(tester, at+time.Second, fmt.Sprintf("t%04d", i), 400)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{bff, pos} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s placing orders banned at its request %d (%v)", ip, n, why[ip])
		}
	}
	if n := got[tester]; n < 0 || n > 10*6 {
		t.Errorf("card tester banned at its request %d (%v), want by its 10th card (request 60)", n, why[tester])
	}
}
