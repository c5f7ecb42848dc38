//go:build linux

package nft

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// nets24 returns n /24s from first.0.0.0 up.
func nets24(first byte, n int) []firewall.Ban {
	out := make([]firewall.Ban, n)
	for i := range out {
		out[i] = firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{first + byte(i>>16), byte(i >> 8), byte(i), 0}), 24), Timeout: time.Hour}
	}
	return out
}

// BenchmarkClearCheck weighs the two ways Ban decides whether a batch of
// new prefixes can be sent as it is: lookups (two or three per prefix,
// clearByLookups) against a read of the interval sets and the plan, with
// the interval set holding 0 to 100,000 prefixes. lookupWeight and
// readBase come from it.
func BenchmarkClearCheck(bm *testing.B) {
	for _, held := range []int{0, 10_000, 100_000} {
		ns := netnstest.New(bm)
		b := open(bm, ns, nil).(*Backend)
		if held > 0 {
			if err := b.Ban(bm.Context(), nets24(20, held)); err != nil {
				bm.Fatal(err)
			}
		}
		for _, n := range []int{64, 256, 1024} {
			groups := map[string][]firewall.Ban{setBanNet4: nets24(100, n)}
			bm.Run(fmt.Sprintf("held=%d/n=%d/lookups", held, n), func(bm *testing.B) {
				for bm.Loop() {
					if clear, err := b.clearByLookups(groups); err != nil || !clear {
						bm.Fatal(clear, err)
					}
				}
			})
			bm.Run(fmt.Sprintf("held=%d/n=%d/read", held, n), func(bm *testing.B) {
				for bm.Loop() {
					var existing []firewall.Entry
					for _, set := range []string{setBanNet4, setBanNet6} {
						es, _, err := b.readSetMarked(b.raw, set)
						if err != nil {
							bm.Fatal(err)
						}
						existing = append(existing, es...)
					}
					firewall.Plan(existing, groups[setBanNet4])
				}
			})
		}
	}
}
