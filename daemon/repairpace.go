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
//
// A repair that puts back missing bans (a table, set or chain gone, ban
// elements dropped: a foreign flush) is not held to that budget (review
// rev-enforce s13 item 2): bans are not enforced until it runs, and under
// a flush every 3-5 s of an unowned table with 100k bans (1.5 s a
// reload) the budget's waits doubled to 30 s and never shrank, so the
// bans were in the kernel 6-12 % of the time (50-70 % before the budget).
// Such a repair is paced by count as before session 13: repairBurst
// within repairWindow at once, then waits doubling up to repairMaxWait,
// which still ends a fight with a process that removes our table on
// every change.
const (
	repairWindow  = 10 * time.Second
	repairBudget  = 2 * time.Second
	repairMinCost = 100 * time.Millisecond
	repairMaxWait = 30 * time.Second
	repairBurst   = 20
)

// repairPace decides how long the guard waits before a repair. Only the
// guard goroutine uses it.
type repairPace struct {
	spent []repairSpan  // the repairs within the window, oldest first
	wait  time.Duration // the last wait imposed; kept until a quiet window
	last  time.Time     // when the last repair ran (after its wait)
	// restore paces the repairs that put back missing bans by count.
	restore burstPace
}

// burstPace: at most repairBurst within repairWindow at once, then waits
// doubling up to repairMaxWait; a quiet window resets it.
type burstPace struct {
	at   []time.Time
	wait time.Duration
	last time.Time
}

func (b *burstPace) next(now time.Time) time.Duration {
	if !b.last.IsZero() && now.Sub(b.last) >= repairWindow {
		b.wait = 0
	}
	keep := b.at[:0]
	for _, t := range b.at {
		if now.Sub(t) < repairWindow {
			keep = append(keep, t)
		}
	}
	b.at = append(keep, now)
	if len(b.at) <= repairBurst && b.wait == 0 {
		b.last = now
		return 0
	}
	b.wait = min(max(2*b.wait, time.Second), repairMaxWait)
	b.last = now.Add(b.wait)
	return b.wait
}

// repairSpan is one repair: when it started and the time it counts for.
type repairSpan struct {
	at   time.Time
	cost time.Duration
}

// next is asked before a repair at now and returns how long to wait first
// (0: at once). done tells it what the repair took. missing, asked only
// when the budget would make the repair wait, says whether bans are
// missing from the kernel (nil: never).
func (p *repairPace) next(now time.Time, missing func() bool) time.Duration {
	if !p.last.IsZero() && now.Sub(p.last) >= repairWindow {
		p.wait = 0 // quiet for a whole window: the burst is over
	}
	if !p.restore.last.IsZero() && now.Sub(p.restore.last) >= repairWindow {
		p.restore.wait = 0
	}
	// A fight over missing bans stays slowed by its own waits: the
	// budget, free again after a window, must not let it run on.
	if spent := p.spentSince(now.Add(-repairWindow)); spent < repairBudget && p.wait == 0 && p.restore.wait == 0 {
		p.last = now
		return 0
	}
	if missing != nil && missing() {
		w := p.restore.next(now)
		p.last = now.Add(w)
		return w
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
