package detector

import (
	"math"
	"time"
)

// banEntry is an active (or expired but not yet purged) ban: the fields of
// its Decision in 24 bytes without pointers, so that the ban table's map
// (16-byte key + entry: 40-byte slots, was 72) is one the garbage collector
// does not scan. The ban's length is an index into banTable.durs (a policy
// yields few distinct lengths: the escalation's steps of each rule's
// base), its start is until minus that length, so both stay exact to the
// nanosecond. A ban whose values do not fit (more than 3 rules, points
// beyond int32, offence beyond 255, a 65,536th distinct length) keeps them
// in banTable.wide, at index points.
type banEntry struct {
	until   int64 // event time the ban ends, ns
	points  int32 // banIsWide: index into banTable.wide
	dur     uint16
	rules   [3]uint16 // the first nrules rule ids, most points first
	nrules  uint8
	bits    uint8
	offence uint8
	flags   uint8 // banPassive, banIsWide
}

const (
	banPassive = 1 << iota
	banIsWide
)

// banWide holds the values of a ban that do not fit its banEntry. It is
// rare: 3 rules cover a ban, and offences past 255 need 255 bans of one
// client first.
type banWide struct {
	dur     time.Duration
	points  int
	offence int
	rules   []uint16 // nil: the slot is free
}

// banEntryOf records decision dec, whose rule ids are interned in e.
func (e *Engine) banEntryOf(dec *Decision, t int64) banEntry {
	b := banEntry{until: t + int64(dec.Duration), bits: uint8(dec.Key.Bits())}
	if dec.Passive {
		b.flags |= banPassive
	}
	d, dok := e.bans.durIndex(dec.Duration)
	if dok && len(dec.Rules) <= len(b.rules) && dec.Points >= 0 && dec.Points <= math.MaxInt32 &&
		dec.Offence >= 0 && dec.Offence <= math.MaxUint8 {
		for i, id := range dec.Rules {
			b.rules[i] = e.intern(id)
		}
		b.nrules, b.dur, b.points, b.offence = uint8(len(dec.Rules)), d, int32(dec.Points), uint8(dec.Offence)
		return b
	}
	ids := make([]uint16, len(dec.Rules), max(len(dec.Rules), 1)) // non-nil: a used slot
	for i, id := range dec.Rules {
		ids[i] = e.intern(id)
	}
	b.flags |= banIsWide
	b.points = int32(e.bans.addWide(banWide{dur: dec.Duration, points: dec.Points, offence: dec.Offence, rules: ids}))
	return b
}

// decision rebuilds the Decision of ban b of client k.
func (e *Engine) decision(k key, b *banEntry) Decision {
	ids := b.rules[:b.nrules]
	points, offence := int(b.points), int(b.offence)
	if b.flags&banIsWide != 0 {
		w := &e.bans.wide[b.points]
		ids, points, offence = w.rules, w.points, w.offence
	}
	d := e.bans.length(b)
	names := make([]string, len(ids))
	for i, r := range ids {
		names[i] = e.ruleNames[r]
	}
	return Decision{Key: k.prefix(int(b.bits)), Action: Ban, At: time.Unix(0, b.until-d).UTC(), Duration: time.Duration(d),
		Offence: offence, Rules: names, Points: points, Passive: b.flags&banPassive != 0}
}

// length is ban b's length, ns.
func (b *banTable) length(e *banEntry) int64 {
	if e.flags&banIsWide != 0 {
		return int64(b.wide[e.points].dur)
	}
	return int64(b.durs[e.dur])
}

// durIndex interns ban length d; false once 65,536 distinct lengths are
// interned (the ban then keeps its length in wide).
func (b *banTable) durIndex(d time.Duration) (uint16, bool) {
	if i, ok := b.durIdx[d]; ok {
		return i, true
	}
	if len(b.durs) > math.MaxUint16 {
		return 0, false
	}
	i := uint16(len(b.durs))
	b.durs = append(b.durs, d)
	b.durIdx[d] = i
	return i, true
}

// addWide stores w in a free slot of wide and returns its index.
func (b *banTable) addWide(w banWide) int {
	if n := len(b.free); n > 0 {
		i := b.free[n-1]
		b.free = b.free[:n-1]
		b.wide[i] = w
		return int(i)
	}
	b.wide = append(b.wide, w)
	return len(b.wide) - 1
}

// dropWide frees the wide slot of e, if it has one.
func (b *banTable) dropWide(e banEntry) {
	if e.flags&banIsWide == 0 {
		return
	}
	b.wide[e.points] = banWide{}
	b.free = append(b.free, uint32(e.points))
	if len(b.free) == len(b.wide) {
		b.wide, b.free = nil, nil // the last wide ban ended
	}
}

// banExpiry is a heap item: when the ban of k ends.
type banExpiry struct {
	until int64
	k     key
}

