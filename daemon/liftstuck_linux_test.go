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

// TestLiftedFailureDoesNotStopRepair: an unban whose kernel step fails for
// a lasting reason (a hand-added range reaching outside the unbanned
// network, which the backend refuses to split) must not keep the repair
// from loading the active bans: a stored ban deleted from the kernel comes
// back, the daemon is healthy again, and the unfinished unban is given up
// after its one failed retry instead of failing every repair (review of
// 8f88497: before, the repair stopped in removeLifted for good).
func TestLiftedFailureDoesNotStopRepair(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := openBackend(t, ns, "nftables")
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	ctx := context.Background()
	kept := netip.MustParsePrefix("198.51.100.9/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: kept, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.5-203.0.113.20 }")
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/28")}}); err == nil {
		t.Fatal("unban of a /28 inside a hand-added wider range: want the kernel step to fail (the test's premise)")
	}
	// Drift: the stored ban removed by hand; the repair must put it back.
	ns.Run(t, "nft", "delete", "element", "inet", "guardctl", "ban4", "{ 198.51.100.9 }")
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, back := kernelSet(t, fw)[kept]
		h.d.fwMu.Lock()
		pending := len(h.d.lifted) > 0 || h.d.liftAll
		h.d.fwMu.Unlock()
		if back && !pending && h.d.healthy.Load() {
			return
		}
		if time.Now().After(deadline) {
			herr := ""
			if p := h.d.healthErr.Load(); p != nil {
				herr = *p
			}
			t.Fatalf("after the repair: stored ban back %v, unfinished unban still retried %v, healthy %v (err %q); want back, given up, healthy",
				back, pending, h.d.healthy.Load(), herr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
