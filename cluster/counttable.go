package cluster

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// countTable counts events by client prefix between two flushes: the
// clients and their counts in two dense arrays, in the order they came,
// found through an index of 8-byte slots (open addressing; no pointers
// for the collector to scan, no allocation once it has grown to a batch's
// size). The index is a third of the 24-byte slots that held key and
// count (a table of 20,000 clients fits a core's cache: 512 KB against
// 1.5 MB), and a flush writes the clients by reading the arrays in order
// instead of a cache miss per slot (BenchmarkCountTableAppend, 10,000
// clients, load 18: 83-87 -> 43-46 ns a client). A table grown by a
// burst is given back once it has been mostly empty for a while
// (quietFlushes).
type countTable struct {
	slots  []countSlot
	keys   []countKey // the clients, in the order they came
	counts []uint32   // counts[i] is keys[i]'s
	mask   uint64
	quiet  int // flushes in a row that used less than an eighth of it
}

// countSlot indexes one client: idx is its place in keys plus one (0: a
// free slot), with slotV4 set for an IPv4 /32 client, whose tag is then
// its address, so that a probe finds it without reading keys (a cache
// miss per event in a table of tens of thousands of clients: most
// clients are IPv4 addresses); any other client's tag is the high half
// of its hash, and a probe reads its key only when the tags match.
type countSlot struct {
	tag, idx uint32
}

// slotV4 marks a slot whose tag is an IPv4 /32 client's address.
const slotV4 = 1 << 31

// place is the slot's client's place in keys (the slot is not free).
func (s countSlot) place() int { return int(s.idx&^slotV4) - 1 }

// slotTag is the tag and flag a slot of k holds: an IPv4 /32 client's
// address and slotV4, else the high half of its hash h.
func (k *countKey) slotTag(h uint64) (tag, flag uint32) {
	if k.meta == 1<<8|32 {
		return uint32(k.lo), slotV4
	}
	return uint32(h >> 32), 0
}

// matches says whether slot s (not free) holds k, whose slotTag is tag
// and flag.
func (t *countTable) matches(s countSlot, k *countKey, tag, flag uint32) bool {
	if s.tag != tag || s.idx&slotV4 != flag {
		return false
	}
	// An IPv4 /32 client's tag is its whole key (hi and the rest of lo
	// are those of every IPv4 address, meta its kind and length).
	return flag != 0 || t.keys[s.place()] == *k
}

// countKey is a prefix as two words of its 16-byte address and its
// length, with bit 8 set for an IPv4 prefix (24 bytes in a rule's log).
type countKey struct {
	hi, lo uint64
	meta   uint16
}

func keyOf(p netip.Prefix) countKey {
	a := p.Addr()
	b := a.As16()
	k := countKey{hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint64(b[8:]), meta: uint16(p.Bits()) & 0xff}
	if a.Is4() {
		k.meta |= 1 << 8
	}
	return k
}

func (k countKey) prefix() netip.Prefix {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], k.hi)
	binary.BigEndian.PutUint64(b[8:], k.lo)
	a := netip.AddrFrom16(b)
	if k.meta&(1<<8) != 0 {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, int(k.meta&0xff))
}

const (
	countTableMin = 1 << 10
	// countTableKeep is the size (512 KB of index) a table keeps however
	// quiet: 32,768 clients a batch without growing.
	countTableKeep = 1 << 16
	// quietFlushes is how many mostly empty flushes in a row (a second
	// at 50 ms) make a larger table shrink back.
	quietFlushes = 20
)

func newCountTable() *countTable { return newCountTableSize(countTableMin) }

func newCountTableSize(n int) *countTable {
	return &countTable{slots: make([]countSlot, n), mask: uint64(n - 1)}
}

func (k countKey) hash() uint64 {
	x := k.hi*0x9e3779b97f4a7c15 ^ k.lo ^ uint64(k.meta)<<48
	x ^= x >> 32
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	return x
}

// add counts one event of k.
func (t *countTable) add(k countKey) {
	i, _ := t.at(k)
	t.counts[i]++
}

// at is the place of client k in keys, made (with a count of zero) if it
// has none; added says it was made.
func (t *countTable) at(k countKey) (i int, added bool) {
	h := k.hash()
	tag, flag := k.slotTag(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.idx == 0 {
			if len(t.keys) == cap(t.keys) {
				t.reserve()
			}
			t.keys = append(t.keys, k)
			t.counts = append(t.counts, 0)
			*s = countSlot{tag: tag, idx: uint32(len(t.keys)) | flag}
			if len(t.keys)*2 > len(t.slots) {
				t.grow(2 * len(t.slots))
			}
			return len(t.keys) - 1, true
		}
		if t.matches(*s, &k, tag, flag) {
			return s.place(), false
		}
	}
}

