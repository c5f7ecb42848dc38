package loaded

import (
	"net/netip"
	"time"
)

// Rotor walks a list in turns so that a content probe reaches every entry
// within Every, whatever the rate of the polls: each walk takes the share
// of the list the time since the last walk that counted is of Every (at
// least the caller's least), from where that one stopped. The random
// 64-entry window (Window) reached one stranger swapped into a
// 100,000-entry list after ~1,560 polls on average (~6.5 min at 4 a
// second) and had no bound at all (enforce gap 1, s16). The rotor's state
// is the caller's (kept under its lock); the list's slice is only read.
//
// Want and Advance are apart so that a walk whose findings are discarded
// (an unban, list refresh or flush landed during the probe) leaves the
// rotor where it was: the next poll walks the same slice again, with the
// share of both polls. Advancing at Want let a slice whose probe was
// discarded wait another full cover (review rev-enforce s16 item 2).
type Rotor struct {
	pos int
	at  time.Time
}

// Want returns where the next walk of a list of n entries starts and how
// many entries it takes, without moving: the share of the time since the
// last Advance (at most every), at least least. The first walk of a rotor
// takes least entries.
func (r *Rotor) Want(n int, now time.Time, every time.Duration, least int) (start, m int) {
	if n == 0 {
		return 0, 0
	}
	m = least
	if !r.at.IsZero() && every > 0 {
		dt := now.Sub(r.at)
		if dt > every {
			dt = every
		}
		if dt > 0 {
			// ceil(n*dt/every) without overflow at any n a list holds.
			share := int((float64(n)*float64(dt) + float64(every) - 1) / float64(every))
			m = max(m, share)
		}
	}
	return r.pos % n, min(m, n)
}

// Advance moves the rotor past the m entries from start that a walk of a
// list of n entries looked up, at now: call it only once the walk's
// findings count.
func (r *Rotor) Advance(n, start, m int, now time.Time) {
	if n == 0 {
		r.pos, r.at = 0, now
		return
	}
	r.pos = (start + m) % n
	r.at = now
}

// Budget scales the walks' wants ms down in place, in proportion, so that
// they sum to at most budget, each keeping at least min(least, its want):
// a poll's cost is bounded whatever the lists' sizes, and lists walked at
// the same pace stay at the same pace (each one's cover time grows alike).
// The sum may pass budget by least per walk.
func Budget(ms []int, budget, least int) {
	sum := 0
	for _, m := range ms {
		sum += m
	}
	if sum <= budget {
		return
	}
	for i, m := range ms {
		ms[i] = min(m, max(least, int(float64(m)*float64(budget)/float64(sum))))
	}
}

// Span copies the m entries of ps from start, wrapping at the end.
func Span(ps []netip.Prefix, start, m int) []netip.Prefix {
	if m <= 0 || len(ps) == 0 {
		return nil
	}
	out := make([]netip.Prefix, 0, m)
	for len(out) < m {
		k := min(m-len(out), len(ps)-start)
		out = append(out, ps[start:start+k]...)
		start = 0
	}
	return out
}

// PollBudget is the entries a poll's walks may look up in all when the
// last poll was dt ago: rate a second over dt, at most burst of it (a
// poll after a long idle costs no more than one burst behind a Watch), at
// least least (the first poll).
func PollBudget(rate int, dt, burst time.Duration, least int) int {
	if dt <= 0 {
		return least
	}
	dt = min(dt, burst)
	return max(least, int(float64(rate)*dt.Seconds()+0.999))
}

// ProbeRate is the entries of the allow list and block lists a second
// the probe's rotors may look up in all (both backends), and ProbeBurst
// the most time one poll's budget counts (PollBudget): the rotors' pace
// was each list's size over the cover time (10 s), so the CPU grew with
// the lists with no cap: 4.7 ms a poll at 100k on iptables, ~20 % of a
// core extrapolated at a 1M-entry feed (review rev-enforce s16 item 1).
// 10,000 a second is the 10 s cover of 100,000 entries, the size the
// cover was set for: a poll looks up at most 2,500 entries at 250 ms,
// 20,000 at 2 s (behind a Watch), whatever the lists' sizes (plus 64 a
// list: each walk's least), ~6-8 ms of CPU a poll with 100k bans, ~2.5 %
// of a core at 4 polls a second (BenchmarkProbePoll100k and 1M in
// firewall/nft and firewall/ipt: at 1M the poll cost 83-90 ms before).
// The price: past 100,000 entries in all (allow list and block lists
// together), every entry is looked up within total / 10,000 s instead of
// the cover time: 200,000 -> 20 s, 1,000,000 -> 100 s (at any poll rate;
// a discarded poll's share waits a poll more).
const (
	ProbeRate  = 10_000
	ProbeBurst = 2 * time.Second
)
