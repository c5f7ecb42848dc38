//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"testing"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestUnbanKeepsWhatIsOutside is the nftables test of that name for
// hash:net: random bans, random entries added by hand, and unbans the
// way the daemon makes them (an address named with what Lookup found, a
// network with every entry read inside it). Within 10.200.0.0/22 an
// address outside the unbanned network stays blocked or free as before,
// and no entry equal to or inside the network is left.
func TestUnbanKeepsWhatIsOutside(t *testing.T) {
	t.Parallel()
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	ctx := context.Background()
	r := firewalltest.NewRand(t)
	read := func() []firewall.Entry {
		es, err := b.Peek(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	blocked := func(es []firewall.Entry, a netip.Addr) bool {
		for _, e := range es {
			if e.Prefix.Contains(a) {
				return true
			}
		}
		return false
	}
	for round := range 60 {
		switch r.IntN(3) {
		case 0:
			bans := r.Bans()
			if err := b.Ban(ctx, bans); err != nil {
				t.Fatalf("round %d: Ban(%v): %v", round, bans, err)
			}
		case 1:
			_, _ = ns.Output("ipset", "add", "guardctl-ban4", r.Prefix(24, 32).String(), "timeout", "3600")
		}
		net := r.Prefix(23, 32)
		named := firewalltest.Named(t, b, net)
		before := read()
		if err := b.Unban(ctx, named); err != nil {
			t.Fatalf("round %d: Unban(%v): %v", round, named, err)
		}
		after := read()
		for _, e := range after {
			if net.Bits() <= e.Prefix.Bits() && net.Contains(e.Prefix.Addr()) {
				t.Fatalf("round %d: unban of %s left %s", round, net, e.Prefix)
			}
		}
		for i := range firewalltest.Addrs {
			if a := r.Addr(i); !net.Contains(a) && blocked(before, a) != blocked(after, a) {
				t.Fatalf("round %d: unban of %s changed %s outside it", round, net, a)
			}
		}
	}
}
