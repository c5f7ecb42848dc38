package cluster

import (
	"math/bits"
	"strconv"
)

// heldTable is a rule's counts not yet sent to Redis, by client, for the
// current window bucket (counts) and the one before (prev): the counting
// of the share protocol (share.go). A client whose counts were sent
// keeps its place at zero until the bucket ends (roll), when the clients
// with nothing held are dropped and the index built again.
//
// Counting an event touches one 8-byte slot of an open-addressing index
// and nothing else: the slot holds the client's tag, its place and the
// events of it this flush has counted so far, which go into counts once
// a flush, for each client it touched (count). The table counted in the
// countTable's layout before: the index slot, counts[j] and a flush mark
// mark[j], three cache lines an event, and in the daemon's benchmark the
// detector's own unchanged code ran 45-105 ns a line slower beside it
// (docs/cluster.md, session 14). The clients' keys, counts, previous
// counts and hot ends stay in dense arrays in the order the clients
// came, read when a client enters the table, once a flush for each
// client it counted, and when it is reported.
type heldTable struct {
	slots []heldSlot
	mask  uint64
	// keys, counts, prev, slot and hotEnd are by place (the order the
	// clients came): slot[j] is the index of client j's slot.
	keys   []countKey
	counts []uint32
	prev   []uint32
	slot   []uint32
	// hotEnd[j] is when client j stops being hot on this node (local
	// unix ms; 0: not hot), the rule's hot map's value for it: read
	// from the map when the client enters the table and written with
	// the map by learnHot. The report looked the map up for every
	// client each flush counted (20,000 a flush near the limit in the
	// daemon's benchmark: a 24-byte key hashed and probed each time);
	// a client enters the table once per window bucket.
	hotEnd []int64
	bucket int64 // the bucket counts belong to
	// touched lists the places of the clients this flush counted.
	touched []int32
	quiet   int // clears in a row that found it mostly empty (clear)
}

// heldSlot indexes one client: tag as a countSlot's (an IPv4 /32
// client's address, else the high half of its hash), and w: slotV4 (the
// tag is an address), then the events the running flush has counted of
// the client and not yet added to counts (slotN: a client is listed in
// touched when it goes from 0), then its place plus one (0: a free slot).
type heldSlot struct {
	tag, w uint32
}

const (
	// slotPlaceBits holds a place plus one: the table holds at most
	// maxHeld clients after a report plus the new clients of one flush's
	// log (maxLog events), 1.3 M, under 2 M.
	slotPlaceBits = 21
	slotPlace     = 1<<slotPlaceBits - 1
	slotOne       = 1 << slotPlaceBits                 // one event in w
	slotN         = slotV4 - slotOne                   // the events' bits of w
	slotMaxN      = slotN >> slotPlaceBits             // 1023
	_             = uint(slotPlace - maxHeld - maxLog) // compile-time: the places fit
)

// place is the slot's client's place (the slot is not free).
func (s *heldSlot) place() int { return int(s.w&slotPlace) - 1 }

// heldStart is how many clients a held table has room for from its
// start (1.9 MB with its index): a fresh node's first batches do not
// grow it, nor does a roll that keeps fewer. Grown from empty, the
// daemon's benchmark (20,000 new clients a phase) allocated, copied and
// faulted in 4-8 MB of arrays and indexes in each phase judged.
const heldStart = countTableKeep / 2

func newHeldTable() *heldTable {
	h := &heldTable{}
	h.index(2 * heldStart)
	h.room()
	return h
}

// room gives the empty table's arrays room for heldStart clients.
func (h *heldTable) room() {
	h.keys, h.counts, h.prev = make([]countKey, 0, heldStart), make([]uint32, 0, heldStart), make([]uint32, 0, heldStart)
	h.slot, h.hotEnd = make([]uint32, 0, heldStart), make([]int64, 0, heldStart)
}

func (h *heldTable) len() int { return len(h.keys) }

// at is the place of client k, made (at zero) if it has none; a new
// client's hot end is read from hot (the rule's map of clients known
// hot).
func (h *heldTable) at(k countKey, hot map[countKey]int64) int {
	return h.slots[h.slotOf(k, hot)].place()
}

// slotOf is the index of client k's slot, made (at zero) if it has none.
func (h *heldTable) slotOf(k countKey, hot map[countKey]int64) uint64 {
	hash := k.hash()
	tag, flag := k.slotTag(hash)
	for i := hash & h.mask; ; i = (i + 1) & h.mask {
		s := &h.slots[i]
		if s.w == 0 {
			return h.add(i, k, tag, flag, hot)
		}
		// An IPv4 /32 client's tag is its whole key (countTable.matches).
		if s.tag == tag && s.w&slotV4 == flag && (flag != 0 || h.keys[s.place()] == k) {
			return i
		}
	}
}

// add makes client k in free slot i and returns its slot's index.
func (h *heldTable) add(i uint64, k countKey, tag, flag uint32, hot map[countKey]int64) uint64 {
	if len(h.keys) == cap(h.keys) {
		h.reserve()
	}
	var end int64
	if len(hot) > 0 {
		end = hot[k]
	}
	h.keys = append(h.keys, k)
	h.counts = append(h.counts, 0)
	h.prev = append(h.prev, 0)
	h.slot = append(h.slot, uint32(i))
	h.hotEnd = append(h.hotEnd, end)
	h.slots[i] = heldSlot{tag: tag, w: uint32(len(h.keys)) | flag}
	if len(h.keys)*2 > len(h.slots) {
		h.grow(2 * len(h.slots))
		return uint64(h.slot[len(h.keys)-1])
	}
	return i
}

