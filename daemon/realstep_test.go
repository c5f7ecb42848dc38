package daemon

import (
	"log/slog"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// realStep is time.Now with its wall reading moved by skew and its
// monotonic reading left alone: what settimeofday or an NTP step does to
// time.Now. The other step tests fake a step with time.Now().Add(skew),
// which moves both readings, so they cannot see a clock that leaks the
// monotonic reading into its times (review rev-perf s17: stepClock.read
// returned w.Add(-off), and Sub/Before between two d.now() went by the
// monotonic part, wrong by the whole step).
func realStep(skew *atomic.Int64) func() time.Time {
	return func() time.Time {
		t := time.Now()
		s := t.Add(time.Duration(skew.Load()))
		// time.Time is {wall uint64; ext int64; loc}: with a monotonic
		// reading, ext holds it; put t's back (TestRealStepHelper checks).
		(*[2]int64)(unsafe.Pointer(&s))[1] = (*[2]int64)(unsafe.Pointer(&t))[1]
		return s
	}
}

// TestRealStepHelper: realStep moves the wall reading only, so the
// tests below cannot pass vacuously if time.Time's layout changes.
func TestRealStepHelper(t *testing.T) {
	var skew atomic.Int64
	skew.Store(int64(3 * time.Hour))
	s := realStep(&skew)()
	now := time.Now()
	if d := now.Sub(s); d < 0 || d > time.Second {
		t.Errorf("monotonic: time.Now() - stepped reading = %v, want ~0 (monotonic not kept)", d)
	}
	if d := s.Round(0).Sub(now.Round(0)); d < 3*time.Hour-time.Second || d > 3*time.Hour {
		t.Errorf("wall: stepped reading - time.Now() = %v, want ~3h", d)
	}
}

// TestStepClockRealStep is TestStepClock under a real step: two readings
// of the daemon's clock taken across a step of +3 h, then -1 h, are ~as
// far apart as the monotonic clock says, by Sub and by Before/After,
// whether or not they are stored (a stored time is often rounded) and
// with Since-like arithmetic done in the daemon's frame.
func TestStepClockRealStep(t *testing.T) {
	for _, step := range []time.Duration{3 * time.Hour, -time.Hour} {
		var skew atomic.Int64
		c := newStepClock(realStep(&skew), slog.New(slog.DiscardHandler))
		t0 := c.Now()
		time.Sleep(20 * time.Millisecond)
		skew.Store(int64(step))
		t1 := c.Now()
		if off := c.offsetNow(); off-step > time.Second || off-step < -time.Second {
			t.Fatalf("step %v: not seen, offset %v", step, off)
		}
		if got := t1.Sub(t0); got < 0 || got > time.Second {
			t.Errorf("step %v: the clock moved %v between two readings, want the ~20 ms elapsed", step, got)
		}
		if got := t1.Round(0).Sub(t0); got < 0 || got > time.Second {
			t.Errorf("step %v: a reading minus a stored (wall-only) earlier one is %v, want ~20 ms", step, got)
		}
		if !t1.After(t0) || t1.Before(t0) {
			t.Errorf("step %v: a later reading is not after an earlier one (t1-t0 = %v)", step, t1.Sub(t0))
		}
		end := t0.Add(time.Hour) // an end one hour after t0, as a ban's
		if !end.After(t1) {
			t.Errorf("step %v: an end 1 h after the first reading has passed %v later", step, t1.Sub(t0))
		}
		if rem := end.Sub(t1); rem < time.Hour-time.Second || rem > time.Hour {
			t.Errorf("step %v: an end 1 h away has %v left", step, rem)
		}
	}
}

// TestRealStepRemaining (reviewer's reproducer, rev-perf s17): a 2 h ban
// made by the loop (expires = d.now().Add(2h)) kept in d.active, then a
// real step of +3 h or -1 h: what the repair and lockActive hand the
// kernel (remaining) stays ~2 h, and the ban still lasts 2 h in the clock.
func TestRealStepRemaining(t *testing.T) {
	for _, step := range []time.Duration{3 * time.Hour, -time.Hour} {
		var skew atomic.Int64
		c := newStepClock(realStep(&skew), slog.New(slog.DiscardHandler))
		now0 := c.Now()
		p := netip.MustParsePrefix("192.0.2.7/32")
		var s activeSet
		s.set(p, activeBan{expires: now0.Add(2 * time.Hour), reason: "scan"})
		got, _ := s.get(p)
		skew.Store(int64(step))
		now1 := c.Now()
		if rem := remaining(got.expires, now1); rem > 2*time.Hour+time.Minute || rem < 2*time.Hour-time.Minute {
			t.Errorf("step %v: a 2 h ban has %v left after the step", step, rem)
		}
		if !got.lasts(now1.Add(2*time.Hour - time.Minute)) {
			t.Errorf("step %v: a 2 h ban does not last 1h59m after the step", step)
		}
		if got.lasts(now1.Add(2*time.Hour + time.Minute)) {
			t.Errorf("step %v: a 2 h ban lasts 2h01m after the step", step)
		}
	}
}
