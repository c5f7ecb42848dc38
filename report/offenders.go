package report

import (
	"container/heap"
	"net/netip"
	"time"
)

// DefaultMaxOffenders is how many offenders a report details by default.
// An offender's detail (its rules with one sample line each, its bans) is
// ~1-4 KiB: 10,000 of them stay under ~40 MiB whatever the log, where a
// spray of 1M banned addresses drove an unbounded report to 4.3 GB (issue 14).
const DefaultMaxOffenders = 10_000

// severity is what decides which offenders keep their detail once there are
// more than Options.MaxOffenders: banned before watched, then the longest
// ban, then the most points; on a tie the one detailed first stays. All
// three only grow as an offender's lines come, so the least severe detailed
// offender is the one to drop for a more severe newcomer.
type severity struct {
	banned bool
	ban    int64 // longest ban, seconds
	points int
}

func (a severity) less(b severity) bool {
	if a.banned != b.banned {
		return b.banned
	}
	if a.ban != b.ban {
		return a.ban < b.ban
	}
	return a.points < b.points
}

func (o *offender) severity() severity {
	return severity{banned: o.banned, ban: o.maxBan, points: o.points}
}

// detailed is a min-heap of the detailed offenders, the least severe (and,
// among equals, the latest admitted) at the root.
type detailed []*offender

func (h detailed) Len() int { return len(h) }
func (h detailed) Less(i, j int) bool {
	a, b := h[i].severity(), h[j].severity()
	if a != b {
		return a.less(b)
	}
	return h[i].seq > h[j].seq
}
func (h detailed) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}
func (h *detailed) Push(x any) {
	o := x.(*offender)
	o.idx = len(*h)
	*h = append(*h, o)
}
func (h *detailed) Pop() any {
	old := *h
	o := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return o
}

// admit returns a new detail record for key, whose line brings it to
// severity s, or nil when the report already details MaxOffenders offenders
// all at least as severe (the least severe of them is dropped otherwise).
// partial says the client offended before without being detailed;
// untracked that the client table does not hold key (its record is then
// what counts it, and a dropped record goes to the sketches).
func (c *Collector) admit(key netip.Prefix, at time.Time, s severity, partial, untracked bool) *offender {
	if lim := c.opts.MaxOffenders; lim >= 0 && len(c.detail) >= lim {
		if lim == 0 || !c.detail[0].severity().less(s) {
			return nil
		}
		drop := heap.Pop(&c.detail).(*offender)
		delete(c.offenderAt, drop.key)
		if drop.untracked {
			c.sketchOffender(drop.key, drop.banned)
		}
	}
	c.seq++
	o := &offender{
		key:        key,
		firstSeen:  at,
		seq:        c.seq,
		partial:    partial,
		untracked:  untracked,
		rules:      make(map[string]*Rule),
		categories: make(map[string]bool),
	}
	c.offenderAt[key] = o
	heap.Push(&c.detail, o)
	return o
}

// countOffender counts key as an offender, and as banned when banned, each
// once, exactly through its count word's bits when the client table holds
// it. A client the table does not hold is counted from its detail record,
// or by sketchOffender when it has none. It reports whether key was an
// offender before this line (false when unknown).
func (c *Collector) countOffender(key netip.Prefix, cnt *uint32, banned bool) (before bool) {
	switch {
	case cnt != nil:
		before = *cnt&offenderBit != 0
		if !before {
			*cnt |= offenderBit
			c.nOffenders++
		}
		if banned && *cnt&bannedBit == 0 {
			*cnt |= bannedBit
			c.nBanned++
		}
	case !key.IsValid():
		before = c.invalidOffender
		if !before {
			c.invalidOffender = true
			c.nOffenders++
		}
		if banned && !c.invalidBanned {
			c.invalidBanned = true
			c.nBanned++
		}
	}
	return before
}

// sketchOffender counts an offender past the client table's bound that has
// no detail record (refused, or dropped for a more severe one) in the
// HyperLogLog sketches.
func (c *Collector) sketchOffender(key netip.Prefix, banned bool) {
	h := fixedHash(key)
	c.overOffenders.add(h)
	if banned {
		c.overBanned.add(h)
	}
}

// offenderTotals is how many offenders and banned offenders the input had,
// and whether the counts include an estimate (of clients past the client
// table's bound).
//
// Clients past the bound with a detail record count exactly from it while
// no other one went to the sketches; once some did, a record's client may
// be in a sketch too (dropped, then detailed again), so the estimate is of
// the union of the sketches and the records.
func (c *Collector) offenderTotals() (offenders, banned int, estimated bool) {
	offenders, banned = c.nOffenders, c.nBanned
	if c.overOffenders.reg == nil {
		for _, o := range c.detail {
			if o.untracked {
				offenders++
				if o.banned {
					banned++
				}
			}
		}
		return offenders, banned, false
	}
	over, overBanned := c.overOffenders.clone(), c.overBanned.clone()
	for _, o := range c.detail {
		if o.untracked {
			h := fixedHash(o.key)
			over.add(h)
			if o.banned {
				overBanned.add(h)
			}
		}
	}
	return offenders + int(over.estimate()), banned + int(overBanned.estimate()), true
}
