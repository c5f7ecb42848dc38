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
// partial says the client offended before without being detailed.
func (c *Collector) admit(key netip.Prefix, at time.Time, s severity, partial bool) *offender {
	if lim := c.opts.MaxOffenders; lim >= 0 && len(c.detail) >= lim {
		if lim == 0 || !c.detail[0].severity().less(s) {
			return nil
		}
		drop := heap.Pop(&c.detail).(*offender)
		delete(c.offenderAt, drop.key)
	}
	c.seq++
	o := &offender{
		key:        key,
		firstSeen:  at,
		seq:        c.seq,
		partial:    partial,
		rules:      make(map[string]*Rule),
		categories: make(map[string]bool),
	}
	c.offenderAt[key] = o
	heap.Push(&c.detail, o)
	return o
}

// countOffender counts key as an offender, and as banned when banned, each
// once: exactly through its count word's bits when the client table holds
// it, in a HyperLogLog sketch when it does not. It reports whether key was
// an offender before this line (false when unknown).
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
	default:
		h := fixedHash(key)
		c.overOffenders.add(h)
		if banned {
			c.overBanned.add(h)
		}
	}
	return before
}

// offenderTotals is how many offenders and banned offenders the input had,
// and whether the counts include an estimate (of clients past the client
// table's bound).
func (c *Collector) offenderTotals() (offenders, banned int, estimated bool) {
	offenders, banned = c.nOffenders, c.nBanned
	if c.overOffenders.reg != nil {
		offenders += int(c.overOffenders.estimate())
		banned += int(c.overBanned.estimate())
		estimated = true
	}
	return offenders, banned, estimated
}