// reserve doubles the room of the arrays (at least countTableMin/2
// clients). Append grows a large slice by a quarter at a time: a table
// grown to n clients had allocated and copied about 5 n of each array,
// 8 MB a phase of the daemon's benchmark (20,000 new clients joining
// 20,000: 39 bytes more allocated per judged line than without the
// cluster, for the collector to run for and the kernel to fault in).
// Doubled, it allocates 2 n, the index's own growth (it doubles too).
func (t *countTable) reserve() {
	n := max(2*len(t.keys), countTableMin/2)
	t.keys = resized(t.keys, n)
	t.counts = resized(t.counts, n)
}

// resized is s with room for n elements exactly (slices.Grow and append
// round a doubling up by their own growth steps: 2.2 times).
func resized[E any](s []E, n int) []E {
	if cap(s) >= n {
		return s
	}
	return append(make([]E, 0, n), s...)
}

// grow indexes the clients again in n slots (half full at most: probes
// stay short), reading them in order.
func (t *countTable) grow(n int) {
	t.slots = make([]countSlot, n)
	t.mask = uint64(n - 1)
	for j, k := range t.keys {
		t.index(k, uint32(j+1))
	}
}

// index puts the client at keys[idx-1] in a free slot.
func (t *countTable) index(k countKey, idx uint32) {
	h := k.hash()
	tag, flag := k.slotTag(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.slots[i].idx == 0 {
			t.slots[i] = countSlot{tag: tag, idx: idx | flag}
			return
		}
	}
}

// appendPrefix writes the client as netip.Prefix prints it; an IPv4 one
// (most clients) directly from its word, without building the netip
// values (a third of formatting a flush).
func (k *countKey) appendPrefix(b []byte) []byte {
	if k.meta&(1<<8) == 0 {
		return k.prefix().AppendTo(b)
	}
	v := uint32(k.lo)
	b = appendSmall(b, byte(v>>24))
	b = append(b, '.')
	b = appendSmall(b, byte(v>>16))
	b = append(b, '.')
	b = appendSmall(b, byte(v>>8))
	b = append(b, '.')
	b = appendSmall(b, byte(v))
	b = append(b, '/')
	return appendSmall(b, byte(k.meta))
}

// appendSmall writes x in decimal (strconv's general path was most of
// writing an IPv4 client).
func appendSmall(b []byte, x byte) []byte {
	switch {
	case x >= 100:
		return append(b, '0'+x/100, '0'+x/10%10, '0'+x%10)
	case x >= 10:
		return append(b, '0'+x/10, '0'+x%10)
	}
	return append(b, '0'+x)
}

func (t *countTable) len() int { return len(t.keys) }

// appendNext writes "client count\n" for up to n more clients from
// position *at (0 to start: an index in the order they came) and returns
// how many it wrote.
func (t *countTable) appendNext(b []byte, at *int, n int) ([]byte, int) {
	k := 0
	for ; k < n && *at < len(t.keys); k++ {
		i := *at
		*at++
		b = t.keys[i].appendPrefix(b)
		b = append(b, ' ')
		if c := t.counts[i]; c < 256 {
			b = appendSmall(b, byte(c))
		} else {
			b = strconv.AppendUint(b, uint64(c), 10)
		}
		b = append(b, '\n')
	}
	return b, k
}

// reset empties the table: the whole index cleared in order when an
// eighth of it or more was in use, else each client's slot found again
// (a probe that passes slots already cleared: every client is there). A
// table larger than countTableKeep that has been mostly empty for
// quietFlushes flushes is replaced by a smaller one (the memory a burst
// took is given back).
func (t *countTable) reset() {
	sparse := len(t.keys)*8 < len(t.slots)
	if len(t.slots) > countTableKeep && sparse {
		t.quiet++
	} else {
		t.quiet = 0
	}
	if !sparse {
		clear(t.slots)
	} else {
		for j, k := range t.keys {
			idx := uint32(j + 1)
			for i := k.hash() & t.mask; ; i = (i + 1) & t.mask {
				if t.slots[i].idx&^slotV4 == idx {
					t.slots[i] = countSlot{}
					break
				}
			}
		}
	}
	t.keys, t.counts = t.keys[:0], t.counts[:0]
	if t.quiet >= quietFlushes {
		*t = *newCountTableSize(countTableKeep)
	}
}
