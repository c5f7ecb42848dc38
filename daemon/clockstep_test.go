package daemon

import (
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStepClock: the daemon's clock follows the monotonic clock across
// wall-clock steps either way, ignores small differences (NTP slewing,
// readings taken a moment apart) and names the steps for status.
func TestStepClock(t *testing.T) {
	var skew atomic.Int64
	wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	c := newStepClock(wall, slog.New(slog.DiscardHandler))
	t0 := c.Now()
	skew.Store(int64(time.Second)) // below the threshold: followed
	if got := c.Now().Sub(t0); got < time.Second || got > 2*time.Second {
		t.Errorf("a 1 s difference: the clock moved %v, want it followed", got)
	}
	if c.note() != "" {
		t.Errorf("a 1 s difference counted as a step: %s", c.note())
	}
	skew.Store(int64(3*time.Hour + time.Second))
	if got := c.Now().Sub(t0); got < time.Second || got > 2*time.Second {
		t.Errorf("after a 3 h step forward the clock moved %v since the start, want ~1 s", got)
	}
	skew.Store(int64(-time.Hour + time.Second))
	if got := c.Now().Sub(t0); got < time.Second || got > 2*time.Second {
		t.Errorf("after a step back the clock moved %v since the start, want ~1 s", got)
	}
	if n := c.note(); !strings.Contains(n, "stepped 2 time(s), last -4h0m0s") || !strings.Contains(n, "off the wall clock by -1h0m0s") {
		t.Errorf("note = %q", n)
	}
}
