package state

import (
	"hash/maphash"
	"sync/atomic"
)

// keyFilter is a Bloom filter of the client keys that have an offence
// history. The detector asks the store for a client's history whenever it
// bans a client it has no live record of; in a burst of new offenders
// that is every ban, and a read transaction each (about a microsecond,
// a quarter of the daemon's judging time). Keys never seen answer from
// memory; a possible one (or a false positive, about 1 % at the key cap)
// is read from the file as before. Keys are only added: forgotten or
// pruned histories leave their bits, which costs a read, never a wrong
// answer. Safe for concurrent use.
type keyFilter struct {
	seed maphash.Seed
	bits []atomic.Uint64
	mask uint64
}

// newKeyFilter sizes the filter for n keys at ~10 bits each.
func newKeyFilter(n int) *keyFilter {
	words := 1
	for words*64 < n*10 {
		words *= 2
	}
	return &keyFilter{seed: maphash.MakeSeed(), bits: make([]atomic.Uint64, words), mask: uint64(words*64 - 1)}
}

// positions are three bit positions from one 64-bit hash (double hashing).
func (f *keyFilter) positions(k []byte) [3]uint64 {
	h := maphash.Bytes(f.seed, k)
	h1, h2 := h, h>>32|1
	return [3]uint64{h1 & f.mask, (h1 + h2) & f.mask, (h1 + 2*h2) & f.mask}
}

func (f *keyFilter) add(k []byte) {
	for _, p := range f.positions(k) {
		f.bits[p/64].Or(1 << (p % 64))
	}
}

func (f *keyFilter) mayContain(k []byte) bool {
	for _, p := range f.positions(k) {
		if f.bits[p/64].Load()&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}
