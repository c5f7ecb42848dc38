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
	t.Parallel()
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

// TestFixAbuseS12ResetSteps: setting the new password is no second reset
// request where the URL tells it (a token segment or parameter, Laravel's
// /password/reset), and a reset sent counts half a unit (review s12 item
// 2: a university NAT after a forced expiry and a help desk sending 30
// resets were banned). Enumerators answered 404 stay banned by their
// 10th POST.
func TestFixAbuseS12ResetSteps(t *testing.T) {
	t.Parallel()
	var reqs []req
	nat, desk := "141.20.8.1", "81.2.69.10"
	for i := range 45 {
		at := time.Duration(i) * 50 * time.Second
		tok := fmt.Sprintf("%040x", 0x5eed0000+i*7919)
		if i%4 == 0 {
			// mistyped the address once
			reqs = append(reqs, req{at: at, ip: nat, method: "POST", path: "/api/auth/forgot-password", status: 404, ua: chrome})
		}
		reqs = append(reqs,
			req{at: at + 5*time.Second, ip: nat, method: "POST", path: "/api/auth/forgot-password", ua: chrome},
			req{at: at + 30*time.Second, ip: nat, method: "GET", path: "/reset-password", query: "token=" + tok, ua: chrome},
			req{at: at + 40*time.Second, ip: nat, method: "POST", path: "/api/auth/reset-password/" + tok, ua: chrome},
			req{at: at + 41*time.Second, ip: nat, method: "POST", path: "/password/reset", status: 302, ua: chrome},
			req{at: at + 42*time.Second, ip: nat, method: "POST", path: "/api/auth/login", ua: chrome})
	}
	for i := range 30 {
		at := time.Duration(i) * 20 * time.Second
		reqs = append(reqs, req{at: at, ip: desk, method: "GET", path: "/api/admin/users", query: fmt.Sprintf("q=student%d", i), ua: chrome},
			req{at: at + 5*time.Second, ip: desk, method: "POST", path: fmt.Sprintf("/api/admin/users/%d/reset-password", 4000+i*97), ua: chrome})
	}
	enum := map[string]req{
		"45.155.205.20": {method: "POST", path: "/api/v1/auth/password-reset", status: 404, ua: chrome},
		"45.155.205.21": {method: "POST", path: "/forgot-password", status: 404, ua: chrome},
		"45.155.205.22": {method: "POST", path: "/reset-password", status: 404, ua: chrome},
	}
	for ip, r := range enum {
		reqs = append(reqs, burst(ip, 30, 0, time.Second, r)...)
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{nat, desk} {
		if n := got[ip]; n >= 0 {
			t.Errorf("%s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
	for ip := range enum {
		if n := got[ip]; n < 0 || n > 9 {
			t.Errorf("enumerator %s banned at its request %d (%v), want by its 10th", ip, n, why[ip])
		}
	}
}

// TestFixAbuseS12MonitorPeriodNotForRefusals: the monitor's period (a
// steady gap of 60 s or more) spares no reset or comment answered 4xx
// (review s12 item 5: a blind reset enumerator every 60-63 s and a
// comment bot every 61-64 s were never banned). A monitor placing a
// test order every 5 minutes, and one sending a reset every 2 minutes
// answered 200, stay free.
func TestFixAbuseS12MonitorPeriodNotForRefusals(t *testing.T) {
	t.Parallel()
	var reqs []req
	enum, bot := "45.155.205.6", "185.220.101.7"
	for i := range 120 {
		j := time.Duration(i%2) * time.Second // 61-62 s, 62-63 s: within the 3 s
		reqs = append(reqs, req{at: time.Duration(i)*61*time.Second + j, ip: enum, method: "POST", path: "/api/v1/auth/password-reset", status: 404, ua: chrome},
			req{at: time.Duration(i)*62*time.Second + j, ip: bot, method: "POST", path: "/wp-comments-post.php", status: []int{403, 409}[i%2], ua: chrome})
	}
	mon, rmon := "69.162.124.10", "69.162.124.11"
	for i := range 60 {
		reqs = append(reqs, req{at: time.Duration(i) * 5 * time.Minute, ip: mon, method: "POST", path: "/", query: "wc-ajax=checkout", ua: "monitor/1.0"},
			req{at: time.Duration(i) * 2 * time.Minute, ip: rmon, method: "POST", path: "/forgot-password", ua: "monitor/1.0"})
	}
	got, why := run(defaultEngine(t), sorted(reqs))
	for _, ip := range []string{enum, bot} {
		if n := got[ip]; n < 0 || n > 20 {
			t.Errorf("%s at a steady ~60 s, refused, banned at its request %d (%v), want by its 20th", ip, n, why[ip])
		}
	}
	for _, ip := range []string{mon, rmon} {
		if n := got[ip]; n >= 0 {
			t.Errorf("monitor %s banned at its request %d (%v)", ip, n, why[ip])
		}
	}
}
