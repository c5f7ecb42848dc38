package cluster

import (
	"math/bits"
	"strconv"
)

// heldTable is a rule's counts not yet sent to Redis, by client, for the
// current window bucket (counts) and the one before (prev): the counting
// of the share protocol (share.go). It is a countTable kept across
// flushes, whose counts are the current bucket's, with a second array
// beside them; a client whose counts were sent keeps its place at zero
// until the bucket ends (roll), when the clients with nothing held are
// dropped and the index built again.
type heldTable struct {
	countTable
	prev   []uint32
	bucket int64 // the bucket counts belong to
	// mark[j] is the flush that last counted client j (stamp: this
	// flush's number); touched lists the clients this flush counted.
	mark    []uint32
	stamp   uint32
	touched []int32
	// hotEnd[j] is when client j stops being hot on this node (local
	// unix ms; 0: not hot), the rule's hot map's value for it: read
	// from the map when the client enters the table and written with
	// the map by learnHot. The report looked the map up for every
	// client each flush counted (20,000 a flush near the limit in the
	// daemon's benchmark: a 24-byte key hashed and probed each time);
	// a client enters the table once per window bucket.
	hotEnd []int64
}

// heldStart is how many clients a held table has room for from its
// start (1.9 MB with its index): a fresh node's first batches do not
// grow it, nor does a roll that keeps fewer. Grown from empty, the
// daemon's benchmark (20,000 new clients a phase) allocated, copied and
// faulted in 4-8 MB of arrays and indexes in each phase judged.
const heldStart = countTableKeep / 2

func newHeldTable() *heldTable {
	h := &heldTable{countTable: *newCountTableSize(2 * heldStart)}
	h.room()
	return h
}

// room gives the empty table's arrays room for heldStart clients.
func (h *heldTable) room() {
	h.keys, h.counts = make([]countKey, 0, heldStart), make([]uint32, 0, heldStart)
	h.prev, h.mark, h.hotEnd = make([]uint32, 0, heldStart), make([]uint32, 0, heldStart), make([]int64, 0, heldStart)
}

// at is the place of client k, made (at zero) if it has none; a new
// client's hot end is read from hot (the rule's map of clients known
// hot).
func (h *heldTable) at(k countKey, hot map[countKey]int64) int {
	j, added := h.countTable.at(k)
	if added {
		if c := cap(h.keys); cap(h.prev) < c {
			// Grown with the keys (countTable.reserve), not by append.
			h.prev = resized(h.prev, c)
			h.mark = resized(h.mark, c)
			h.hotEnd = resized(h.hotEnd, c)
		}
		h.prev = append(h.prev, 0)
		h.mark = append(h.mark, 0)
		var end int64
		if len(hot) > 0 {
			end = hot[k]
		}
		h.hotEnd = append(h.hotEnd, end)
	}
	return j
}

// count counts a flush's events (after begin), and lists the clients
// it touched in h.touched; hot is the rule's map of clients known hot.
func (h *heldTable) count(log []countKey, hot map[countKey]int64) {
	for _, k := range log {
		j := h.at(k, hot)
		h.counts[j]++
		if h.mark[j] != h.stamp {
			h.mark[j] = h.stamp
			h.touched = append(h.touched, int32(j))
		}
	}
}

// begin starts a flush's counting.
func (h *heldTable) begin() {
	h.stamp++
	if h.stamp == 0 { // wrapped: no mark may look current
		clear(h.mark)
		h.stamp = 1
	}
	h.touched = h.touched[:0]
}

// find is the place of client k, or -1.
func (h *heldTable) find(k countKey) int {
	t := &h.countTable
	hash := k.hash()
	tag, flag := k.slotTag(hash)
	for i := hash & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s.idx == 0 {
			return -1
		}
		if t.matches(s, &k, tag, flag) {
			return s.place()
		}
	}
}

// roll moves the table to bucket: the counts held for the bucket just
// before it become the previous bucket's, older ones are dropped (their
// weight in the sliding window is zero), and the clients left with
// nothing held leave the table.
func (h *heldTable) roll(bucket int64) {
	if bucket == h.bucket {
		return
	}
	next := bucket == h.bucket+1
	h.bucket = bucket
	t := &h.countTable
	j := 0
	for i, k := range t.keys {
		p := uint32(0)
		if next {
			p = t.counts[i]
		}
		if p == 0 {
			continue
		}
		t.keys[j], t.counts[j], h.prev[j], h.mark[j], h.hotEnd[j] = k, 0, p, 0, h.hotEnd[i]
		j++
	}
	h.truncate(j)
}

// clear empties the table (countTable.reset: the index cleared, a large
// one given back after a quiet while).
func (h *heldTable) clear() {
	h.reset()
	h.prev, h.mark, h.touched, h.hotEnd = h.prev[:0], h.mark[:0], h.touched[:0], h.hotEnd[:0]
}

// truncate keeps the first n clients and indexes them again, in a table
// sized for them (a burst's table is given back).
func (h *heldTable) truncate(n int) {
	t := &h.countTable
	t.keys, t.counts, h.prev, h.mark, h.hotEnd = t.keys[:n], t.counts[:n], h.prev[:n], h.mark[:n], h.hotEnd[:n]
	if n == 0 && cap(t.keys) > countTableKeep {
		h.room() // a burst's arrays given back
	}
	size := 2 * heldStart
	if n > 0 {
		size = max(size, 1<<bits.Len(uint(2*n)))
	}
	t.grow(size)
	h.touched = h.touched[:0]
	if cap(h.touched) > countTableKeep {
		h.touched = nil
	}
}

// appendReport writes "client current previous\n": the counts a client's
// report adds to the two buckets.
func appendReport(b []byte, k *countKey, cur, prev uint32) []byte {
	b = k.appendPrefix(b)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(cur), 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(prev), 10)
	return append(b, '\n')
}
