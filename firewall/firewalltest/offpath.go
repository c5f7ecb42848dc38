//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// OffBanPath runs read (a census, a List) on fw, which holds 100,000
// bans, and bans a few new addresses, paced, while it runs: the first ban,
// sent 20 ms into the read, must complete before the read returns, since
// reads of whole sets must never hold the lock the ban path takes.
func OffBanPath(t *testing.T, fw firewall.Backend, name string, read func() error) {
	t.Helper()
	ctx := context.Background()
	started := time.Now()
	done := make(chan time.Time, 1)
	go func() {
		if err := read(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		done <- time.Now()
	}()
	time.Sleep(20 * time.Millisecond) // let the read take whatever lock it takes
	var ended []time.Time
	var readEnd time.Time
	for i := 0; readEnd.IsZero(); i++ {
		if i < 20 {
			a := netip.AddrFrom4([4]byte{198, 18, byte(len(name)), byte(i)})
			if err := fw.Ban(ctx, []firewall.Ban{{Prefix: netip.PrefixFrom(a, 32), Timeout: time.Hour}}); err != nil {
				t.Fatalf("Ban: %v", err)
			}
			ended = append(ended, time.Now())
		}
		select {
		case readEnd = <-done:
		case <-time.After(5 * time.Millisecond):
		}
	}
	if ended[0].After(readEnd) {
		t.Errorf("%s: a ban sent 20 ms into it (it took %s) completed after it returned: it holds up the ban path",
			name, readEnd.Sub(started).Round(time.Millisecond))
	}
	n := 0
	for _, e := range ended {
		if e.Before(readEnd) {
			n++
		}
	}
	t.Logf("%s: %s, %d bans completed during it", name, readEnd.Sub(started).Round(time.Millisecond), n)
}

// ListOffBanPath: List of 100,000 bans does not hold up bans.
func ListOffBanPath(t *testing.T, open Open) {
	t.Parallel()
	fw := preloadedT(t, open)
	OffBanPath(t, fw, "List", func() error {
		l, err := fw.List(context.Background())
		if err == nil && len(l) < 100_000 {
			t.Errorf("List returned %d bans, want 100,000 or more", len(l))
		}
		return err
	})
}
