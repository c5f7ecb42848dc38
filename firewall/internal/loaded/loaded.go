// Package loaded remembers what a backend put into the kernel, so it can
// tell later, from the kernel's element counts alone, whether someone else
// removed elements (a flush, a ruleset reload) without reading whole sets
// back. Bans leave the kernel by themselves when they expire; Expected only
// counts those that must still be there.
package loaded

import (
	"net/netip"
	"time"
)

// Grace is how long after its deadline an element may still be counted by
// the kernel or already be gone: timeouts are rounded (ipset: to whole
// seconds) and garbage collection runs late, so elements this close to
// their deadline are left out of the expected counts.
const Grace = 2 * time.Second

// Set is the elements loaded into one kernel set, with their deadlines
// (zero: never expires). The zero value is empty and ready; it is not safe
// for concurrent use (backends hold their lock).
type Set struct {
	m map[key]int64 // deadline in Unix nanoseconds (8 bytes, not a 24-byte time.Time: 100k bans)
}

// key is a prefix as 18 plain bytes: hashing a netip.Prefix (which holds a
// zone handle) made recording 100,000 bans a third of a Ban call's CPU.
type key [18]byte

func keyOf(p netip.Prefix) key {
	var k key
	a := p.Addr().As16()
	copy(k[:16], a[:])
	k[16] = byte(p.Bits())
	if p.Addr().Is4() {
		k[17] = 1 // IPv4 and IPv4-mapped IPv6 stay apart
	}
	return k
}

// Reserve sizes an empty set for n elements (a bulk load).
func (s *Set) Reserve(n int) {
	if len(s.m) == 0 {
		s.m = make(map[key]int64, n)
	}
}

// Put records p with timeout (0: never expires) from now.
func (s *Set) Put(p netip.Prefix, timeout time.Duration, now time.Time) {
	if s.m == nil {
		s.m = map[key]int64{}
	}
	var until int64
	if timeout > 0 {
		until = now.Add(timeout).UnixNano()
	}
	s.m[keyOf(p)] = until
}

// Delete forgets p.
func (s *Set) Delete(p netip.Prefix) { delete(s.m, keyOf(p)) }

// Clear forgets everything.
func (s *Set) Clear() { clear(s.m) }

// Len is the number of recorded elements, expired or not.
func (s *Set) Len() int { return len(s.m) }

// Expected counts the elements that must still be in the kernel at now,
// weighted by per (e.g. 2 kernel elements for an interval), and forgets
// those long expired.
func (s *Set) Expected(now time.Time, per func(netip.Prefix) int) int {
	n := 0
	t := now.UnixNano()
	for k, until := range s.m {
		if until != 0 {
			if t > until+int64(Grace) {
				delete(s.m, k)
				continue
			}
			if t+int64(Grace) >= until {
				continue
			}
		}
		if per == nil {
			n++
		} else {
			n += per(k.prefix())
		}
	}
	return n
}

func (k key) prefix() netip.Prefix {
	a := netip.AddrFrom16([16]byte(k[:16]))
	if k[17] == 1 {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, int(k[16]))
}

// Has reports whether p was recorded.
func (s *Set) Has(p netip.Prefix) bool {
	_, ok := s.m[keyOf(p)]
	return ok
}
