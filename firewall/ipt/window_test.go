package ipt

import (
	"net/netip"
	"testing"
)

// windowPrefixes is n IPv4 /32s.
func windowPrefixes(n int) []netip.Prefix {
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	return ps
}

// BenchmarkWindow100k (review rev14fix s15 item 7): what probeSample does
// under b.mu per list and family at every 250 ms poll, with a 100k IPv4
// list (the IPv6 window finds none: the worst case walks windowSteps).
// It was 17.8 MB allocated per poll.
//
//	go test -run '^$' -bench Window100k -benchmem ./firewall/ipt
func BenchmarkWindow100k(bb *testing.B) {
	ps := windowPrefixes(100000)
	bb.ReportAllocs()
	for bb.Loop() {
		_ = window(ps, true)
		_ = window(ps, false)
	}
}

// TestWindowCovers: a window holds probeSize entries of the family asked
// (none of the other), and over polls reaches every entry, a rare
// family's too.
func TestWindowCovers(t *testing.T) {
	t.Parallel()
	ps := windowPrefixes(1000)
	ps = append(ps, netip.MustParsePrefix("2001:db8::/64"))
	seen := map[netip.Prefix]bool{}
	for range 2000 {
		w := window(ps, true)
		if len(w) != probeSize {
			t.Fatalf("window of %d entries, want %d", len(w), probeSize)
		}
		for _, p := range w {
			if !p.Addr().Is4() {
				t.Fatalf("an IPv6 entry %s in the IPv4 window", p)
			}
			seen[p] = true
		}
	}
	if len(seen) != 1000 {
		t.Errorf("2000 windows reached %d of 1000 entries", len(seen))
	}
	// The one IPv6 entry is within windowSteps of about half the
	// starts: reached in time, not at every poll.
	reached := 0
	for range 200 {
		reached += len(window(ps, false))
	}
	if reached == 0 {
		t.Error("200 IPv6 windows never reached the list's one IPv6 entry")
	}
}
