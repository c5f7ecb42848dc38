//go:build linux

package nft

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestWatchListSameCountEdit (session 14, the nftables side of review
// rev-enforce s14 item 1): another process deletes a deny entry of ours
// and adds a stranger to the list's set in one batch, or flushes it and
// refills it with as many strangers. Watch reported it at once, but the
// repair's Ensure reloaded a list only when its count differed: "kernel
// ruleset repaired", status healthy, the denied address through for good.
// Now the event marks the list and Ensure reloads it.
func TestWatchListSameCountEdit(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	deny := []netip.Prefix{netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("198.51.100.0/24")}
	if err := b.SetList(ctx, "deny", deny); err != nil {
		t.Fatal(err)
	}
	ch, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, fault := range []struct{ name, nft string }{
		{"entry of ours deleted and a stranger added", "delete element inet guardctl l_deny4 { 203.0.113.7 }; add element inet guardctl l_deny4 { 192.0.2.3 }"},
		{"set flushed and refilled with as many strangers", "flush set inet guardctl l_deny4; add element inet guardctl l_deny4 { 192.0.2.3, 192.0.2.4 }"},
	} {
		ns.Run(t, "nft", fault.nft)
		if _, ok := watchFor(t, ch, 2*time.Second, "set l_deny4"); !ok {
			t.Errorf("%s: Watch reported nothing", fault.name)
		}
		if err := b.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", "l_deny4")
		if !strings.Contains(got, "203.0.113.7") || strings.Contains(got, "192.0.2.3") {
			t.Errorf("%s: after Ensure (the repair) the deny set is not ours:\n%s", fault.name, got)
		}
	}
}
