//go:build linux

package nft

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Unban tests from the review of 9dafd5a: each failed at 9dafd5a.

// TestReviewUnbanAfterHandDeleteResurrects: a prefix this process banned,
// deleted by hand, then unbanned with Unban (which reports success) must
// be forgotten and stay out of the kernel. At 9dafd5a it stayed in
// b.loaded (planIntervals ignored a candidate the kernel lacked) and the
// next rebuild put it back: an address the operator removed AND unbanned
// was blocked again for the rest of its timeout.
func TestReviewUnbanAfterHandDeleteResurrects(t *testing.T) {
	ns, b, ctx := freshBackend(t)
	p := netip.MustParsePrefix("10.9.0.0/24")
	mustBan(t, b, firewall.Ban{Prefix: p, Timeout: time.Hour})
	ns.Run(t, "nft", "delete", "element", "inet", "guardctl", "bannet4", "{ 10.9.0.0/24 }")
	if err := b.Unban(ctx, []netip.Prefix{p}); err != nil {
		t.Fatalf("Unban: %v", err)
	}
	if b.loaded[setBanNet4].Has(p) {
		t.Errorf("after Unban, %s is still recorded as loaded", p)
	}
	noDrift(t, b, "after the hand delete and the Unban")
	forceRebuild(t, b, 100)
	if s := held4(t, b, "10.9.0.7"); s.IsValid() {
		t.Errorf("10.9.0.7 is blocked again after a rebuild (range from %s), although %s was unbanned", s, p)
	}
}

// TestReviewUnbanBesideExpiredNeighbour: a live /24 whose upper neighbour
// (sharing its end key) expired and was not collected yet (the set was
// left alone: interval sets collect only at a commit) must be unbanned.
// At 9dafd5a rangeOf's endsBefore found neither the end nor a live start
// at the shared key, so the /24 was "not one prefix" and Unban failed
// with the "added by hand?" error, leaving the ban in the kernel.
func TestReviewUnbanBesideExpiredNeighbour(t *testing.T) {
	_, b, ctx := freshBackend(t)
	mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix("10.0.199.0/24"), Timeout: time.Hour},
		firewall.Ban{Prefix: netip.MustParsePrefix("10.0.200.0/24"), Timeout: 100 * time.Millisecond})
	time.Sleep(1500 * time.Millisecond) // no commit on the set meanwhile
	err := b.Unban(ctx, []netip.Prefix{netip.MustParsePrefix("10.0.199.0/24")})
	if err != nil {
		t.Errorf("Unban(10.0.199.0/24): %v", err)
	}
	if s := held4(t, b, "10.0.199.1"); s.IsValid() {
		t.Errorf("10.0.199.1 still banned (range from %s) after Unban", s)
	}
}
