package daemon

import (
	"context"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// TestClockStepThenRestartKeepsBans (review rev-enforce2 s12 item 3): a
// host whose clock is a day behind starts guardctl; a ban is made; NTP
// steps the clock forward by a day; another ban is made; guardctl
// restarts. Before, both bans were stored in the daemon's clock (a day
// behind the wall clock) and the restart read them as a day old: both
// dropped. Now the step is recorded in the store when seen and the start
// moves the stored times by it: each ban ends when it was meant to, within
// 1 s. Then a step back of an hour: a ban does not gain the hour.
func TestClockStepThenRestartKeepsBans(t *testing.T) {
	h := newHarness(t, "")
	var skew atomic.Int64
	skew.Store(int64(-24 * time.Hour))
	wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	h.start(Options{HealthEvery: time.Hour, Now: wall})
	ctx := context.Background()
	ban := func(p string, d time.Duration) time.Time {
		t.Helper()
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix(p), Duration: d, Reason: "t"}); err != nil {
			t.Fatal(err)
		}
		return wall().Add(d) // the end meant, in wall-clock time after the step
	}
	before := ban("203.0.113.1/32", 2*time.Hour)
	skew.Store(0) // NTP steps the clock forward by a day
	before = before.Add(24 * time.Hour)
	after := ban("203.0.113.2/32", 2*time.Hour)
	eventually(t, 5*time.Second, "the step recorded in the store", func() bool { return near(h.d.store.FrameOffset(), 24*time.Hour) })
	h.stop()

	h.start(Options{HealthEvery: time.Hour, Now: wall})
	check := func(addr string, want time.Time) {
		t.Helper()
		b, ok := h.banned(addr)
		if !ok {
			t.Errorf("%s: the ban is gone after the clock step and a restart", addr)
			return
		}
		if off := b.Expires.Sub(want); off > time.Second || off < -time.Second {
			t.Errorf("%s: ends %s after the restart, want %s (off by %v)", addr, b.Expires.UTC(), want.UTC(), off)
		}
	}
	check("203.0.113.1", before)
	check("203.0.113.2", after)

	skew.Store(int64(-time.Hour)) // and back by an hour
	before = before.Add(-time.Hour)
	after = after.Add(-time.Hour)
	third := ban("203.0.113.3/32", 3*time.Hour)
	eventually(t, 5*time.Second, "the step back recorded in the store", func() bool { return near(h.d.store.FrameOffset(), -time.Hour) })
	h.stop()
	h.start(Options{HealthEvery: time.Hour, Now: wall})
	check("203.0.113.1", before)
	check("203.0.113.2", after)
	check("203.0.113.3", third)
}

// near: a and b within 100 ms (a step is measured between two readings
// of the clocks, a moment apart).
func near(a, b time.Duration) bool { return (a - b).Abs() < 100*time.Millisecond }
