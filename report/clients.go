package report

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
	"unsafe"

	"github.com/guardctl/guardctl/internal/hugepage"
)

// clientTable counts requests per client with bounded memory and no
// per-line allocation. It replaces a Go map keyed by netip.Prefix (a 32-byte
// key hashed through the runtime, 111 ns a line on the 1M benchmark, ~46
// bytes an entry) with open addressing: IPv4 clients (/32) keyed by their
// 4 bytes, 8 bytes an entry with the count; IPv6 clients keyed by the
// prefix's address (the detector's 128-bit key) with the policy's prefix
// length once for the table, 20 bytes an entry with the count. Keys of
// another length (none from the detector) go to a small map.
//
// Bound: it holds at most max clients exactly (Options.MaxClients, default
// 1,000,000: 16 MiB of IPv4 entries, 40 MiB if all were IPv6). A client
// first seen once the table is full is not stored; its key goes to a
// HyperLogLog sketch instead, so the number of distinct clients is exact
// below the bound and an estimate with ~0.8% error on the clients beyond it.
type clientTable struct {
	v4     table[uint32]
	v6     table[v6key]
	v6Bits int                      // the IPv6 keys' prefix length, -1 until the first
	odd    map[netip.Prefix]*uint32 // keys of any other shape
	n, max int                      // clients stored, bound
	over   hll                      // distinct clients that did not fit
	full   bool                     // some client did not fit
}

// A count's top bit marks a client that is an offender (the collector then
// looks for its record in a map), the next one an offender that was banned
// (so the report counts offenders and bans exactly even for those whose
// detail it did not keep); the rest counts requests, saturating at 2^30-1.
const (
	offenderBit = 1 << 31
	bannedBit   = 1 << 30
	maxCount    = bannedBit - 1
)

func newClientTable(max int) *clientTable {
	seed := rand.Uint64() | 1 // per run: crafted addresses cannot pile up in one probe run
	return &clientTable{
		v4:     newTable[uint32](seed),
		v6:     newTable[v6key](seed),
		v6Bits: -1,
		max:    max,
	}
}

// v6key is an IPv6 prefix's address as four 32-bit words, so that a slot
// with its count is 20 bytes (two 64-bit words would pad it to 24).
type v6key [4]uint32

func keyOf16(b [16]byte) v6key {
	return v6key{binary.BigEndian.Uint32(b[:]), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:]), binary.BigEndian.Uint32(b[12:])}
}

func (k v6key) hi() uint64 { return uint64(k[0])<<32 | uint64(k[1]) }
func (k v6key) lo() uint64 { return uint64(k[2])<<32 | uint64(k[3]) }

// mix is the 64-bit finaliser of SplitMix64: every input bit reaches every
// output bit, so sequential addresses spread over the table.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// add counts one request of p and returns its count, or nil when p is new
// and the table is full (p is then only counted in the estimate). The
// pointer is valid until the next add.
func (t *clientTable) add(p netip.Prefix) *uint32 {
	a := p.Addr()
	switch {
	case a.Is4() && p.Bits() == 32:
		b := a.As4()
		return addTo(t, &t.v4, binary.BigEndian.Uint32(b[:]), p)
	case a.Is6() && a.Zone() == "" && (p.Bits() == t.v6Bits || t.v6Bits < 0):
		t.v6Bits = p.Bits()
		return addTo(t, &t.v6, keyOf16(a.As16()), p)
	}
	if c := t.odd[p]; c != nil {
		inc(c)
		return c
	}
	if !t.room(p) {
		return nil
	}
	if t.odd == nil {
		t.odd = make(map[netip.Prefix]*uint32)
	}
	c := new(uint32)
	*c = 1
	t.odd[p] = c
	return c
}

// addTo counts a request of p, whose key in tb is k.
func addTo[K comparable](t *clientTable, tb *table[K], k K, p netip.Prefix) *uint32 {
	if c := tb.get(k); c != nil {
		inc(c)
		return c
	}
	if !t.room(p) {
		return nil
	}
	return tb.insert(k)
}

func inc(c *uint32) {
	if *c&maxCount != maxCount {
		*c++
	}
}

// room reserves a place for new client p, or counts it in the estimate.
func (t *clientTable) room(p netip.Prefix) bool {
	if t.n < t.max {
		t.n++
		return true
	}
	t.full = true
	// A fixed hash, not the tables' seed: the estimate of the same log is
	// the same on every run.
	t.over.add(fixedHash(p))
	return false
}

// fixedHash is p's hash for the HyperLogLog sketches: the same on every run.
func fixedHash(p netip.Prefix) uint64 {
	b := p.Addr().As16()
	return mix(mix(binary.BigEndian.Uint64(b[:8])) ^ binary.BigEndian.Uint64(b[8:]) ^ uint64(p.Bits()))
}

