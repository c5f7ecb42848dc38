package detector

import (
	"fmt"
	"testing"
	"time"
)

// Stuffing against a form answering 200 (/user/login) by a tool that
// never fetches the form: 40 addresses of one /24, two blind POSTs each,
// 70 s apart, and nothing else. At c40c1ab a repeat needed the form
// fetched between, so none was banned (gridbench -red red-stuffing, seeds
// 3, 4, 5, 9, 11: two thirds of such a campaign). Now a blind POST with no
// request since the address's previous login POST, blindRepeatGap or more
// after it, is a late repeat, and a late repeater is banned once
// subnetLateAddrs addresses of the /24 hold marks.
func TestBlindStuffingLateRepeats(t *testing.T) {
	var reqs []req
	for i := range 40 {
		ip := fmt.Sprintf("203.0.113.%d", 10+i)
		at := time.Duration(i) * 20 * time.Second
		for k := range 2 {
			reqs = append(reqs, req{at: at + time.Duration(k)*70*time.Second, ip: ip, method: "POST", path: "/user/login", status: 200, ua: chrome})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	n := 0
	for ip, k := range at {
		if k >= 0 {
			n++
			if k != 1 {
				t.Errorf("%s banned at its request #%d by %v, want #1 (its second POST)", ip, k, why[ip])
			}
		}
	}
	if n < 30 {
		t.Errorf("%d of 40 two-guess blind stuffers banned, want >= 30 (all but the first marks)", n)
	}
}

// Phones of a carrier /24 signing in in two steps on one endpoint whose
// one-time code comes slowly (an SMS: 35-60 s after the password, nothing
// between), one phone a minute for two hours, each glancing at the app
// afterwards (1-3 requests, fewer than subnetOthers); one in ten is put
// away at once (nothing after its code). Their second POSTs are late
// repeats, but a late mark goes at the address's first other request, so
// the marks never add up to subnetLateAddrs: none is banned. Kept marks
// (taken back only after subnetOthers requests) banned phones from the
// eighth on.
func TestSlowOTPPhonesNotBanned(t *testing.T) {
	var reqs []req
	ua := "MyApp/5.2 (iPhone; iOS 18.1) CFNetwork/1568 Darwin/24.1.0"
	for i := range 120 {
		ip := fmt.Sprintf("100.64.9.%d", 10+i)
		at := time.Duration(i) * time.Minute
		code := at + time.Duration(35+i%26)*time.Second
		reqs = append(reqs,
			req{at: at, ip: ip, method: "POST", path: "/auth/login", status: 200, ua: ua},
			req{at: code, ip: ip, method: "POST", path: "/auth/login", status: 200, ua: ua})
		if i%10 == 3 {
			continue
		}
		for k := range 1 + i%3 {
			reqs = append(reqs, req{at: code + time.Second + time.Duration(k)*3*time.Second, ip: ip, path: "/api/v1/feed", ua: ua})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := bannedIPs(at); n > 0 {
		t.Errorf("%d of 120 slow-OTP phones banned, e.g. %v", n, why)
	}
}
