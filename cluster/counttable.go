package cluster

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// countTable counts events by client prefix between two flushes: open
// addressing over flat arrays (no pointers for the collector to scan, no
// allocation once it has grown to a batch's size), which a flush drains
// and resets by the list of slots it used.
type countTable struct {
	slots []countSlot
	used  []int32 // slots in use, in insertion order
	mask  uint64
}

// countSlot keeps a key with its count: one cache line touched per event
// (a table of 20,000 clients is larger than a core's cache).
type countSlot struct {
	key   countKey
	count uint32
}

// countKey is a prefix as two words of its 16-byte address and its
// length, with bit 8 set for an IPv4 prefix. The zero key (::/0 as IPv6)
// marks a free slot; no client is that.
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

const countTableMin = 1 << 10

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
	if k == (countKey{}) {
		k.meta = 1 << 9 // ::/0 is nobody's client; keep the free mark free
	}
	for i := k.hash() & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.key {
		case k:
			s.count++
			return
		case countKey{}:
			*s = countSlot{key: k, count: 1}
			t.used = append(t.used, int32(i))
			if len(t.used)*2 > len(t.slots) {
				t.grow()
			}
			return
		}
	}
}

// grow doubles the table (half full at most: probes stay short).
func (t *countTable) grow() {
	n := newCountTableSize(2 * len(t.slots))
	n.used = make([]int32, 0, 2*cap(t.used))
	for _, i := range t.used {
		s := t.slots[i]
		for j := s.key.hash() & n.mask; ; j = (j + 1) & n.mask {
			if n.slots[j].key == (countKey{}) {
				n.slots[j] = s
				n.used = append(n.used, int32(j))
				break
			}
		}
	}
	*t = *n
}

func (t *countTable) len() int { return len(t.used) }

// appendTo writes "client count\n" for every client counted.
func (t *countTable) appendTo(b []byte) []byte {
	for _, i := range t.used {
		b = t.slots[i].key.prefix().AppendTo(b)
		b = append(b, ' ')
		b = strconv.AppendUint(b, uint64(t.slots[i].count), 10)
		b = append(b, '\n')
	}
	return b
}

// reset empties the table, keeping its size.
func (t *countTable) reset() {
	for _, i := range t.used {
		t.slots[i] = countSlot{}
	}
	t.used = t.used[:0]
}