// get returns p's count, or nil when p was never stored.
func (t *clientTable) get(p netip.Prefix) *uint32 {
	a := p.Addr()
	switch {
	case a.Is4() && p.Bits() == 32:
		b := a.As4()
		return t.v4.get(binary.BigEndian.Uint32(b[:]))
	case a.Is6() && a.Zone() == "" && p.Bits() == t.v6Bits:
		return t.v6.get(keyOf16(a.As16()))
	}
	return t.odd[p]
}

// slotAddr is the address of the slot where counting p starts probing, 0
// for a key of no table's shape: Collector.warmRun prefetches those of a
// run of keys in one call (a guess: the table may grow before p is
// counted, which costs a miss, never a count).
func (t *clientTable) slotAddr(p netip.Prefix) uintptr {
	a := p.Addr()
	switch {
	case a.Is4() && p.Bits() == 32:
		b := a.As4()
		return t.v4.slotAddr(binary.BigEndian.Uint32(b[:]))
	case a.Is6() && p.Bits() == t.v6Bits:
		return t.v6.slotAddr(keyOf16(a.As16()))
	}
	return 0
}

// distinct is the number of distinct clients, and whether it is an
// estimate.
func (t *clientTable) distinct() (uint64, bool) {
	if !t.full {
		return uint64(t.n), false
	}
	return uint64(t.n) + t.over.estimate(), true
}

// each yields every stored client and its count word (offenderBit
// included) until yield returns false.
func (t *clientTable) each(yield func(netip.Prefix, uint32) bool) bool {
	for _, s := range t.v4.slots {
		if s.count != 0 {
			var b [4]byte
			binary.BigEndian.PutUint32(b[:], s.key)
			if !yield(netip.PrefixFrom(netip.AddrFrom4(b), 32), s.count) {
				return false
			}
		}
	}
	for _, s := range t.v6.slots {
		if s.count != 0 {
			var b [16]byte
			for i, w := range s.key {
				binary.BigEndian.PutUint32(b[4*i:], w)
			}
			if !yield(netip.PrefixFrom(netip.AddrFrom16(b), t.v6Bits), s.count) {
				return false
			}
		}
	}
	for p, c := range t.odd {
		if !yield(p, *c) {
			return false
		}
	}
	return true
}

// table is an open-addressing hash table from K to a count, with linear
// probing, at most 3/4 full. A zero count marks an empty slot. A key and its
// count share a slot, so a lookup touches one cache line, not two (an IPv4
// slot is 8 bytes, an IPv6 one 24): on the 1M benchmark the table is
// larger than the caches the judging goroutine leaves it.
type table[K comparable] struct {
	slots []slot[K]
	mask  uint64
	n     int
	seed  uint64
}

// hash is k's hash under seed. A type switch, not a func field: the
// field's indirect call (twice a line: warm and get) kept mix from being
// inlined.
func (t *table[K]) hash(k K) uint64 {
	switch k := any(k).(type) {
	case uint32:
		return mix(uint64(k) ^ t.seed)
	case v6key:
		return mix(mix(k.hi()^t.seed) ^ k.lo())
	}
	panic("report: no hash for this key type")
}

type slot[K comparable] struct {
	key   K
	count uint32
}

const tableMin = 1024

func newTable[K comparable](seed uint64) table[K] {
	return table[K]{slots: make([]slot[K], tableMin), mask: tableMin - 1, seed: seed}
}

func (t *table[K]) get(k K) *uint32 {
	for i := t.hash(k) & t.mask; t.slots[i].count != 0; i = (i + 1) & t.mask {
		if t.slots[i].key == k {
			return &t.slots[i].count
		}
	}
	return nil
}

// slotAddr is the address of the slot where looking k up starts, for
// prefetch.Each.
func (t *table[K]) slotAddr(k K) uintptr {
	return uintptr(unsafe.Pointer(&t.slots[t.hash(k)&t.mask]))
}

// insert adds k, known to be absent, with a count of 1.
func (t *table[K]) insert(k K) *uint32 {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	t.n++
	i := t.place(k)
	t.slots[i] = slot[K]{k, 1}
	return &t.slots[i].count
}

// place returns the empty slot where k goes.
func (t *table[K]) place(k K) uint64 {
	i := t.hash(k) & t.mask
	for t.slots[i].count != 0 {
		i = (i + 1) & t.mask
	}
	return i
}

func (t *table[K]) grow() {
	old := t.slots
	t.slots = make([]slot[K], 2*len(old))
	// At a million clients every lookup misses; spare it the TLB miss.
	hugepage.Advise(unsafe.Pointer(unsafe.SliceData(t.slots)), uintptr(len(t.slots))*unsafe.Sizeof(t.slots[0]))
	t.mask = uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.count != 0 {
			t.slots[t.place(s.key)] = s
		}
	}
}
