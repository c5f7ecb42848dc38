package cluster

import (
	"strconv"
	"strings"
)

// A node learns the marks its own calls make from their replies, and
// reads from the hot set only the marks numbered between them (other
// nodes'). Near the limit every client of an attack spread over many
// clients is marked once a window, and every node read every mark back
// with ZRANGE, its own included: 2.5 % of a node's CPU in the daemon's
// near-limit benchmark (session 10's profile), about 490 ns of the node
// and 225 of Redis a mark (BenchmarkFetchHot). The count script already
// knows which clients of its chunk it marks and their numbers (a call's
// marks are numbered one by one from the counter, base + 1 .. base + n,
// in one script: no other mark comes between them), so its reply's first
// line carries them: "<malformed> <base> <place>,<place>,..." (places in
// the chunk, from 1). The node learns those clients hot at their place of
// the held table (no name to parse, no lookup of the table) and keeps the
// range of numbers as its own; its read of the marks then takes only the
// gaps between its place (hotSeen), its own ranges and the end. With one
// node marking (or the marks of a flush coming in one run) the ranges
// join its place and the read finds nothing new; with N nodes each reads
// the others' marks only.
//
// Nothing is missed while Redis keeps what it acknowledged: a mark
// numbered under an own range's start was made before the call that made
// the range (the counter only grows, and a script's writes land together),
// so it is in the set when the node reads the gap; a gap read cut at
// hotFetchMax moves the place to its last number and the rest of the gaps
// are read at the next flush. What this node cannot place (more than
// maxOwnRanges ranges, a reply it does not read, a recovered lost call,
// places that do not go up) is simply not recorded: its marks lie in a gap
// and are read as before. Redis that lost its data (the epoch changed, the
// counter went back under the place) drops the ranges with the place.
//
// A Redis rolled back keeps its epoch and may keep the counter above the
// place: restarted from an older RDB save, failed over to a replica that
// had not received the last writes, AOF fsynced every second. It loses the
// newest writes, which are exactly this node's last calls' marks, and
// gives their numbers to the other nodes' next marks: an own range (or a
// place moved over one) would skip those, and the node would not know
// their clients hot for up to a window (TestShareOwnRangeAfterRollback).
// So the node keeps its newest own mark recorded since its last read
// (ownCheck: its number and client) and the read asks Redis for that
// client's score in the same pipeline, one ZSCORE a rule, only when own
// marks were recorded. A rollback loses a suffix of the writes: if that
// mark is there with its number, every earlier own mark is too. If not
// (lost, or the client marked again since by another node: rare, a client
// is marked at most once a window), the read is dropped, the place goes
// back to where the last read left it (readPlace) and the ranges are
// forgotten: the next read takes the own marks back with the others'.
// Checking only that the counter is at or above the last own number is
// not enough: after a rollback other nodes' marks run it back up to it.
// What the check does not cover, as before own ranges: a rollback that
// loses marks this node already read (or checked) at an earlier read,
// when other nodes' marks run the counter back up to the place before
// this node reads again: the marks numbered under the place are skipped
// until their clients are marked again (a window later at most).

// ownMark is an own mark the next read checks (set false: none).
type ownMark struct {
	num uint64
	key countKey
	set bool
}

// markRange is the numbers lo..hi (both in) of marks this node made.
type markRange struct{ lo, hi uint64 }

// markGap is the numbers strictly between lo and hi to read (hi 0: no
// end).
type markGap struct{ lo, hi uint64 }

// maxOwnRanges bounds the own ranges a rule keeps above its place: past
// it a call's range is not recorded (its marks are read back).
const maxOwnRanges = 16

// gaps are the number ranges the next read of r's marks takes: from its
// place to its first own range, between the ranges, and after the last.
func (r *Rule) gaps() []markGap {
	r.joinOwn()
	g := make([]markGap, 0, len(r.own)+1)
	from := r.hotSeen
	for _, o := range r.own {
		g = append(g, markGap{lo: from, hi: o.lo})
		from = o.hi
	}
	return append(g, markGap{lo: from})
}

