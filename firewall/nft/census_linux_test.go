//go:build linux

package nft

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// openNoCount opens a backend that counts as on Linux < 6.14 (no
// NFTA_SET_COUNT: every census that needs counts dumps the sets), holding
// 100,000 host bans.
func openNoCount(t testing.TB) *Backend {
	t.Helper()
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	b := open(t, ns, nil).(*Backend)
	b.noCount = true
	b.pace.Every = 0 // every Verify audits the elements
	if err := b.Ban(context.Background(), firewalltest.Many(100_000, time.Hour)); err != nil {
		t.Fatalf("Ban 100k: %v", err)
	}
	return b
}

// TestFallbackCensusOffBanPath: on a kernel without element counts, the
// census behind Counts (and the element audit behind Verify) dumps
// 100,000 elements; bans sent while it runs complete before it returns,
// because it reads on its own socket without the lock bans take.
func TestFallbackCensusOffBanPath(t *testing.T) {
	t.Parallel()
	b := openNoCount(t)
	ctx := context.Background()
	firewalltest.OffBanPath(t, b, "Counts", func() error {
		c, err := b.Counts(ctx)
		if err == nil && c.Bans < 100_000 {
			t.Errorf("Counts.Bans = %d with 100k loaded", c.Bans)
		}
		return err
	})
	firewalltest.OffBanPath(t, b, "Verify", func() error {
		d, err := b.Verify(ctx)
		if err == nil && (!d.Empty() || d.AuditedAt.IsZero()) {
			t.Errorf("Verify = %+v, want an audit and no drift", d)
		}
		return err
	})
}

func TestListOffBanPath(t *testing.T) { firewalltest.ListOffBanPath(t, open) }

// BenchmarkBanLatencyDuringFallbackCensus: one Ban call at a time while a
// census without kernel counts (Counts, dumping 100,000 elements) runs
// over and over beside it; p50, p99 and max of the calls.
func BenchmarkBanLatencyDuringFallbackCensus(bm *testing.B) {
	b := openNoCount(bm)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	censuses := 0
	wg.Go(func() {
		for ctx.Err() == nil {
			if _, err := b.Counts(ctx); err != nil && ctx.Err() == nil {
				bm.Error(err)
				return
			}
			censuses++
		}
	})
	firewalltest.BanEach(bm, ctx, b, firewalltest.NewHost)
	cancel()
	wg.Wait()
	bm.ReportMetric(float64(censuses), "censuses")
}

// auditing opens backends whose every Verify audits the elements, as on
// Linux < 6.14 with noCount.
func auditing(noCount bool) firewalltest.Open {
	return func(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend {
		b := open(t, ns, mutate).(*Backend)
		b.pace.Every = 0
		b.noCount = noCount
		return b
	}
}

// TestExtra: extras are found with the kernel's counts (a set holding
// more than may be ours is read) and without them (every ban set is read,
// which also finds one of ours swapped for a stranger; with counts a swap
// leaves the count alone and the monitor reports the deletion instead).
func TestExtra(t *testing.T) {
	nft := func(args ...string) firewalltest.Fault {
		return firewalltest.Fault{Name: "nft", Args: append([]string{"nft"}, args...)}
	}
	add := []firewalltest.Fault{
		nft("add", "element", "inet", "guardctl", "ban4", "{ 1.2.3.4 }"),
		nft("add", "element", "inet", "guardctl", "ban6net64", "{ 2001:db8:aa:bb:: }"),
		nft("add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.0/24 }"),
	}
	want := []netip.Prefix{netip.MustParsePrefix("1.2.3.4/32"), netip.MustParsePrefix("2001:db8:aa:bb::/64"), netip.MustParsePrefix("203.0.113.0/24")}
	t.Run("counted", func(t *testing.T) { firewalltest.Extra(t, auditing(false), add, want, nil) })
	t.Run("no count", func(t *testing.T) {
		firewalltest.Extra(t, auditing(true), add, want, []firewalltest.Fault{
			nft("delete", "element", "inet", "guardctl", "ban4", "{ 100.64.0.7 }"),
			nft("add", "element", "inet", "guardctl", "ban4", "{ 198.51.100.9 }"),
		})
	})
}
