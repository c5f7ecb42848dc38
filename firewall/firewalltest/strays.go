//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// peeker reads the ban sets without adopting what it reads (both kernel
// backends): what an unban does to find what the kernel holds.
type peeker interface {
	Peek(ctx context.Context) ([]firewall.Entry, error)
}

// UnbanStrays: elements someone else put into the ban sets (add, in
// whatever set the command names, e.g. a single address in an nftables
// interval set) are removed by the unban path the daemon and the offline
// CLI take, and only those: an address is looked up (Lookup must report
// it) and unbanned by name; a network is read (Peek) and unbanned with
// every element read inside it named (manualban.Named). Afterwards the
// kernel's own listing (kernel: nft list table / ipset list) must not
// name any of them, and the bans of ours around them must all stay.
func UnbanStrays(t *testing.T, open Open, add []Fault, hosts, nets []netip.Prefix, kernel func(t *testing.T, ns *netnstest.NS) string) {
	t.Parallel()
	ctx := context.Background()
	ns := netnstest.New(t)
	b := open(t, ns, nil)
	ours := append(Many(20, time.Hour),
		firewall.Ban{Prefix: netip.MustParsePrefix("10.20.0.0/16"), Timeout: time.Hour},
		firewall.Ban{Prefix: netip.MustParsePrefix("2001:db8:100::/48"), Timeout: time.Hour})
	if err := b.Ban(ctx, ours); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	for _, f := range add {
		ns.Run(t, f.Args...)
	}
	for _, h := range hosts {
		got, err := b.Lookup(ctx, h)
		if err != nil {
			t.Fatalf("Lookup(%s): %v", h, err)
		}
		if !hasPrefix(got, h) {
			t.Fatalf("Lookup(%s) = %v; the hand-added element must be reported (an unban reports what it finds)", h, got)
		}
		if err := b.Unban(ctx, []netip.Prefix{h}); err != nil {
			t.Fatalf("Unban(%s): %v", h, err)
		}
		if got, err := b.Lookup(ctx, h); err != nil || hasPrefix(got, h) {
			t.Errorf("after Unban(%s), Lookup = %v, %v; want it gone", h, got, err)
		}
	}
	if len(nets) > 0 {
		var named []netip.Prefix
		for _, n := range nets {
			named = append(named, Named(t, b, n)...)
		}
		if err := b.Unban(ctx, named); err != nil {
			t.Fatalf("Unban(%v): %v", named, err)
		}
		after, err := b.(peeker).Peek(ctx)
		if err != nil {
			t.Fatalf("Peek after Unban: %v", err)
		}
		for _, e := range after {
			if inside(e.Prefix, nets) {
				t.Errorf("after Unban(%v), the kernel still holds %s", nets, e.Prefix)
			}
		}
	}
	text := kernel(t, ns)
	for _, p := range append(append([]netip.Prefix(nil), hosts...), nets...) {
		if strings.Contains(text, p.Addr().String()) {
			t.Errorf("after unbanning %s the kernel still holds it:\n%s", p, text)
		}
	}
	for _, o := range ours {
		if got, err := b.Lookup(ctx, o.Prefix); err != nil || !hasPrefix(got, o.Prefix) {
			t.Errorf("our ban %s after the unbans: Lookup = %v, %v; must stay", o.Prefix, got, err)
		}
	}
}

func hasPrefix(es []firewall.Entry, p netip.Prefix) bool {
	for _, e := range es {
		if e.Prefix == p {
			return true
		}
	}
	return false
}

func inside(p netip.Prefix, nets []netip.Prefix) bool {
	for _, n := range nets {
		if n.Bits() <= p.Bits() && n.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Named returns what an unban of net hands the backend, found as the
// daemon and the offline CLI find it (manualban.KernelBans and Named): an
// address with what Lookup reports equal to it, a network with every
// element read (Peek) inside it.
func Named(t testing.TB, b firewall.Backend, net netip.Prefix) []netip.Prefix {
	t.Helper()
	ctx := context.Background()
	var es []firewall.Entry
	var err error
	if p, ok := b.(peeker); !ok {
		t.Fatalf("%T cannot Peek", b)
	} else if net.IsSingleIP() {
		es, err = b.Lookup(ctx, net)
	} else {
		es, err = p.Peek(ctx)
	}
	if err != nil {
		t.Fatalf("read the kernel for an unban of %s: %v", net, err)
	}
	named := []netip.Prefix{net}
	for _, e := range es {
		if inside(e.Prefix, []netip.Prefix{net}) {
			named = append(named, e.Prefix)
		}
	}
	return named
}
