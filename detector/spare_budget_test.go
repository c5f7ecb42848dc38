package detector

import (
	"net/netip"
	"testing"
)

// TestSpareBudgetOwnKey (review rev-flood s11): one client's spared
// downloads never spend another's budget. 26308f7 kept the budgets by a
// 12-bit hash of the address: runner A (10.20.3.115) fetching 900
// artifacts spent the slot of runner B (10.20.30.41), whose yarn install
// was then banned (fixture spare-budget-slot-shared).
func TestSpareBudgetOwnKey(t *testing.T) {
	t.Parallel()
	s := new(floodSpare)
	a, b := netip.MustParseAddr("10.20.3.115"), netip.MustParseAddr("10.20.30.41")
	const te = int64(1e12)
	n := 0
	for s.spend(a, te, 1) {
		n++
	}
	if n != floodSpareBurst {
		t.Fatalf("A spent %d spared downloads at once, want the budget %d", n, floodSpareBurst)
	}
	for i := range floodSpareBurst {
		if !s.spend(b, te, 1) {
			t.Fatalf("B refused its spared download %d: A's downloads spent B's budget", i+1)
		}
	}
	if s.spend(b, te, 1) {
		t.Errorf("B spared beyond its budget")
	}
	// Two IPv6 addresses of one /64 share a budget (a host may use any
	// address of its /64); another /64 has its own.
	c, d, o := netip.MustParseAddr("2001:db8:1:2::1"), netip.MustParseAddr("2001:db8:1:2:ffff::9"), netip.MustParseAddr("2001:db8:1:3::1")
	for range floodSpareBurst {
		s.spend(c, te, 1)
	}
	if s.spend(d, te, 1) {
		t.Errorf("another address of a spent /64 got a spare")
	}
	if !s.spend(o, te, 1) {
		t.Errorf("a /64 whose budget nobody spent got no spare")
	}
	// A budget refills with time: after a second one more spare.
	if !s.spend(a, te+1e9, 1) {
		t.Errorf("A's budget did not refill after a second")
	}
}
