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
	b.auditEvery = 0 // every Verify audits the elements
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
	for _, tc := range []struct {
		name   string
		census func() error
	}{
		{"Counts", func() error {
			c, err := b.Counts(ctx)
			if err == nil && c.Bans < 100_000 {
				t.Errorf("Counts.Bans = %d with 100k loaded", c.Bans)
			}
			return err
		}},
		{"Verify", func() error {
			d, err := b.Verify(ctx)
			if err == nil && (!d.Empty() || d.AuditedAt.IsZero()) {
				t.Errorf("Verify = %+v, want an audit and no drift", d)
			}
			return err
		}},
	} {
		started := time.Now()
		done := make(chan time.Time, 1)
		go func() {
			if err := tc.census(); err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			done <- time.Now()
		}()
		// Give the census time to take whatever lock it takes.
		time.Sleep(20 * time.Millisecond)
		// A few bans, paced: the census should not compete with a flood.
		var ended []time.Time
		var censusEnd time.Time
		for i := 0; censusEnd.IsZero(); i++ {
			if i < 20 {
				a := netip.AddrFrom4([4]byte{198, 18, byte(len(tc.name)), byte(i)})
				if err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.PrefixFrom(a, 32), Timeout: time.Hour}}); err != nil {
					t.Fatalf("Ban: %v", err)
				}
				ended = append(ended, time.Now())
			}
			select {
			case censusEnd = <-done:
			case <-time.After(5 * time.Millisecond):
			}
		}
		if ended[0].After(censusEnd) {
			t.Errorf("%s: a ban sent 20 ms into the census (which took %s) completed after it returned: the census holds up the ban path",
				tc.name, censusEnd.Sub(started).Round(time.Millisecond))
		}
		n := 0
		for _, e := range ended {
			if e.Before(censusEnd) {
				n++
			}
		}
		t.Logf("%s: census %s, %d bans completed during it", tc.name, censusEnd.Sub(started).Round(time.Millisecond), n)
	}
}

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

// auditing opens backends whose every Verify audits the elements.
func auditing(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend {
	b := open(t, ns, mutate)
	b.(*Backend).auditEvery = 0
	return b
}

func TestExtra(t *testing.T) {
	nft := func(args ...string) firewalltest.Fault {
		return firewalltest.Fault{Name: "nft", Args: append([]string{"nft"}, args...)}
	}
	firewalltest.Extra(t, auditing,
		[]firewalltest.Fault{
			nft("add", "element", "inet", "guardctl", "ban4", "{ 1.2.3.4 }"),
			nft("add", "element", "inet", "guardctl", "ban6net64", "{ 2001:db8:aa:bb:: }"),
			nft("add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.0/24 }"),
		},
		[]netip.Prefix{netip.MustParsePrefix("1.2.3.4/32"), netip.MustParsePrefix("2001:db8:aa:bb::/64"), netip.MustParsePrefix("203.0.113.0/24")},
		[]firewalltest.Fault{
			nft("delete", "element", "inet", "guardctl", "ban4", "{ 100.64.0.7 }"),
			nft("add", "element", "inet", "guardctl", "ban4", "{ 198.51.100.9 }"),
		})
}
