//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestListReadsTheKernel (review s12 item 1): one of our bans removed and
// a stranger added in one `ipset restore` keeps every count equal; list
// trusted the counts and said IN KERNEL yes for the ban the kernel no
// longer held. A short list now reads the sets.
func TestListReadsTheKernel(t *testing.T) {
	netnstest.Require(t, "iptables", "ipset")
	ns := netnstest.New(t)
	h := harnessOn(t, "iptables", "")
	// No repair: the guard's probe (firewall/ipt/probe_linux.go) would put
	// the ban back within 250 ms, and this test is about what list reads.
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, NoRepair: true})
	ctx := context.Background()
	victim := netip.MustParsePrefix("203.0.113.5/32")
	for _, p := range []netip.Prefix{victim, netip.MustParsePrefix("203.0.113.6/32")} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Duration: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	ns.Run(t, "sh", "-c", "printf 'del guardctl-ban4 203.0.113.5\\nadd guardctl-ban4 198.51.100.77 timeout 3600\\n' | ipset restore")
	time.Sleep(time.Second) // the counts are equal
	bans, err := h.d.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bans {
		if b.Prefix == victim.Addr().String() && b.InKernel {
			t.Errorf("list says %s IN KERNEL, but the kernel no longer holds it", victim)
		}
	}
}
