package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestWeakHintsRotatingUAsSlow (re-review rr-weak s8 of 3544a44): a scanner
// rotating 4 or 8 user agents after four page loads (so the address looks
// many-user), one 5-point probe every 13-15 s for 30 minutes, was never
// banned: its hints were never paired by user agent nor 5 in a minute.
// weakMany makes them due.
func TestWeakHintsRotatingUAsSlow(t *testing.T) {
	t.Parallel()
	for _, nua := range []int{4, 8} {
		for _, gap := range []time.Duration{13 * time.Second, 15 * time.Second} {
			ip := "198.51.100.7"
			var reqs []req
			// Four ordinary page loads first, one per user agent: the address now looks many-user.
			for j := range 4 {
				reqs = append(reqs, req{at: time.Duration(j) * time.Second, ip: ip, path: "/", ua: fmt.Sprintf("Mozilla/5.0 Gecko/2010%04d Firefox/12%d.0", j, j)})
			}
			for j := range 120 {
				reqs = append(reqs, weakSearch(ip, 10*time.Second+time.Duration(j)*gap, fmt.Sprintf("Mozilla/5.0 Gecko/2010%04d Firefox/12%d.0", j%nua, j%nua), j))
			}
			at, why := run(defaultEngine(t), sorted(reqs))
			if n := at[ip]; n < 0 {
				t.Errorf("%d UAs, 1 probe/%v: 120 weak probes over %v never banned", nua, gap, 120*gap)
			} else {
				t.Logf("%d UAs, 1 probe/%v: banned at probe %d (%v)", nua, gap, n, why[ip])
			}
		}
	}
}
