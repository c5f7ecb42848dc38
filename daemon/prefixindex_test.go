package daemon

import (
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/state"
)

// randomPrefixes draws nested and disjoint prefixes of both families in a
// small space, so that many overlap.
func randomPrefixes(r *rand.Rand, n int) []netip.Prefix {
	out := make([]netip.Prefix, n)
	for i := range out {
		if r.IntN(3) == 0 {
			var a [16]byte
			a[0], a[1], a[7], a[15] = 0x20, 0x01, byte(r.IntN(4)), byte(r.IntN(4))
			out[i] = netip.PrefixFrom(netip.AddrFrom16(a), []int{48, 56, 64, 120, 128}[r.IntN(5)]).Masked()
			continue
		}
		a := netip.AddrFrom4([4]byte{10, byte(r.IntN(3)), byte(r.IntN(4)), byte(r.IntN(8))})
		out[i] = netip.PrefixFrom(a, []int{8, 16, 22, 24, 30, 32, 32, 32}[r.IntN(8)]).Masked()
	}
	return out
}

// TestPrefixIndexAgreesWithComparisons: within and overlaps answer what a
// comparison with every member answers.
func TestPrefixIndexAgreesWithComparisons(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		members := randomPrefixes(r, r.IntN(12))
		x := newPrefixIndex(members, true)
		for _, p := range randomPrefixes(r, 20) {
			var over, in, strictly bool
			for _, m := range members {
				over = over || m.Overlaps(p)
				contains := m.Bits() <= p.Bits() && m.Contains(p.Addr())
				in = in || contains
				strictly = strictly || contains && m.Bits() < p.Bits()
			}
			if x.overlaps(p) != over || x.within(p, false) != in || x.within(p, true) != strictly {
				t.Fatalf("round %d, %s against %v: overlaps %v within %v strictly %v; want %v %v %v",
					round, p, members, x.overlaps(p), x.within(p, false), x.within(p, true), over, in, strictly)
			}
		}
	}
}

// BenchmarkStaleElements: the start's comparison of the kernel's elements
// with the store's active bans, 100k of each (a restart with 100k bans
// loaded). It compared every element with every ban until one overlapped:
// minutes at this size.
//
//	go test ./daemon -run '^$' -bench StaleElements -benchtime 5x
func BenchmarkStaleElements(b *testing.B) {
	now := time.Now()
	var kernel []firewall.Entry
	var active []state.Ban
	for p := range activeMix(100_000, 30_000, now) {
		kernel = append(kernel, firewall.Entry{Prefix: p})
		active = append(active, state.Ban{Prefix: p})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if stale := staleElements(kernel, active); len(stale) != 0 {
			b.Fatalf("%d stale", len(stale))
		}
	}
}
