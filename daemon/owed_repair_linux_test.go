//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// behindRepair runs change while a repair holds the kernel (stuck behind
// the xtables lock the test holds), the repair having taken its snapshot
// of d.active before the change: change gives up waiting (KernelWait) and
// parks its kernel step. The interleaving (the repair's lockAfter between
// the change's waitFree and its d.mu.Lock) happens naturally in the window
// of an unban's kernel listing; the test forces it by holding d.mu while
// both queue for it. It returns once the lock is let go, the repair is
// done and several health checks ran, and inKernel tells whether an
// address is in the kernel's sets.
func behindRepair(t *testing.T, change func(h *harness) error) (h *harness, ns *netnstest.NS, inKernel func(string) bool) {
	ns, h, lock := xtablesLocked(t, "", Options{HealthEvery: 200 * time.Millisecond, KernelWait: time.Second})
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.1/32"), Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	inKernel = func(addr string) bool { return strings.Contains(ns.Run(t, "ipset", "list"), addr) }
	if !inKernel("203.0.113.1") {
		t.Fatal("premise: banned address not in the kernel")
	}
	lock.hold(t)

	h.d.mu.Lock()
	repaired := make(chan struct{})
	go func() { h.d.repairDrift(ctx, "test: drift"); close(repaired) }()
	time.Sleep(100 * time.Millisecond) // the repair queued on d.mu first
	changed := make(chan error, 1)
	go func() { changed <- change(h) }()
	time.Sleep(500 * time.Millisecond) // the change passed waitFree (and an unban its listing), queued on d.mu
	h.d.mu.Unlock()
	err := <-changed
	t.Logf("the change answered: %v", err)
	if err == nil {
		t.Error("the change behind the repair did not say the kernel was not updated (the test's premise)")
	} else if strings.Count(err.Error(), control.ErrKernel.Error()) > 1 {
		t.Errorf("the answer says %q twice: %v", control.ErrKernel, err)
	}
	lock.release()
	<-repaired
	time.Sleep(2 * time.Second) // several health checks
	l, _ := h.d.store.Lifts()
	st, _ := h.d.Status(ctx)
	t.Logf("pending lifts %+v; status healthy=%v err=%q", l, st.Backend.Healthy, st.Backend.Error)
	return h, ns, inKernel
}

// unbanOwedFinished checks an unban of 203.0.113.1 that parked its kernel
// step behind a repair (review of 48e8d90): the repair's removeLifted
// skipped it (the address was in its snapshot of d.active), then cleared
// the owed lift and the stored pending lifts; the element stayed in the
// kernel, status healthy, and a restart adopted it as a permanent ban.
func unbanOwedFinished(t *testing.T, req control.UnbanRequest) {
	h, ns, inKernel := behindRepair(t, func(h *harness) error {
		_, err := h.d.Unban(context.Background(), req)
		return err
	})
	if inKernel("203.0.113.1") {
		t.Error("the unbanned address is still in the kernel after the repair and health checks (owed lift consumed, not done)")
	}
	h.stop()
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	if b, ok := h.banned("203.0.113.1"); ok {
		t.Errorf("after a restart the unbanned address is a stored ban again: %+v", b)
	}
	if inKernel("203.0.113.1") {
		t.Error("after a restart the unbanned address is still in the kernel")
	}
}

func TestUnbanOwedDuringRepairFinished(t *testing.T) {
	unbanOwedFinished(t, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.1/32")}})
}

func TestUnbanAllOwedDuringRepairFinished(t *testing.T) {
	unbanOwedFinished(t, control.UnbanRequest{All: true})
}

// TestBanDuringRepairApplied: a ban stored behind the same repair reaches
// the kernel (the repair's retry loads it).
func TestBanDuringRepairApplied(t *testing.T) {
	_, _, inKernel := behindRepair(t, func(h *harness) error {
		_, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.2/32"), Reason: "t"})
		return err
	})
	if !inKernel("203.0.113.2") {
		t.Error("a ban stored behind the repair is not in the kernel after the repair and health checks")
	}
}

// TestRestartKeepsUnfinishedLifts (review of 48e8d90): a start that cannot
// finish the unban the last run owed (here a hand-added range reaching
// outside the unbanned /28, which the backend will not split) gave it up:
// the stored record was cleared, and the store, empty because of the
// unban, beside the kernel's range made the same start adopt it as a
// permanent ban. Now the record stays, nothing is adopted, and the daemon
// starts unhealthy so that the repair retries.
func TestRestartKeepsUnfinishedLifts(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, NoRepair: true})
	ctx := context.Background()
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.5-203.0.113.20 }")
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/28")}}); err == nil {
		t.Fatal("unban of a /28 inside a hand-added wider range: want the kernel step to fail (the test's premise)")
	}
	h.stop()

	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	l, err := h.d.store.Lifts()
	if err != nil {
		t.Fatal(err)
	}
	if l.Empty() {
		t.Error("the start gave up the unban it could not finish: the stored record is gone")
	}
	bans, err := h.d.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bans {
		t.Errorf("the start adopted %s (%s) while an unban was owed", b.Prefix, b.Reason)
	}
	if h.d.healthy.Load() {
		t.Error("healthy after a start that could not finish an owed unban: nothing would retry it")
	}
}
