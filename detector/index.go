package detector

import (
	"math/rand/v2"
	"unsafe"

	"github.com/guardctl/guardctl/internal/hugepage"
)

// index maps keys to slots of a node slab. It replaces a Go map because a
// Go map that keeps deleting and inserting (every evicted client is a
// delete, every new one an insert) does not reuse its tombstones and grows
// to about twice its live size; this table uses linear probing with
// backward-shift deletion, so it has no tombstones and its size depends
// only on the number of live keys. Each entry is 8 bytes: the slot (+1, so
// that 0 means empty) and the low 32 bits of the key's hash, which give
// the home position on rehash without touching the slab and weed out most
// mismatches before the key is compared. It stays at most half full, so it
// costs 16-32 bytes per key.
//
// The hash is seeded at random: clients choose their addresses, and a known
// hash would let them build long probe chains.
type index struct {
	slots  []uint64
	n      int
	s0, s1 uint64
	// h0 is fmix64(s0), tagOf's inner mix of an IPv4 key (hi is 0 for
	// all of them): tag skips half of the hashing for most clients.
	h0 uint64
}

func newIndex() index {
	s0 := rand.Uint64()
	return index{slots: make([]uint64, 16), s0: s0, s1: rand.Uint64(), h0: fmix64(s0)}
}

// fmix64 is MurmurHash3's finaliser: a cheap bijective mixer.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func (x *index) tag(k key) uint32 {
	if k.hi == 0 {
		return uint32(fmix64(k.lo ^ x.s1 ^ x.h0)) // tagOf(k, x.s0, x.s1)
	}
	return tagOf(k, x.s0, x.s1)
}

// tagOf is k's hash under seeds s0, s1.
func tagOf(k key, s0, s1 uint64) uint32 {
	return uint32(fmix64(k.lo ^ s1 ^ fmix64(k.hi^s0)))
}

// insert adds the key whose tag is tag, which must be absent, for slot.
func (x *index) insert(tag uint32, slot uint32) {
	if (x.n+1)*2 > len(x.slots) {
		x.grow()
	}
	x.put(uint64(tag)<<32 | uint64(slot+1))
	x.n++
}

func (x *index) put(e uint64) {
	mask := len(x.slots) - 1
	i := int(e>>32) & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = e
}

func (x *index) grow() {
	old := x.slots
	x.slots = make([]uint64, 2*len(old))
	hugepage.Advise(unsafe.Pointer(unsafe.SliceData(x.slots)), uintptr(len(x.slots))*8)
	for _, e := range old {
		if e != 0 {
			x.put(e)
		}
	}
}

// deleteAt removes the entry at position i, shifting later entries of the
// same probe run back so that lookups never stop early.
func (x *index) deleteAt(i int) {
	mask := len(x.slots) - 1
	x.slots[i] = 0
	for j := (i + 1) & mask; x.slots[j] != 0; j = (j + 1) & mask {
		home := int(x.slots[j]>>32) & mask
		// The entry at j may move to the hole at i unless its home lies
		// cyclically in (i, j].
		if (i < j && (home <= i || home > j)) || (i > j && home <= i && home > j) {
			x.slots[i] = x.slots[j]
			x.slots[j] = 0
			i = j
		}
	}
	x.n--
}

func (x *index) reset() {
	clear(x.slots)
	x.n = 0
}
