package cluster

// The flusher (the daemon's countFlusher) ticks every batch interval
// while there are counts to send, and sleeps while there are none: a
// node without cluster-scoped events woke 20 times a second (at the
// default 50 ms) to find nothing to send, the only short ticker of an
// idle node (the follower blocks up to a second in XREAD, heartbeats
// come once a second). An idle virtual CPU woken that often costs its
// host more than the nothing done, and the wake-ups are the one thing
// a quiet node does. The first event after a sleep wakes the flusher,
// which sends it one batch interval later: counts still reach Redis
// within one batch interval of their event, as with a ticker that
// never stops.
//
// The judging goroutine does not wake the flusher per event or per
// batch: Add wakes it once, at the first event after a Park, with a
// send on a channel of room 1 that never blocks.

// Park tells the flusher whether it may sleep until Woken: the last
// Send left nothing to send, to hold back under a share or to ask after
// (a lost call), and no event came since the last Take. If so, the next
// Add wakes it. Park must not overlap a call of Add, like Take (the
// daemon calls both under its loop's lock); it is the flusher's, after
// a Send.
func (c *Counter) Park() bool {
	if !c.quiet {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.rules {
		if len(r.log.cur) > 0 || len(r.log.chunks) > 0 {
			return false
		}
	}
	// A wake-up left over from an earlier sleep would end this one at
	// once: the flusher would flush nothing once more, then park.
	select {
	case <-c.wake:
	default:
	}
	c.parked = true
	return true
}

// Woken is ready once an event came after Park said yes.
func (c *Counter) Woken() <-chan struct{} { return c.wake }

// unpark wakes a parked flusher (Add's, at its first event after Park).
func (c *Counter) unpark() {
	c.parked = false
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Parked says whether the flusher sleeps until the next Add (under the
// caller's lock, as Add).
func (c *Counter) Parked() bool { return c.parked }
