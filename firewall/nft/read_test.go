//go:build linux

package nft

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
)

// Compile-time check that Backend satisfies the contract.
var _ firewall.Backend = (*Backend)(nil)

func TestPairIntervals(t *testing.T) {
	key := func(s string) []byte { return netip.MustParseAddr(s).AsSlice() }
	// Descending, as the kernel dumps today, with nft's leading 0.0.0.0
	// end marker, adjacent ranges sharing a key, a hand-made range and an
	// open range to the last address.
	elems := []nftables.SetElement{
		{Key: key("255.255.255.0"), Expires: time.Minute},
		{Key: key("10.0.2.6"), IntervalEnd: true},
		{Key: key("10.0.2.1"), Expires: 2 * time.Hour},
		{Key: key("10.0.2.0"), IntervalEnd: true},
		{Key: key("10.0.1.0"), Expires: time.Hour},
		{Key: key("10.0.1.0"), IntervalEnd: true},
		{Key: key("10.0.0.0")},
		{Key: key("0.0.0.0"), IntervalEnd: true},
	}
	got := pairIntervals(elems)
	want := []firewall.Entry{
		{Prefix: netip.MustParsePrefix("10.0.0.0/24")},
		{Prefix: netip.MustParsePrefix("10.0.1.0/24"), Expires: time.Hour},
		{Prefix: netip.MustParsePrefix("10.0.2.1/32"), Expires: 2 * time.Hour},
		{Prefix: netip.MustParsePrefix("10.0.2.2/31"), Expires: 2 * time.Hour},
		{Prefix: netip.MustParsePrefix("10.0.2.4/31"), Expires: 2 * time.Hour},
		{Prefix: netip.MustParsePrefix("255.255.255.0/24"), Expires: time.Minute},
	}
	if len(got) != len(want) {
		t.Fatalf("pairIntervals = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %v, want %v", i, got[i], want[i])
		}
	}
	// The hand-made range is one kernel element: only its last prefix
	// stands for it.
	_, ends := pairIntervalsMarked(elems)
	if wantEnds := []bool{true, true, false, false, true, true}; !slices.Equal(ends, wantEnds) {
		t.Errorf("ends = %v, want %v", ends, wantEnds)
	}
}
