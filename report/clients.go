package report

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
)

// clientTable counts requests per client with bounded memory and no
// per-line allocation. It replaces a Go map keyed by netip.Prefix (a 32-byte
// key hashed through the runtime, 111 ns a line on the 1M benchmark, and
// ~2 GC-visible words per entry) with open addressing over 24-byte entries
// keyed by the prefix's address as two words, like the detector's own key.
//
// Bound: it holds at most max clients exactly (Options.MaxClients, default
// 1,000,000: a table of 2^21 entries, 48 MiB). A client first seen once the
// table is full is not stored; its key goes to a HyperLogLog sketch instead,
// so the number of distinct clients stays an estimate with ~0.8% error on
// the clients beyond the bound, and exact below it.
type clientTable struct {
	slots []clientEntry // len is a power of two
	mask  uint64
	n     int    // entries in use
	max   int    // exact bound
	seed  uint64 // random per table: crafted addresses cannot pile up in one run of slots
	over  hll    // distinct clients that did not fit
	full  bool   // some client did not fit
}

// clientEntry is one client. n == 0 marks an empty slot.
type clientEntry struct {
	hi, lo uint64
	n      uint32 // requests, saturating at 2^32-1
	// meta is the offender index + 1 (0: not an offender) << 8 | prefix length.
	meta uint32
}

const (
	clientTableMin = 1024
	// maxOffenderIndex is what fits in meta beside the prefix length; an
	// offender beyond it is found through the collector's fallback map.
	maxOffenderIndex = 1<<24 - 2
)

func newClientTable(max int) *clientTable {
	return &clientTable{
		slots: make([]clientEntry, clientTableMin),
		mask:  clientTableMin - 1,
		max:   max,
		seed:  rand.Uint64() | 1,
	}
}

// tableSlots is the table length that holds max entries at most 3/4 full.
func tableSlots(max int) int {
	s := clientTableMin
	for s/4*3 < max {
		s *= 2
	}
	return s
}

func split(p netip.Prefix) (hi, lo uint64) {
	b := p.Addr().As16()
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// mix is the 64-bit finaliser of SplitMix64: every input bit reaches every
// output bit, so sequential addresses spread over the table.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// add counts one request of p and returns its entry, or nil when p is new
// and the table is full (p is then only counted in the estimate).
func (t *clientTable) add(p netip.Prefix) *clientEntry {
	hi, lo := split(p)
	i := mix(mix(hi^t.seed)^lo) & t.mask
	for {
		e := &t.slots[i]
		if e.n == 0 {
			break
		}
		if e.hi == hi && e.lo == lo && int(e.meta&0xff) == p.Bits() {
			if e.n != ^uint32(0) {
				e.n++
			}
			return e
		}
		i = (i + 1) & t.mask
	}
	if t.n >= t.max {
		t.full = true
		// A fixed hash, not the table's seed: the estimate of the same log
		// is the same on every run.
		t.over.add(mix(mix(hi) ^ lo ^ uint64(p.Bits())))
		return nil
	}
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
		return t.add(p)
	}
	t.n++
	e := &t.slots[i]
	*e = clientEntry{hi: hi, lo: lo, n: 1, meta: uint32(p.Bits()) & 0xff}
	return e
}

// get returns p's entry, or nil when p was never stored.
func (t *clientTable) get(p netip.Prefix) *clientEntry {
	hi, lo := split(p)
	for i := mix(mix(hi^t.seed)^lo) & t.mask; ; i = (i + 1) & t.mask {
		e := &t.slots[i]
		if e.n == 0 {
			return nil
		}
		if e.hi == hi && e.lo == lo && int(e.meta&0xff) == p.Bits() {
			return e
		}
	}
}

func (t *clientTable) grow() {
	old := t.slots
	t.slots = make([]clientEntry, 2*len(old))
	t.mask = uint64(len(t.slots) - 1)
	for _, e := range old {
		if e.n == 0 {
			continue
		}
		i := mix(mix(e.hi^t.seed)^e.lo) & t.mask
		for t.slots[i].n != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = e
	}
}

// distinct is the number of distinct clients, and whether it is an
// estimate.
func (t *clientTable) distinct() (uint64, bool) {
	if !t.full {
		return uint64(t.n), false
	}
	return uint64(t.n) + t.over.estimate(), true
}

func (e *clientEntry) prefix() netip.Prefix {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], e.hi)
	binary.BigEndian.PutUint64(b[8:], e.lo)
	a := netip.AddrFrom16(b)
	bitLen := int(e.meta & 0xff)
	if e.hi == 0 && e.lo>>32 == 0xffff && bitLen <= 32 {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, bitLen)
}

// offender is the index of e's offender, if it has one.
func (e *clientEntry) offender() (int, bool) {
	i := int(e.meta >> 8)
	return i - 1, i > 0
}

func (e *clientEntry) setOffender(i int) bool {
	if i > maxOffenderIndex {
		return false
	}
	e.meta = uint32(i+1)<<8 | e.meta&0xff
	return true
}