// banTable holds bans apart from client state, so that evicting an idle or
// least-recently-seen client never lifts its ban early. It is bounded by the
// number of bans alive at once (the same number the kernel set holds), not
// by a cap: dropping a ban to save memory would let the client back in.
// Expired bans are purged in order of their end through a min-heap; heap
// items made stale by Forget or a replaced ban are skipped when popped.
type banTable struct {
	m    map[key]banEntry
	heap []banExpiry
	// durs are the distinct ban lengths, ns, that banEntry.dur indexes
	// (durIdx finds them); wide the values of bans that do not fit a
	// banEntry, free its unused slots.
	durs   []time.Duration
	durIdx map[time.Duration]uint16
	wide   []banWide
	free   []uint32
	// filter is a one-hash Bloom filter of the keys in m, by their client
	// index tag: most events come from clients without a ban, and a clear
	// bit answers for them without hashing the key again and probing m.
	// Bits of removed bans stay set until it is rebuilt (stale counts
	// them), when m has outgrown it or as many removals as bans remain
	// have accumulated, so rebuilding costs O(1) per ban put or removed.
	filter []uint64
	stale  int
	s0, s1 uint64 // the client index's seeds: tag(k) as index.tag
}

// filterBitsPerBan keeps the filter's false positives under 1 in 16.
const filterBitsPerBan = 16

func newBanTable(x *index) banTable {
	return banTable{m: make(map[key]banEntry), durIdx: make(map[time.Duration]uint16), s0: x.s0, s1: x.s1}
}

func (b *banTable) tag(k key) uint32 { return tagOf(k, b.s0, b.s1) }

// put records a ban, replacing any earlier one of k. A client can only be
// banned again once its ban ended, or after a jump back to an older stretch
// of log; then the new ban is the one that covers the lines that follow.
func (b *banTable) put(k key, e banEntry) {
	if len(b.wide) > 0 {
		if old, ok := b.m[k]; ok {
			b.dropWide(old)
		}
	}
	b.m[k] = e
	b.push(banExpiry{until: e.until, k: k})
	if len(b.m)*filterBitsPerBan > len(b.filter)*64 {
		b.rebuild()
		return
	}
	t := b.tag(k) & uint32(len(b.filter)*64-1)
	b.filter[t>>6] |= 1 << (t & 63)
}

// remove drops k's ban.
func (b *banTable) remove(k key) {
	if len(b.wide) > 0 {
		if old, ok := b.m[k]; ok {
			b.dropWide(old)
		}
	}
	delete(b.m, k)
	if b.stale++; b.stale > len(b.m)+64 {
		b.rebuild()
	}
}

// rebuild sizes the filter for the bans in m and sets their bits only.
func (b *banTable) rebuild() {
	n := 64 // words
	for n*64 < len(b.m)*filterBitsPerBan {
		n *= 2
	}
	if len(b.filter) != n {
		b.filter = make([]uint64, n)
	} else {
		clear(b.filter)
	}
	mask := uint32(n*64 - 1)
	for k := range b.m {
		t := b.tag(k) & mask
		b.filter[t>>6] |= 1 << (t & 63)
	}
	b.stale = 0
}

// active reports whether k (a prefix of length bits, whose client index
// tag is tag) is banned at t. A line up to skew earlier than the ban's
// start is the out-of-order tail of the same stream and counts as banned,
// as it would reach a daemon only after the ban; a line further back
// belongs to an older stretch of log (see Engine's time rules) and
// predates the ban.
func (b *banTable) active(k key, tag uint32, bits uint8, t, skew int64) bool {
	if len(b.m) == 0 {
		return false
	}
	if f := tag & uint32(len(b.filter)*64-1); b.filter[f>>6]&(1<<(f&63)) == 0 {
		return false
	}
	e, ok := b.m[k]
	if !ok || e.bits != bits {
		return false
	}
	at := e.until - b.length(&e)
	return t >= at-skew && max(t, at) < e.until
}

// purge removes up to n bans that ended at or before cutoff.
func (b *banTable) purge(cutoff int64, n int) {
	for ; n > 0 && len(b.heap) > 0 && b.heap[0].until <= cutoff; n-- {
		x := b.pop()
		if e, ok := b.m[x.k]; ok && e.until == x.until {
			b.remove(x.k)
		}
	}
}

func (b *banTable) push(x banExpiry) {
	b.heap = append(b.heap, x)
	h := b.heap
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].until <= h[i].until {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (b *banTable) pop() banExpiry {
	h := b.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h[l].until < h[m].until {
			m = l
		}
		if r < len(h) && h[r].until < h[m].until {
			m = r
		}
		if m == i {
			break
		}
		h[m], h[i] = h[i], h[m]
		i = m
	}
	b.heap = h
	if len(h) == 0 && cap(h) > 1024 {
		b.heap = nil // give back a heap a ban wave left behind
	}
	return top
}
