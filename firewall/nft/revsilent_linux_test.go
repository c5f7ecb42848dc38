//go:build linux

package nft

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Review s12: changes that silently undo a ban and that neither Watch nor
// Verify report (the daemon repairs only what these report).

// TestRevShortenedTimeoutWithStranger: one of our elements gets a 1 s
// timeout and a stranger is added in the same nft transaction. The count
// stays equal to ours, expiry sends no event, and the ban set is read only
// when it holds more than ours: the ban is gone and Verify says nothing.
func TestRevShortenedTimeoutWithStranger(t *testing.T) {
	ns := newNS(t)
	b := open(t, ns, nil)
	ctx := context.Background()
	victim := netip.MustParsePrefix("203.0.113.5/32")
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: victim, Timeout: time.Hour}, {Prefix: netip.MustParsePrefix("203.0.113.6/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 203.0.113.5 timeout 1s expires 1s, 198.51.100.77 timeout 1h }")
	time.Sleep(4 * time.Second) // expiry + hash-set GC
	if es, _ := b.Lookup(ctx, victim); len(es) != 0 {
		t.Fatalf("premise: %s still in the kernel", victim)
	}
	for range 3 { // the daemon's health check; audits are paced at 5 s
		d, err := b.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Empty() {
			return
		}
		time.Sleep(5 * time.Second)
	}
	t.Errorf("%s left the kernel (timeout shortened by hand + one stranger added) and Verify reported no drift", victim)
}

// TestRevAllowElementAdded: an address of a ban added to allow4 by hand
// is accepted before the ban rules; nothing reports it.
func TestRevAllowElementAdded(t *testing.T) {
	ns := newNS(t)
	b := open(t, ns, nil)
	ctx := context.Background()
	victim := netip.MustParsePrefix("203.0.113.5/32")
	if err := b.SetAllow(ctx, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: victim, Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "allow4", "{ 203.0.113.5 }")
	time.Sleep(6 * time.Second)
	d, err := b.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Empty() {
		t.Errorf("allow4 gained %s (a banned address, now accepted before the ban rules) and Verify reported no drift", victim)
	}
}
