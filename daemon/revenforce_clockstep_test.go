package daemon

// rev-enforce s13: reproducers for c57cc5c (review item 1): the stop
// path reads the clock and records its offset before the store closes.

import (
	"context"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// A forward step seen by no reading of the daemon's clock before a clean
// stop: the offset is never recorded, and the restart drops the ban.
// (Idle daemon: readings come only every HealthEvery, 10 s by default.)
func TestRevStepThenStopBeforeAnyReading(t *testing.T) {
	h := newHarness(t, "")
	var skew atomic.Int64
	skew.Store(int64(-24 * time.Hour))
	wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	h.start(Options{HealthEvery: time.Hour, Now: wall})
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.1/32"), Duration: 2 * time.Hour, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.9/32"), Reason: "permanent"}); err != nil {
		t.Fatal(err)
	}
	skew.Store(0) // NTP steps the clock forward by a day
	h.stop()      // systemctl stop / restart within HealthEvery of the step
	t.Logf("offset recorded at stop: %v", h.d.store.FrameOffset())
	h.start(Options{HealthEvery: time.Hour, Now: wall})
	defer h.stop()
	if _, ok := h.banned("203.0.113.1"); !ok {
		t.Errorf("203.0.113.1: 2 h ban made 0 s ago (monotonic) is gone after a step +24h and a clean restart")
	}
}

// The step is seen (a ban after it), the hook's goroutine races the stop.
func TestRevStepBanThenStopAtOnce(t *testing.T) {
	lost := 0
	for i := 0; i < 5; i++ {
		h := newHarness(t, "")
		var skew atomic.Int64
		skew.Store(int64(-24 * time.Hour))
		wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
		h.start(Options{HealthEvery: time.Hour, Now: wall})
		ctx := context.Background()
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.1/32"), Duration: 2 * time.Hour, Reason: "t"}); err != nil {
			t.Fatal(err)
		}
		skew.Store(0)
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.2/32"), Duration: 2 * time.Hour, Reason: "t"}); err != nil {
			t.Fatal(err)
		}
		h.stop()
		h.start(Options{HealthEvery: time.Hour, Now: wall})
		_, ok1 := h.banned("203.0.113.1")
		_, ok2 := h.banned("203.0.113.2")
		if !ok1 || !ok2 {
			lost++
		}
		h.stop()
	}
	if lost > 0 {
		t.Errorf("%d of 5 runs lost bans: a step seen just before a clean stop is not recorded", lost)
	}
}

// The kernel variant (TestRevStepThenStopKernel) is
// TestStepThenStopKeepsKernelBan in clockstep_kernel_linux_test.go, in a
// netns the test creates.
