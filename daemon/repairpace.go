package daemon

import "time"

// Repair pacing (review s12 item 4): two processes that each put back
// what the other changes (two daemons on one table with shared_table =
// true, a firewall manager that reloads on every change) repaired against
// each other ~1,250 times a second, each logging, for good. Past
// repairBurst repairs within repairWindow the guard waits before the next
// one, twice as long each time up to repairMaxWait; drifts gathered
// meanwhile are coalesced into one repair. A quiet window resets it.
const (
	repairWindow  = 10 * time.Second
	repairBurst   = 20
	repairMaxWait = 30 * time.Second
)

// repairPace decides how long the guard waits before a repair. Only the
// guard goroutine uses it.
type repairPace struct {
	at   []time.Time   // the repairs within the window, oldest first
	wait time.Duration // the last wait imposed; kept until a quiet window
	last time.Time     // when the last repair ran (after its wait)
}

// next records a repair asked for at now and returns how long to wait
// first (0: at once).
func (p *repairPace) next(now time.Time) time.Duration {
	if !p.last.IsZero() && now.Sub(p.last) >= repairWindow {
		p.wait = 0 // quiet for a whole window: the burst is over
	}
	keep := p.at[:0]
	for _, t := range p.at {
		if now.Sub(t) < repairWindow {
			keep = append(keep, t)
		}
	}
	p.at = append(keep, now)
	if len(p.at) <= repairBurst && p.wait == 0 {
		p.last = now
		return 0
	}
	p.wait = min(max(2*p.wait, time.Second), repairMaxWait)
	p.last = now.Add(p.wait)
	return p.wait
}
