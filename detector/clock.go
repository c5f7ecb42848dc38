package detector

import "time"

// Event time. The engine has no clock of its own: every window runs on the
// timestamps of the log lines, so replaying a log gives the same verdicts.
//
//   - The engine keeps the highest event time seen (the high-water mark).
//     Idle eviction and ban purging run against it.
//   - Small disorder is normal: several workers append to one log, and
//     Apache stamps a line with the request's start but writes it at the
//     end. A line up to MaxSkew behind the high-water mark is used with its
//     own time, except that a client's time never runs backwards: a late
//     line is treated as arriving at the latest time seen for that client
//     (its "te"). Windows therefore never see negative intervals and nothing
//     resets; the late request is counted, at most MaxSkew late.
//   - A line more than MaxSkew behind is taken as the start of an older
//     stretch of log (another file, an older day). Combining windows across
//     such a jump would be meaningless, so the engine starts a new timeline:
//     all per-client window state is dropped, and the high-water mark moves
//     back to the new line. Bans and offence history are kept, as intervals
//     in absolute time: a ban decided later in the log does not cover
//     requests from before it (see banTable.active), and escalation still
//     counts earlier bans. Stats.TimeJumps counts these.
//   - A zero or unrepresentable time (outside 1678..2262) takes the
//     high-water mark; Stats.BadTimes counts them.

// Bounds of event times, in Unix seconds, that fit int64 nanoseconds.
const (
	minUnix = -9_000_000_000
	maxUnix = 9_000_000_000
)

// eventTime returns the time of an event, in ns, and advances the clock.
func (e *Engine) eventTime(tm time.Time) int64 {
	s := tm.Unix()
	if tm.IsZero() || s < minUnix || s > maxUnix {
		e.stats.BadTimes++
		return e.hwm
	}
	t := tm.UnixNano()
	switch {
	case !e.started || t >= e.hwm:
		e.started = true
		e.hwm = t
	case e.hwm-t > e.skew:
		e.jump(t)
	default:
		e.stats.LateEvents++
	}
	return t
}

// jump starts a new timeline at t, older than the high-water mark.
func (e *Engine) jump(t int64) {
	e.log.Info("event time jumped backwards; starting a new timeline",
		"from", time.Unix(0, e.hwm).UTC(), "to", time.Unix(0, t).UTC(),
		"clients_dropped", e.clients.n)
	e.stats.TimeJumps++
	e.clients.reset()
	e.pool.reset()
	clear(e.heavies) // let the old sets and logs go
	e.heavies = e.heavies[:0]
	e.heavyFree = nilIdx
	e.pathSlots = 0
	e.hwm = t
}
