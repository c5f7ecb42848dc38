package detector

import (
	"fmt"
	"testing"
	"time"
)

// Benign: a /48 of a mobile carrier (phones on their own /64s) after a
// token revocation: 300 phones refused once in 20 min (background refresh,
// no request before it), 1 in 15 signing in again at once, the rest later.
func TestReviewE2Mobile48Revocation(t *testing.T) {
	t.Parallel()
	var reqs []req
	for i := range 300 {
		ip := fmt.Sprintf("2607:fb90:1:%x::1", 0x100+i)
		at := time.Duration(i) * 4 * time.Second
		reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/oauth/token", status: 400, ua: "okhttp/4.12.0"})
		if i%15 == 0 {
			reqs = append(reqs, req{at: at + 20*time.Second, ip: ip, method: "POST", path: "/oauth/token", status: 200, ua: "okhttp/4.12.0"})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	n, ex := banned(at, why)
	// Aggregated per /56 with successes worth 30 refusals for IPv6: the
	// /56 holding phones 0-255 bans none; the one holding 256-299 sees 14
	// refusals before its first success, as a campaign rotating /64s does
	// (TestReviewSubnetIPv6Rotation wants those banned from the 10th), and
	// bans the rest (34; 270 per /48 before).
	if n > 40 {
		t.Errorf("%d of 300 phones of one /48 refused once banned, e.g. %s", n, ex)
	}
}
