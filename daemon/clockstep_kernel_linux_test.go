//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// TestStepThenStopKeepsKernelBan (review rev-enforce s13 item 1,
// TestRevStepThenStopKernel in a netns the test creates): the wall clock
// steps forward a day while the daemon is idle (no reading of its clock
// until HealthEvery), then it is stopped. The stop reads the clock and
// records the offset before the store closes, so the restart keeps the
// 2 h ban in the store and in the kernel. Before: the restart removed the
// element (its kernel timeout still had ~2 h) as unknown to the store.
func TestStepThenStopKeepsKernelBan(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	// The default, owned table (a shared one is audited often enough that
	// a reading of the clock saw the step before the stop).
	h := newHarness(t, "")
	cfg, _ := os.ReadFile(h.cfgPath)
	if err := os.WriteFile(h.cfgPath, []byte(strings.Replace(string(cfg), `backend = "none"`, `backend = "nftables"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var skew atomic.Int64
	skew.Store(int64(-24 * time.Hour))
	wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Now: wall})
	ctx := context.Background()
	p := netip.MustParsePrefix("203.0.113.1/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Duration: 2 * time.Hour, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	// A permanent ban too: with no active ban left the start adopts the
	// kernel's elements, which would hide the loss.
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.9/32"), Reason: "permanent"}); err != nil {
		t.Fatal(err)
	}
	skew.Store(0) // NTP steps the clock forward by a day
	h.stop()
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Now: wall})
	defer h.stop()
	if _, ok := h.banned("203.0.113.1"); !ok {
		t.Error("203.0.113.1: the 2 h ban left the store at a restart after a step")
	}
	out, err := exec.Command("ip", "netns", "exec", ns.Name, "nft", "list", "set", "inet", "guardctl", "ban4").CombinedOutput()
	if err != nil {
		t.Fatalf("nft list: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "203.0.113.1 ") {
		t.Errorf("203.0.113.1 removed from the kernel by the restart (its kernel timeout had ~2 h left):\n%s", out)
	}
}

// TestStartKeepsKernelTimeoutTheStoreCallsEnded (review rev-enforce s13
// item 1, the safety net): a crash after a forward step of a day and
// before the offset reached the store leaves a 2 h ban stored a day in the
// past by the wall clock (simulated: the record is written back as the
// crashed run left it). Its kernel element, timed on the monotonic clock,
// has ~2 h left: the start keeps it, in the kernel and in the store, with
// that time and its reason. Before: ExpireBans ended it and the element
// was removed as unknown to the store.
func TestStartKeepsKernelTimeoutTheStoreCallsEnded(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	ctx := context.Background()
	p := netip.MustParsePrefix("203.0.113.1/32")
	other := netip.MustParsePrefix("203.0.113.2/32")
	for _, q := range []netip.Prefix{p, other} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: q, Duration: 2 * time.Hour, Reason: "the reason"}); err != nil {
			t.Fatal(err)
		}
	}
	h.stop()
	// What the crashed run left: p's times a day behind the wall clock.
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, ok, err := s.Ban(p)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	b.Start, b.Expires = b.Start.Add(-24*time.Hour), b.Expires.Add(-24*time.Hour)
	if err := s.PutBans([]state.Ban{b}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	defer h.stop()
	k := kernelSet(t, fw)
	if left, ok := k[p]; !ok || left < 110*time.Minute {
		t.Errorf("%s in the kernel after the start: %v, %v left; want its ~2 h kept", p, ok, left)
	}
	if _, ok := k[other]; !ok {
		t.Errorf("%s left the kernel", other)
	}
	got, ok, err := h.d.store.Ban(p)
	if err != nil || !ok {
		t.Fatalf("%s not in the store after the start: %v %v", p, ok, err)
	}
	if left := time.Until(got.Expires); left < 110*time.Minute || left > 2*time.Hour+time.Minute {
		t.Errorf("%s stored with %v left, want the kernel's ~2 h", p, left)
	}
	if got.Reason != "the reason" {
		t.Errorf("reason %q, want it kept", got.Reason)
	}
}