// readGap moves r's place after gap g of its last gaps() was read:
// whole, every mark of the gap was read, and the place goes to the end
// of the own range after it (or to top, the highest good number read,
// after the last gap); cut (at hotFetchMax, or a reply that broke off),
// the place goes to top and false says to read no further gaps.
func (r *Rule) readGap(g int, whole bool, top uint64) bool {
	r.hotSeen = max(r.hotSeen, top)
	if !whole {
		return false
	}
	if g < len(r.own) {
		r.hotSeen = max(r.hotSeen, r.own[g].hi)
	}
	return true
}

// joinOwn drops the own ranges the place has reached or passed, and
// moves the place over a range that starts right after it.
func (r *Rule) joinOwn() {
	n := 0
	for n < len(r.own) && r.own[n].lo <= r.hotSeen+1 {
		r.hotSeen = max(r.hotSeen, r.own[n].hi)
		n++
	}
	if n > 0 {
		r.own = append(r.own[:0], r.own[n:]...)
	}
}

// addOwn records the marks base+1..base+n as this node's, and says
// whether it did (the place or a range now covers them).
func (r *Rule) addOwn(base, n uint64) bool {
	lo, hi := base+1, base+n
	if n == 0 || lo <= r.hotSeen || hi > maxMarkNumber {
		// At or under the place: numbering that went back (Redis lost
		// it; the next read finds the counter under the place).
		return false
	}
	if k := len(r.own); k > 0 {
		last := &r.own[k-1]
		switch {
		case lo <= last.hi: // not after the last: not placed
			return false
		case lo == last.hi+1:
			last.hi = hi
			r.joinOwn()
			return true
		}
	}
	if len(r.own) >= maxOwnRanges {
		return false
	}
	r.own = append(r.own, markRange{lo: lo, hi: hi})
	r.joinOwn()
	return true
}

// forgetOwn drops the own ranges and the check: Redis lost them.
func (r *Rule) forgetOwn() {
	r.own, r.ownCheck = r.own[:0], ownMark{}
}

// learnOwn learns hot the clients that chunk (of the trip just sent: its
// lines are c.sent[chunk*chunkClients:]) of rule r marked, from the
// call's reply res, and records their numbers as r's own. A first line
// that does not read (places not whole, out of the chunk, repeated or
// not going up) is counted as malformed and nothing is learned from it
// (the read finds its marks).
func (c *Counter) learnOwn(r *Rule, res string, chunk int, nowMs int64) {
	line, _, _ := strings.Cut(res, "\n")
	_, marks, ok := strings.Cut(line, " ")
	if !ok {
		return // no marks
	}
	baseText, places, ok := strings.Cut(marks, " ")
	base, err := strconv.ParseUint(baseText, 10, 64)
	from := chunk * chunkClients
	to := min(from+chunkClients, len(c.sent))
	if !ok || err != nil || base > maxMarkNumber || from >= to || places == "" {
		c.malformed.Add(1)
		return
	}
	limit := c.maxHot
	if limit <= 0 {
		limit = maxHotKnown
	}
	// Validated whole before anything is learned: places are whole
	// numbers in the chunk, going up (the script writes each once, in
	// order). A reply that repeats one ("1,1,1": one client, a range of
	// three numbers) or goes back is counted and left to the read.
	n, prev := uint64(0), 0
	for p := range strings.SplitSeq(places, ",") {
		i, err := strconv.Atoi(p)
		if err != nil || i <= prev || from+i > to {
			c.malformed.Add(1)
			return
		}
		prev = i
		n++
	}
	var last countKey
	for p := range strings.SplitSeq(places, ",") {
		i, _ := strconv.Atoi(p)
		j := c.sent[from+i-1]
		last = r.held.keys[j]
		r.learnHotAt(last, int(j), nowMs, limit)
	}
	if r.addOwn(base, n) {
		r.ownCheck = ownMark{num: base + n, key: last, set: true}
	}
}
