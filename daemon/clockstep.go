package daemon

import (
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// stepThreshold: between two readings of the daemon's clock, the wall
// clock may run this much faster or slower than the monotonic clock before
// it counts as stepped. Readings are at most HealthEvery (10 s) apart and
// NTP slews at most 500 ppm (5 ms in 10 s), so only a step (settimeofday,
// an NTP step, a resume from suspend) gets near it.
const stepThreshold = 3 * time.Second

// stepClock is the daemon's clock: the wall clock minus the steps seen
// since the daemon started, so between readings it advances as the
// monotonic clock does (review s12 items 3 and 6).
//
// Why: bans are stored as absolute wall times while the kernel's element
// timeouts run on the monotonic clock (jiffies, which also stop during
// suspend). A wall step forward of 3 h made housekeeping expire a 2 h ban
// at once (and lift a network ban from the kernel with ~2 h left); a step
// back of 1 h made a 3 s ban look active for an hour, and the repair put
// it back in the kernel for that hour. With this clock every stored time,
// every "remaining" handed to the kernel and every expiry is measured in
// one frame that steps do not move, so a ban lasts the time it was given,
// in real elapsed time, whatever the wall clock does.
//
// Cluster mode keeps its contract: decisions carry absolute times in
// Redis's clock, converted with this node's measured offset to Redis, and
// the offset is measured against this clock (cluster.Options.Now), so a
// node whose wall clock stepped shows the step as offset (warned above
// 1 s, docs/cluster.md "Clocks") and still sends and reads the right ends.
//
// The price: after a step the times the daemon shows and logs (ban start
// and end, events) are off the wall clock by the step until it restarts;
// status says so (Degraded). A restart takes the wall clock again: the
// offset is recorded in the store as soon as a step is seen
// (saveClockOffset), in the same transaction as every ban write and at the
// store's Close after one more reading of the clock (storeOffset: review
// rev-enforce s13 item 1, a stop within HealthEvery of a step, or a crash
// between a ban's write and the save on another goroutine, lost the
// bans), and the next start moves every stored ban by it into
// wall-clock time before reading them (state.Store.SetFrameOffset), so a
// ban keeps its end across a step and a restart (review rev-enforce2 s12
// item 3: a restart after a forward step of a day dropped every ban
// stored since).
type stepClock struct {
	wall func() time.Time // the wall clock (Options.Now)
	log  *slog.Logger

	mu       sync.Mutex
	lastWall time.Time     // wall reading at the last call, without monotonic part
	lastMono time.Time     // time.Now() at the last call (monotonic)
	offset   time.Duration // sum of the steps seen: our time = wall - offset
	steps    int
	lastAt   time.Time     // wall time of the last step
	lastStep time.Duration // its size (positive: the wall clock jumped forward)
	onStep   func()        // run (on its own goroutine) after a step is seen

	saveMu sync.Mutex // orders saves of the offset, so the newest is written last
}

func newStepClock(wall func() time.Time, log *slog.Logger) *stepClock {
	return &stepClock{wall: wall, log: log}
}

// Now is the wall clock minus the steps seen so far, without a monotonic
// reading: two readings compare and subtract by it alone.
func (c *stepClock) Now() time.Time {
	t, _ := c.read(true)
	return t
}

// storeOffset reads the clock (a step since the last reading is seen
// here) and returns its offset, for the store to record in the same
// transaction as the bans it writes and at its Close
// (state.Store.SetFrameOffsetSource): runs inside a store transaction,
// so it starts no save of its own.
func (c *stepClock) storeOffset() time.Duration {
	_, off := c.read(false)
	return off
}

// read is Now, and the offset it used; with hook the onStep hook runs
// after a step seen.
func (c *stepClock) read(withHook bool) (time.Time, time.Duration) {
	w := c.wall()
	m := time.Now()
	wr := w.Round(0) // wall only: with the monotonic part Sub would hide a step
	c.mu.Lock()
	seen := c.steps
	if !c.lastMono.IsZero() {
		if step := wr.Sub(c.lastWall) - m.Sub(c.lastMono); step > stepThreshold || step < -stepThreshold {
			c.offset += step
			c.steps++
			c.lastAt, c.lastStep = wr, step
			c.log.Warn("the wall clock stepped; bans keep their durations (the daemon's times now differ from the wall clock by the steps, until a restart)",
				"step", step.Round(time.Millisecond), "total", c.offset.Round(time.Millisecond))
		}
	}
	c.lastWall, c.lastMono = wr, m
	off := c.offset
	var hook func()
	if c.steps != seen && withHook {
		hook = c.onStep
	}
	c.mu.Unlock()
	if hook != nil {
		go hook() // Now may be called inside a store transaction: never write from here
	}
	// Wall only: w (time.Now in production) carries a monotonic reading
	// that a step does not move, and w.Add(-off) would move it back by the
	// offset too, so Sub/Before/After between two readings (which go by
	// the monotonic part when both have one) were off by the whole step
	// after a real step (review rev-perf s17; TestStepClockRealStep).
	return wr.Add(-off), off
}

// setOnStep sets what runs after each step seen.
func (c *stepClock) setOnStep(fn func()) {
	c.mu.Lock()
	c.onStep = fn
	c.mu.Unlock()
}

// offsetNow is the sum of the steps seen: wall = the daemon's time + it.
func (c *stepClock) offsetNow() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// saveClockOffset records the clock's offset in the store, so that the
// next start reads the bans stored in the daemon's clock in wall-clock
// time (state/frame.go). It runs at once after a step (onStep) and at
// every health check (a failed write is tried again there).
func (d *Daemon) saveClockOffset() {
	if d.store == nil || d.clock == nil {
		return
	}
	d.clock.saveMu.Lock()
	defer d.clock.saveMu.Unlock()
	off := d.clock.offsetNow()
	if off == d.store.FrameOffset() {
		return // recorded already (by a ban write, state.Store.SetFrameOffsetSource)
	}
	if err := d.store.SetFrameOffset(off); err != nil {
		d.log.Error("cannot record the clock offset in the store: a restart now would move the bans stored since the step by it",
			"offset", off.Round(time.Millisecond), "err", err)
	}
}

// note describes the steps seen for status, or "".
func (c *stepClock) note() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.steps == 0 {
		return ""
	}
	sign := "+"
	if c.lastStep < 0 {
		sign = ""
	}
	return fmt.Sprintf("wall clock stepped %d time(s), last %s%v at %s: ban times run on the monotonic clock (bans keep their durations); times shown are off the wall clock by %v until a restart (the stored bans are moved back into wall-clock time then)",
		c.steps, sign, c.lastStep.Round(time.Second), c.lastAt.UTC().Format(time.DateTime+" MST"), c.offset.Round(time.Second))
}
