package cluster

import (
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"testing"
)

// oldHeldTable is the held table as it was at 523d3e4 (counts and marks in
// arrays beside the countTable index), kept as the reference of
// TestHeldTableMatchesOld.
type oldHeldTable struct {
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

func newOldHeldTable() *oldHeldTable {
	h := &oldHeldTable{countTable: *newCountTableSize(2 * heldStart)}
	h.room()
	return h
}

// room gives the empty table's arrays room for heldStart clients.
func (h *oldHeldTable) room() {
	h.keys, h.counts = make([]countKey, 0, heldStart), make([]uint32, 0, heldStart)
	h.prev, h.mark, h.hotEnd = make([]uint32, 0, heldStart), make([]uint32, 0, heldStart), make([]int64, 0, heldStart)
}

// at is the place of client k, made (at zero) if it has none; a new
// client's hot end is read from hot (the rule's map of clients known
// hot).
func (h *oldHeldTable) at(k countKey, hot map[countKey]int64) int {
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
func (h *oldHeldTable) count(log []countKey, hot map[countKey]int64) {
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
func (h *oldHeldTable) begin() {
	h.stamp++
	if h.stamp == 0 { // wrapped: no mark may look current
		clear(h.mark)
		h.stamp = 1
	}
	h.touched = h.touched[:0]
}

// find is the place of client k, or -1.
func (h *oldHeldTable) find(k countKey) int {
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
func (h *oldHeldTable) roll(bucket int64) {
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
func (h *oldHeldTable) clear() {
	h.reset()
	h.prev, h.mark, h.touched, h.hotEnd = h.prev[:0], h.mark[:0], h.touched[:0], h.hotEnd[:0]
}

// truncate keeps the first n clients and indexes them again, in a table
// sized for them (a burst's table is given back).
func (h *oldHeldTable) truncate(n int) {
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

// TestHeldTableMatchesOld runs the held table and the one it replaced
// (oldHeldTable) through the same random workload: IPv4 and IPv6 clients
// (/32, /24, /128, /64, an IPv6 client whose hash tag is an IPv4 client's
// address), flushes counted with hot ends read from a map, clients
// reported (their counts cleared), hot ends learned, window buckets
// rolled by one and by more, the table emptied at a bound (a spill) and
// at a share of 1, a burst that grows the index past its start and quiet
// clears that shrink it, a client counted more times in a flush than a
// slot holds, and the old table's flush stamp wrapping. After every step
// both hold the same clients in the same places with the same counts,
// previous counts and hot ends, and list the same touched clients (the
// old table's flush marks).
func TestHeldTableMatchesOld(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(14, 2))
	pool := make([]countKey, 0, 4000)
	for i := range 4000 {
		var p netip.Prefix
		switch x := rng.IntN(10); {
		case x < 6:
			p = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), byte(rng.IntN(4))}), 32)
		case x < 7:
			p = netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i >> 8), byte(i)}), 24).Masked()
		case x < 9:
			p = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 8: byte(i >> 8), 15: byte(i)}), 128)
		default:
			p = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 8), byte(i)}), 64)
		}
		pool = append(pool, keyOf(p))
	}
	// An IPv6 client whose tag is an IPv4 client's address.
	k6 := pool[len(pool)-1]
	tag := uint32(k6.hash() >> 32)
	pool = append(pool, keyOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(tag >> 24), byte(tag >> 16), byte(tag >> 8), byte(tag)}), 32)))
	burst := make([]countKey, 40_000) // past heldStart: the index grows
	for i := range burst {
		burst[i] = keyOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}), 32))
	}

	o, n := newOldHeldTable(), newHeldTable()
	hot := map[countKey]int64{}
	const bound = 2500
	bucket := int64(0)
	check := func(step int, what string) {
		t.Helper()
		if o.len() != n.len() {
			t.Fatalf("step %d (%s): %d clients, old table %d", step, what, n.len(), o.len())
		}
		for j := range o.keys {
			sl := n.slots[n.slot[j]]
			if n.keys[j] != o.keys[j] || n.counts[j] != o.counts[j] || n.prev[j] != o.prev[j] || n.hotEnd[j] != o.hotEnd[j] ||
				sl.place() != j || sl.w&slotN != 0 {
				t.Fatalf("step %d (%s): client %d: %s count %d prev %d hot %d (slot's place %d, events %d); old table %s %d %d %d", step, what, j,
					n.keys[j].prefix(), n.counts[j], n.prev[j], n.hotEnd[j], sl.place(), sl.w&slotN>>slotPlaceBits,
					o.keys[j].prefix(), o.counts[j], o.prev[j], o.hotEnd[j])
			}
		}
		// The old table's flush marks: its touched list holds exactly
		// the marked clients, and the new one's the same list.
		in := make([]bool, len(o.keys))
		for _, j := range o.touched {
			in[j] = true
		}
		for j := range o.keys {
			if o.mark[j] == o.stamp && !in[j] {
				t.Fatalf("step %d (%s): old table's client %d marked, not touched", step, what, j)
			}
		}
		if len(n.touched) != len(o.touched) {
			t.Fatalf("step %d (%s): %d touched, old table %d", step, what, len(n.touched), len(o.touched))
		}
		for i := range o.touched {
			if n.touched[i] != o.touched[i] {
				t.Fatalf("step %d (%s): touched[%d] = %d, old table %d", step, what, i, n.touched[i], o.touched[i])
			}
		}
		for range 50 {
			k := pool[rng.IntN(len(pool))]
			if a, b := n.find(k), o.find(k); a != b {
				t.Fatalf("step %d (%s): find(%s) = %d, old table %d", step, what, k.prefix(), a, b)
			}
		}
	}
	for step := range 600 {
		if step == 300 { // the old table's stamp wraps within the next flushes
			o.stamp = ^uint32(0) - 2
		}
		// A flush: events of a few hundred to a few thousand clients,
		// most of them repeated; some steps a burst of new ones.
		var log []countKey
		switch {
		case step%97 == 50 || step == 551:
			log = burst
		default:
			m := rng.IntN(3000)
			span := 1 + rng.IntN(len(pool))
			for range m {
				log = append(log, pool[rng.IntN(span)])
			}
			if step%7 == 3 {
				// One client's events past what a slot holds (slotMaxN)
				// in one flush, among the others.
				for i := range 2*slotMaxN + 5 {
					log = append(log, pool[i%2])
				}
				rng.Shuffle(len(log), func(a, b int) { log[a], log[b] = log[b], log[a] })
			}
		}
		for range rng.IntN(20) {
			hot[pool[rng.IntN(len(pool))]] = int64(rng.IntN(1000))
		}
		o.begin()
		n.begin()
		var chunks [][]countKey
		for i := 0; i < len(log); i += logChunk {
			ch := log[i:min(i+logChunk, len(log))]
			o.count(ch, hot)
			chunks = append(chunks, ch)
		}
		n.count(chunks, hot)
		check(step, "count")
		// Learned hot: the table's copy of the map's value.
		for range rng.IntN(5) {
			k := pool[rng.IntN(len(pool))]
			if j := o.find(k); j >= 0 {
				v := int64(rng.IntN(1000))
				o.hotEnd[j], n.hotEnd[n.find(k)] = v, v
			}
		}
		// The report: some touched clients' counts sent.
		for _, j := range o.touched {
			if rng.IntN(3) == 0 {
				o.counts[j], o.prev[j] = 0, 0
				n.counts[j], n.prev[j] = 0, 0
			}
		}
		check(step, "report")
		switch x := rng.IntN(20); {
		case o.len() > bound && step < 551:
			o.truncate(0)
			n.truncate(0)
			check(step, "spill")
		case x == 0 || step >= 551:
			// A share of 1 (and, late, many quiet clears in a row: a
			// table grown by the burst shrinks back).
			o.clear()
			n.clear()
			check(step, "clear")
		}
		switch x := rng.IntN(10); {
		case step >= 551:
			// The bucket holds: quiet clears in a row.
		case x < 3:
			bucket++
		case x == 3:
			bucket += 2 + int64(rng.IntN(3))
		}
		o.roll(bucket)
		n.roll(bucket)
		check(step, "roll")
	}
	if len(n.slots) != countTableKeep || len(o.slots) != countTableKeep {
		t.Errorf("index of %d slots at the end, old table %d: want both shrunk back to %d", len(n.slots), len(o.slots), countTableKeep)
	}
}
