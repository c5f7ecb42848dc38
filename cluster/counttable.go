package cluster

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// countTable counts events by client prefix between two flushes: open
// addressing over flat arrays (no pointers for the collector to scan, no
// allocation once it has grown to a batch's size), which a flush drains
// and resets by the list of slots it used. A table grown by a burst is
// given back once it has been mostly empty for a while (quietFlushes).
type countTable struct {
	slots []countSlot
	used  []int32 // slots in use, in insertion order
	mask  uint64
	quiet int // flushes in a row that used less than an eighth of it
}

// countSlot keeps a key with its count in 24 bytes: one cache line
// touched per event (a table of 20,000 clients is larger than a core's
// cache). A count of 0 marks a free slot.
type countSlot struct {
	hi, lo uint64
	meta   uint16
	count  uint32
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
	// countTableKeep is the size (1.5 MB) a table keeps however quiet:
	// 32,768 clients a batch without growing.
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
	for i := k.hash() & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.count == 0 {
			*s = countSlot{hi: k.hi, lo: k.lo, meta: k.meta, count: 1}
			t.used = append(t.used, int32(i))
			if len(t.used)*2 > len(t.slots) {
				t.grow(2 * len(t.slots))
			}
			return
		}
		if s.hi == k.hi && s.lo == k.lo && s.meta == k.meta {
			s.count++
			return
		}
	}
}

// grow rehashes the table into n slots (half full at most: probes stay
// short). The old slots are read in order (half of them are in use): in
// the order of the used list, every one was a cache miss in a large table.
func (t *countTable) grow(n int) {
	nt := newCountTableSize(n)
	nt.used = make([]int32, 0, max(2*len(t.used), countTableMin/2))
	for i := range t.slots {
		s := &t.slots[i]
		if s.count == 0 {
			continue
		}
		for j := s.key().hash() & nt.mask; ; j = (j + 1) & nt.mask {
			if nt.slots[j].count == 0 {
				nt.slots[j] = *s
				nt.used = append(nt.used, int32(j))
				break
			}
		}
	}
	*t = *nt
}

// appendPrefix writes the slot's client as netip.Prefix prints it; an
// IPv4 one (most clients) directly from its word, without building the
// netip values (a third of formatting a flush).
func (s *countSlot) appendPrefix(b []byte) []byte {
	if s.meta&(1<<8) == 0 {
		return s.key().prefix().AppendTo(b)
	}
	v := uint32(s.lo)
	b = appendSmall(b, byte(v>>24))
	b = append(b, '.')
	b = appendSmall(b, byte(v>>16))
	b = append(b, '.')
	b = appendSmall(b, byte(v>>8))
	b = append(b, '.')
	b = appendSmall(b, byte(v))
	b = append(b, '/')
	return appendSmall(b, byte(s.meta))
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

func (s *countSlot) key() countKey { return countKey{hi: s.hi, lo: s.lo, meta: s.meta} }

func (t *countTable) len() int { return len(t.used) }

// dense says whether the table is read in slot order rather than by its
// used list: a quarter full or more, reading every slot in order is
// cheaper than a cache miss per client in a table larger than the cache.
func (t *countTable) dense() bool { return len(t.used)*4 >= len(t.slots) }

// appendNext writes "client count\n" for up to n more clients from
// position *at (0 to start; an index in the slots or the used list, as
// dense says) and returns how many it wrote.
func (t *countTable) appendNext(b []byte, at *int, n int) ([]byte, int) {
	k := 0
	dense := t.dense()
	for k < n {
		var s *countSlot
		if dense {
			if *at >= len(t.slots) {
				break
			}
			s = &t.slots[*at]
			if s.count == 0 {
				*at++
				continue
			}
		} else {
			if *at >= len(t.used) {
				break
			}
			s = &t.slots[t.used[*at]]
		}
		*at++
		k++
		b = s.appendPrefix(b)
		b = append(b, ' ')
		if s.count < 256 {
			b = appendSmall(b, byte(s.count))
		} else {
			b = strconv.AppendUint(b, uint64(s.count), 10)
		}
		b = append(b, '\n')
	}
	return b, k
}

// reset empties the table. A table larger than countTableKeep that has
// been mostly empty for quietFlushes flushes is replaced by a smaller one
// (the memory a burst took is given back).
func (t *countTable) reset() {
	if len(t.slots) > countTableKeep && len(t.used)*8 < len(t.slots) {
		t.quiet++
	} else {
		t.quiet = 0
	}
	if t.dense() {
		clear(t.slots)
	} else {
		for _, i := range t.used {
			t.slots[i] = countSlot{}
		}
	}
	t.used = t.used[:0]
	if t.quiet >= quietFlushes {
		*t = *newCountTableSize(countTableKeep)
	}
}