// reserve doubles the arrays' room (countTable.reserve: append grew them
// a quarter at a time).
func (h *heldTable) reserve() {
	n := max(2*len(h.keys), countTableMin/2)
	h.keys = resized(h.keys, n)
	h.counts = resized(h.counts, n)
	h.prev = resized(h.prev, n)
	h.slot = resized(h.slot, n)
	h.hotEnd = resized(h.hotEnd, n)
}

// index gives the table an empty index of n slots.
func (h *heldTable) index(n int) {
	h.slots = make([]heldSlot, n)
	h.mask = uint64(n - 1)
}

// grow indexes the clients again in n slots (half full at most: probes
// stay short), reading them in order; the events a running count holds
// in their slots go with them.
func (h *heldTable) grow(n int) {
	old := h.slots
	h.index(n)
	for j := range h.keys {
		s := old[h.slot[j]]
		s.w = s.w&^slotPlace | uint32(j+1)
		for i := h.keys[j].hash() & h.mask; ; i = (i + 1) & h.mask {
			if h.slots[i].w == 0 {
				h.slots[i] = s
				h.slot[j] = uint32(i)
				break
			}
		}
	}
}

// countLog counts a flush's events (after begin; once a flush): log,
// whose logOther events are the clients of others in order (eventlog.go),
// and lists the clients it touched in h.touched; hot is the rule's map of
// clients known hot.
func (h *heldTable) countLog(log [][]logEvent, others []countKey, hot map[countKey]int64) {
	from := len(h.touched)
	o := 0
	for _, ch := range log {
		for _, e := range ch {
			if e != logOther {
				h.countOne(v4Key(e), hot)
				continue
			}
			h.countOne(others[o], hot)
			o++
		}
	}
	h.settle(from)
}

// countOne counts one event of client k into its slot.
func (h *heldTable) countOne(k countKey, hot map[countKey]int64) {
	s := &h.slots[h.slotOf(k, hot)]
	switch s.w & slotN {
	case 0:
		h.touched = append(h.touched, int32(s.place()))
	case slotN:
		// Full: all but one go to counts now (the slot's count stays
		// above 0: the client is listed once).
		h.counts[s.place()] += slotMaxN
		s.w &^= slotN
	}
	s.w += slotOne
}

// settle adds the events the running count holds in the slots of the
// clients touched from touched[from] on to their counts.
func (h *heldTable) settle(from int) {
	for _, j := range h.touched[from:] {
		s := &h.slots[h.slot[j]]
		h.counts[j] += (s.w & slotN) >> slotPlaceBits
		s.w &^= slotN
	}
}

// begin starts a flush's counting.
func (h *heldTable) begin() {
	h.touched = h.touched[:0]
}

// find is the place of client k, or -1.
func (h *heldTable) find(k countKey) int {
	hash := k.hash()
	tag, flag := k.slotTag(hash)
	for i := hash & h.mask; ; i = (i + 1) & h.mask {
		s := &h.slots[i]
		if s.w == 0 {
			return -1
		}
		if s.tag == tag && s.w&slotV4 == flag && (flag != 0 || h.keys[s.place()] == k) {
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
	j := 0
	for i, k := range h.keys {
		p := uint32(0)
		if next {
			p = h.counts[i]
		}
		if p == 0 {
			continue
		}
		h.keys[j], h.counts[j], h.prev[j], h.slot[j], h.hotEnd[j] = k, 0, p, h.slot[i], h.hotEnd[i]
		j++
	}
	h.truncate(j)
}

// clear empties the table: the index cleared whole when an eighth of it
// or more was in use, else each client's slot (countTable.reset). A
// table larger than countTableKeep slots that has been mostly empty for
// quietFlushes clears in a row is replaced by a smaller one (the memory
// a burst took is given back).
func (h *heldTable) clear() {
	sparse := len(h.keys)*8 < len(h.slots)
	if len(h.slots) > countTableKeep && sparse {
		h.quiet++
	} else {
		h.quiet = 0
	}
	if !sparse {
		clear(h.slots)
	} else {
		for _, i := range h.slot {
			h.slots[i] = heldSlot{}
		}
	}
	h.keys, h.counts, h.prev, h.slot, h.hotEnd = h.keys[:0], h.counts[:0], h.prev[:0], h.slot[:0], h.hotEnd[:0]
	h.touched = h.touched[:0]
	if h.quiet >= quietFlushes {
		h.quiet = 0
		h.index(countTableKeep)
		if cap(h.keys) > heldStart {
			h.room()
		}
	}
}

// truncate keeps the first n clients and indexes them again, in a table
// sized for them (a burst's table is given back).
func (h *heldTable) truncate(n int) {
	h.keys, h.counts, h.prev, h.slot, h.hotEnd = h.keys[:n], h.counts[:n], h.prev[:n], h.slot[:n], h.hotEnd[:n]
	if n == 0 && cap(h.keys) > countTableKeep {
		h.room() // a burst's arrays given back
	}
	size := 2 * heldStart
	if n > 0 {
		size = max(size, 1<<bits.Len(uint(2*n)))
	}
	if n == 0 && len(h.slots) == size {
		// Nothing to index again: the index is cleared in place, not
		// made anew (a fresh node's first flush rolls its empty table
		// from bucket 0: 512 KB allocated again in its first batch).
		clear(h.slots)
	} else {
		h.grow(size)
	}
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
