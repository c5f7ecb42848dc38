package daemon

import "time"

// Repair pacing (review s12 item 4): two processes that each put back
// what the other changes (two daemons on one table with shared_table =
// true, a firewall manager that reloads on every change) repaired against
// each other ~1,250 times a second, each logging, for good.
//
// The pace is set by the time the repairs take, not by their number
// (session 13): counting let 20 repairs run back to back whatever each
// cost, so 20 full reloads of 100k bans (a second or more each) held a
// core for half a minute before the first wait, while 21 one-element
// repairs of a millisecond were already slowed. Each repair counts the
// time it took, at least repairMinCost (its log line, the netlink round
// trip and the other side's churn it answers, which the guard does not
// see); past repairBudget of that within repairWindow the guard waits
// before the next one, twice as long each time up to repairMaxWait, and
// drifts gathered meanwhile are coalesced into one repair. A quiet window
// resets it. Cheap repairs get the old allowance (20 in a window); costly
// ones at most ~20 % of the guard's time.
const (
	repairWindow  = 10 * time.Second
	repairBudget  = 2 * time.Second
	repairMinCost = 100 * time.Millisecond
	repairMaxWait = 30 * time.Second
)

// repairPace decides how long the guard waits before a repair. Only the
// guard goroutine uses it.
type repairPace struct {
	spent []repairSpan  // the repairs within the window, oldest first
	wait  time.Duration // the last wait imposed; kept until a quiet window
	last  time.Time     // when the last repair ran (after its wait)
}

// repairSpan is one repair: when it started and the time it counts for.
type repairSpan struct {
	at   time.Time
	cost time.Duration
}

// next is asked before a repair at now and returns how long to wait first
// (0: at once). done tells it what the repair took.
func (p *repairPace) next(now time.Time) time.Duration {
	if !p.last.IsZero() && now.Sub(p.last) >= repairWindow {
		p.wait = 0 // quiet for a whole window: the burst is over
	}
	if spent := p.spentSince(now.Add(-repairWindow)); spent < repairBudget && p.wait == 0 {
		p.last = now
		return 0
	}
	p.wait = min(max(2*p.wait, time.Second), repairMaxWait)
	p.last = now.Add(p.wait)
	return p.wait
}

// done records a repair that started at the time next allowed it and took
// took.
func (p *repairPace) done(took time.Duration) {
	p.spent = append(p.spent, repairSpan{at: p.last, cost: max(took, repairMinCost)})
}

// spentSince drops the repairs that started before since and sums the
// cost of the rest.
func (p *repairPace) spentSince(since time.Time) time.Duration {
	keep := p.spent[:0]
	var sum time.Duration
	for _, s := range p.spent {
		if !s.at.Before(since) {
			keep = append(keep, s)
			sum += s.cost
		}
	}
	p.spent = keep
	return sum
}

// recent is how many repairs the window holds (for the log).
func (p *repairPace) recent() int { return len(p.spent) }
