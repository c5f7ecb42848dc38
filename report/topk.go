package report

import (
	"hash/maphash"
	"sort"
)

// TopK counts values and keeps the most frequent ones with bounded memory.
//
// It is a lossy counter: once it holds max keys it drops the less frequent
// half, so a value that is rare early and frequent late may be under-counted.
// For the "top paths / user agents" tables of a report that trade-off is
// right: exact counts of millions of distinct paths would cost more memory
// than the whole analysis.
//
// The values are kept in an open-addressing table (linear probing, at most
// 3/4 full) that stores each value's hash beside it: a repeated value costs
// one hash of its bytes and one comparison, where a Go map keyed by string
// hashed it and probed through the runtime (two of them, paths and agents,
// were 30 ns a line on the 1M benchmark).
type TopK struct {
	max   int
	seed  maphash.Seed
	slots []topSlot
	n     int // values held
	// pruned is true once some keys were dropped: counts are then lower bounds.
	pruned bool
	// known maps the numbers a patterns.Memo gave texts to the slots
	// holding them (AddKnown), direct-mapped; emptied when slots move.
	known []knownSlot
}

type knownSlot struct {
	id   uint64 // 0: empty
	slot uint64
}

// knownSlots is the size of TopK.known, a power of two: more than the
// texts a patterns.Memo remembers per field.
const knownSlots = 4096

type topSlot struct {
	hash  uint64
	count uint64 // 0: the slot is empty
	value string
}

const topMin = 512

// NewTopK returns a counter that keeps at most max distinct values.
func NewTopK(max int) *TopK {
	if max < 16 {
		max = 16
	}
	return &TopK{max: max, seed: maphash.MakeSeed(), slots: make([]topSlot, topMin)}
}

// Add counts one occurrence of v. Counting a value already held does not
// allocate; only a new value is copied.
func (t *TopK) Add(v []byte) { t.add(v) }

// AddKnown is Add for a value numbered id by a patterns.Memo (Memo.Known:
// id names that one value, 0 means no number): a value counted under its
// number before is counted again without hashing or comparing it.
func (t *TopK) AddKnown(id uint64, v []byte) {
	if id == 0 {
		t.add(v)
		return
	}
	if t.known == nil {
		t.known = make([]knownSlot, knownSlots)
	}
	k := &t.known[id&(knownSlots-1)]
	if k.id == id {
		t.slots[k.slot].count++
		return
	}
	*k = knownSlot{id: id, slot: t.add(v)}
}

// add counts v and returns its slot.
func (t *TopK) add(v []byte) uint64 {
	h := maphash.Bytes(t.seed, v)
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for ; t.slots[i].count != 0; i = (i + 1) & mask {
		if s := &t.slots[i]; s.hash == h && s.value == string(v) {
			s.count++
			return i
		}
	}
	if t.n >= t.max {
		t.prune()
	}
	if (t.n+1)*4 > len(t.slots)*3 {
		t.resize(2 * len(t.slots))
	}
	t.n++
	i = t.place(h)
	t.slots[i] = topSlot{hash: h, count: 1, value: string(v)}
	return i
}

// place returns the empty slot where a value hashed h goes.
func (t *TopK) place(h uint64) uint64 {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].count != 0 {
		i = (i + 1) & mask
	}
	return i
}

// resize moves the values into a table of size slots.
func (t *TopK) resize(size int) {
	clear(t.known) // the values move
	old := t.slots
	t.slots = make([]topSlot, size)
	for _, s := range old {
		if s.count != 0 {
			t.slots[t.place(s.hash)] = s
		}
	}
}

// prune drops every value counted no more than the median count.
func (t *TopK) prune() {
	vals := make([]uint64, 0, t.n)
	for _, s := range t.slots {
		if s.count != 0 {
			vals = append(vals, s.count)
		}
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i] > vals[j] })
	cut := vals[len(vals)/2]
	for i := range t.slots {
		if t.slots[i].count <= cut {
			t.slots[i] = topSlot{}
		}
	}
	t.n = 0
	for _, s := range t.slots {
		if s.count != 0 {
			t.n++
		}
	}
	t.resize(len(t.slots)) // linear probing cannot leave holes in a run
	t.pruned = true
}

// each yields every value held and its count.
func (t *TopK) each(yield func(string, uint64)) {
	for _, s := range t.slots {
		if s.count != 0 {
			yield(s.value, s.count)
		}
	}
}

// Count is one entry of a top list.
type Count struct {
	Value string `json:"value"`
	Count uint64 `json:"count"`
}

// Top returns the n most frequent values, most frequent first, ties by value
// (all of them when n < 0).
func (t *TopK) Top(n int) []Count {
	if n >= 0 {
		top := newTopN(n)
		t.each(func(v string, c uint64) { top.offer(Count{Value: v, Count: c}) })
		return top.sorted()
	}
	out := make([]Count, 0, t.n)
	t.each(func(v string, c uint64) { out = append(out, Count{Value: v, Count: c}) })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
