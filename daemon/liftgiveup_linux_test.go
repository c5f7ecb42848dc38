//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// TestGivenUpUnbanNotAdoptedAtRestart (re-review rr-ops s8): an unban whose
// kernel step fails, and whose retry by the repair fails too (here a
// hand-added range reaching outside the unbanned /28, which the backend
// will not split), was given up: giveUpLifted cleared the stored pending
// lifts. The store, empty because of the unban, beside the kernel's
// elements then made the next start adopt them as permanent bans: the
// unban the operator typed silently undone. Now the record stays: the
// start adopts nothing, status names the owed unban, and once the cause is
// gone (the range removed by hand) the health check finishes it.
func TestGivenUpUnbanNotAdoptedAtRestart(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	ctx := context.Background()
	banned := netip.MustParsePrefix("203.0.113.7/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: banned, Reason: "t"}); err != nil { // permanent
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.5-203.0.113.20 }")
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/28")}}); err == nil {
		t.Fatal("unban of a /28 inside a hand-added wider range: want the kernel step to fail (the test's premise)")
	}
	// The repair retries the removal, fails again and gives it up.
	eventually(t, 5*time.Second, "the repair giving the unban up", func() bool {
		d := h.d
		d.oweMu.Lock()
		defer d.oweMu.Unlock()
		return len(d.givenUp) > 0
	})
	if st, err := h.d.Status(ctx); err != nil || st.Backend.Owed == "" || st.Backend.Healthy {
		t.Errorf("status with an unban given up by the repair: owed %q, healthy %v (%v); want the owed unban named, unhealthy", st.Backend.Owed, st.Backend.Healthy, err)
	}
	h.stop()

	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	bans, err := h.d.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bans {
		t.Errorf("after a restart the start adopted %s (%s): the unban given up by the repair was undone", b.Prefix, b.Reason)
	}
	if l, err := h.d.store.Lifts(); err != nil || l.Empty() {
		t.Errorf("after a restart the owed unban is not stored any more: %+v, %v", l, err)
	}
	eventually(t, 5*time.Second, "status naming the owed unban after the restart", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && !st.Backend.Healthy && strings.Contains(st.Backend.Owed, "203.0.113.0/28")
	})

	// The operator removes the hand-added range: the owed unban finishes.
	ns.Run(t, "nft", "delete", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.5-203.0.113.20 }")
	eventually(t, 5*time.Second, "the owed unban finished once its cause is gone", func() bool {
		_, in := kernelSet(t, fw)[banned]
		l, err := h.d.store.Lifts()
		st, serr := h.d.Status(ctx)
		return !in && err == nil && l.Empty() && serr == nil && st.Backend.Owed == ""
	})
	if _, ok := h.banned("203.0.113.7"); ok {
		t.Error("the unbanned address is a stored ban again")
	}
}

// TestGivenUpUnbanFinishedAtRestartIPTables: the same on iptables/ipset,
// where no lasting failure of an ipset deletion can be made from outside
// (ipset takes no xtables lock and deletes a network's elements without
// splitting anything): the element is put back and the repair's give-up
// is called as a failed retry calls it. The restart must remove the
// element, not adopt it.
func TestGivenUpUnbanFinishedAtRestartIPTables(t *testing.T) {
	netnstest.Require(t, "iptables", "ipset")
	ns := netnstest.New(t)
	fw := openBackend(t, ns, "iptables")
	h := harnessOn(t, "iptables", "")
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	ctx := context.Background()
	p := netip.MustParsePrefix("203.0.113.7/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Reason: "t"}); err != nil { // permanent
		t.Fatal(err)
	}
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{p}}); err != nil {
		t.Fatal(err)
	}
	if err := fw.Ban(ctx, []firewall.Ban{{Prefix: p}}); err != nil {
		t.Fatal(err)
	}
	// Noted as a failed unban leaves it: in lifted, and still owed in the
	// store (its batch stored the lift; only a finished kernel step
	// removes it, liftsDone).
	if err := h.d.store.UpdateLifts(state.Lifts{Prefixes: []netip.Prefix{p}}, state.Lifts{}); err != nil {
		t.Fatal(err)
	}
	h.d.fwMu.Lock()
	h.d.lifted = append(h.d.lifted, p)
	h.d.giveUpLifted(errors.New("test: the repair's retry failed"))
	h.d.fwMu.Unlock()
	if st, err := h.d.Status(ctx); err != nil || !strings.Contains(st.Backend.Owed, "203.0.113.7") {
		t.Errorf("status with an unban given up: owed %q (%v); want 203.0.113.7 named", st.Backend.Owed, err)
	}
	h.stop()

	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	if b, ok := h.banned("203.0.113.7"); ok {
		t.Errorf("after a restart the unbanned address is a stored ban again: %+v", b)
	}
	if _, ok := kernelSet(t, fw)[p]; ok {
		t.Error("after a restart the unbanned address is still in the kernel")
	}
	if l, err := h.d.store.Lifts(); err != nil || !l.Empty() {
		t.Errorf("pending lifts after the start finished them: %+v, %v", l, err)
	}
}
