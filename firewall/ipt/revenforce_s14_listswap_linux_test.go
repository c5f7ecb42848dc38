//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"testing"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRevS14QuickVerifySeesListContentsReplaced (review rev-enforce s14):
// the probe of 0cbf476/55b198d looks up the ban and allow sets only. A
// block list's set ([deny], feeds, clouds, geo: guardctl-l-NAME4) is
// counted exactly, so a same-size `ipset swap` (a blocklist script's
// atomic refresh aimed at our name) or a del of ours plus an add of a
// stranger passes every check: with a real daemon the denied address
// connected for 30 s+ with status healthy and nothing logged (the element
// audit reads the ban sets only). Want: reported by the quick check, and
// put back by Ensure (the daemon's repair, which reloaded a list only when
// its count differed).
func TestRevS14QuickVerifySeesListContentsReplaced(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	ctx := context.Background()
	deny := []netip.Prefix{netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("198.51.100.0/24")}
	load := func() {
		t.Helper()
		if err := b.SetList(ctx, "deny", deny); err != nil {
			t.Fatal(err)
		}
		if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
			t.Fatalf("quickVerify with the list loaded: %q, %v", d, err)
		}
	}
	load()
	for _, fault := range []struct{ name, sh string }{
		{"deny set swapped with a same-size set of strangers",
			"ipset save guardctl-l-deny4 | head -1 | sed 's/guardctl-l-deny4/gtmpl/' | ipset restore && ipset add gtmpl 192.0.2.60 && ipset add gtmpl 192.0.2.61 && ipset swap gtmpl guardctl-l-deny4 && ipset destroy gtmpl"},
		{"deny entry of ours deleted and a stranger added",
			"ipset del guardctl-l-deny4 203.0.113.7 && ipset add guardctl-l-deny4 192.0.2.62"},
	} {
		ns.Run(t, "sh", "-c", fault.sh)
		if d, err := b.quickVerify(ctx); err != nil || d.Empty() {
			t.Errorf("%s: quickVerify = %q, %v; want the list's missing entry reported", fault.name, d, err)
		}
		if err := b.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := ns.Output("ipset", "test", "guardctl-l-deny4", "203.0.113.7"); err != nil {
			t.Errorf("%s: after Ensure (the repair) 203.0.113.7 is not in the deny set: %v", fault.name, err)
		}
		if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
			t.Errorf("%s: quickVerify after Ensure = %q, %v; want nothing", fault.name, d, err)
		}
		load()
	}
}
