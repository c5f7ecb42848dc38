package detector

import "time"

// banEntry is an active (or expired but not yet purged) ban: the fields of
// its Decision, without pointers and with its rules as indexes into
// Engine.ruleNames, so that 100,000 bans in force are ~10 MB the garbage
// collector does not scan (a *Decision per ban was ~250 bytes).
type banEntry struct {
	at, until int64 // event time, ns
	points    int64
	offence   int64
	rules     [3]uint16 // the first nrules rule ids, most points first
	nrules    uint8     // 0-3 inline; more: all of them in more
	bits      uint8
	passive   bool
	more      *[]uint16
}

// banEntryOf records decision dec, whose rule ids are interned in e.
func (e *Engine) banEntryOf(dec *Decision, t int64) banEntry {
	b := banEntry{at: t, until: t + int64(dec.Duration), points: int64(dec.Points), offence: int64(dec.Offence),
		bits: uint8(dec.Key.Bits()), passive: dec.Passive}
	if len(dec.Rules) <= len(b.rules) {
		for i, id := range dec.Rules {
			b.rules[i] = e.intern(id)
		}
		b.nrules = uint8(len(dec.Rules))
		return b
	}
	more := make([]uint16, len(dec.Rules))
	for i, id := range dec.Rules {
		more[i] = e.intern(id)
	}
	b.nrules, b.more = uint8(len(b.rules)+1), &more
	return b
}

// decision rebuilds the Decision of ban b of client k.
func (e *Engine) decision(k key, b *banEntry) Decision {
	ids := b.rules[:min(int(b.nrules), len(b.rules))]
	if b.more != nil {
		ids = *b.more
	}
	names := make([]string, len(ids))
	for i, r := range ids {
		names[i] = e.ruleNames[r]
	}
	return Decision{Key: k.prefix(int(b.bits)), Action: Ban, At: time.Unix(0, b.at).UTC(), Duration: time.Duration(b.until - b.at),
		Offence: int(b.offence), Rules: names, Points: int(b.points), Passive: b.passive}
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
	return banTable{m: make(map[key]banEntry), s0: x.s0, s1: x.s1}
}

func (b *banTable) tag(k key) uint32 { return tagOf(k, b.s0, b.s1) }

// put records a ban, replacing any earlier one of k. A client can only be
// banned again once its ban ended, or after a jump back to an older stretch
// of log; then the new ban is the one that covers the lines that follow.
func (b *banTable) put(k key, e banEntry) {
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
	return t >= e.at-skew && max(t, e.at) < e.until
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
