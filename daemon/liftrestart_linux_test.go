//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRestartFinishesFailedUnbanAll: unban --all empties the store; when its
// flush fails and the daemon restarts before a repair ran, the next start
// found an empty store beside a full kernel and adopted every element as a
// ban again (the unban undone, silently). The owed flush is stored with the
// deletion and the start finishes it; a ban made after the unban stays.
func TestRestartFinishesFailedUnbanAll(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	h := nftHarness(t)
	// No repair in the first run: the restart comes before it.
	h.start(Options{NetNS: ns.Path, NoRepair: true})
	ctx := context.Background()
	a, b := netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("2001:db8::7/128")
	for _, p := range []netip.Prefix{a, b} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Reason: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	gone, cancel := context.WithCancel(ctx)
	cancel() // the flush fails: the client went away
	if _, err := h.d.Unban(gone, control.UnbanRequest{All: true}); !errors.Is(err, control.ErrKernel) {
		t.Fatalf("unban --all with its flush failing: %v, want ErrKernel (the test's premise)", err)
	}
	if _, ok := kernelSet(t, fw)[a]; !ok {
		t.Fatal("the failed flush removed the element anyway (the test's premise)")
	}
	h.stop()

	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	k := kernelSet(t, fw)
	if _, ok := k[a]; ok {
		t.Errorf("after the restart the kernel still holds %s: the owed unban --all was not finished", a)
	}
	if _, ok := k[b]; ok {
		t.Errorf("after the restart the kernel still holds %s", b)
	}
	if _, ok := h.banned("203.0.113.7"); ok {
		t.Error("after the restart the unbanned address is a stored ban again (adopted from the kernel)")
	}
	after := netip.MustParsePrefix("198.51.100.3/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: after, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	h.stop()
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	if _, ok := kernelSet(t, fw)[after]; !ok {
		t.Error("a ban made after the finished unban was removed at the next start")
	}
}
