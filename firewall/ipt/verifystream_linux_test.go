//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestVerifySeesDeletionDuringBanStream: one of our elements deleted from
// outside (`ipset del`) while new bans stream in (back to back, as the
// daemon loads a burst of offenders). Verify compares counts read
// without the backend's lock and starts again when a change landed
// meanwhile; before, after three such attempts it returned "no drift",
// so under a steady stream the count check never looked (CI at 69a5d1e:
// TestDriftRepairMoreIPTables, back only after the next full audit,
// ~9 s). Now the last attempt reads the counts under the lock, exactly:
// the deletion is reported by every Verify. Audits are off (pace) so
// only the count check can see it.
func TestVerifySeesDeletionDuringBanStream(t *testing.T) {
	ns := netnstest.New(t)
	fw := opener("nft")(t, ns, nil)
	b := fw.(*Backend)
	b.pace.Every = time.Hour
	b.pace.Due(func() {}) // the first audit "ran": none for an hour
	ctx := context.Background()
	var base []firewall.Ban
	for i := range 1000 {
		base = append(base, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}), 32), Timeout: time.Hour})
	}
	if err := fw.Ban(ctx, base); err != nil {
		t.Fatal(err)
	}
	if d, err := fw.Verify(ctx); err != nil || !d.Empty() {
		t.Fatalf("Verify before the fault: %v, %v", d, err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 19, byte(i >> 8), byte(i)}), 32)
			if err := fw.Ban(ctx, []firewall.Ban{{Prefix: p, Timeout: time.Hour}}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	defer func() { close(stop); wg.Wait() }()
	time.Sleep(50 * time.Millisecond)
	// No false drift from the stream itself (a needless repair each time).
	for i := range 5 {
		if d, err := fw.Verify(ctx); err != nil || !d.Empty() {
			t.Fatalf("Verify %d during the stream, nothing deleted: %s, %v", i+1, d, err)
		}
	}
	ns.Run(t, "ipset", "del", "guardctl-ban4", "100.64.0.7")
	for i := range 5 {
		d, err := fw.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Empty() {
			t.Fatalf("an element deleted during a stream of bans: Verify %d reported no drift", i+1)
		}
		t.Logf("Verify %d reported: %s", i+1, d)
	}
}
