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
	m map[netip.Prefix]int64 // deadline in Unix nanoseconds (8 bytes, not a 24-byte time.Time: 100k bans)
}

// Put records p with timeout (0: never expires) from now.
func (s *Set) Put(p netip.Prefix, timeout time.Duration, now time.Time) {
	if s.m == nil {
		s.m = map[netip.Prefix]int64{}
	}
	var until int64
	if timeout > 0 {
		until = now.Add(timeout).UnixNano()
	}
	s.m[p] = until
}

// Delete forgets p.
func (s *Set) Delete(p netip.Prefix) { delete(s.m, p) }

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
	for p, until := range s.m {
		if until != 0 {
			if t > until+int64(Grace) {
				delete(s.m, p)
				continue
			}
			if t+int64(Grace) >= until {
				continue
			}
		}
		if per == nil {
			n++
		} else {
			n += per(p)
		}
	}
	return n
}

// Each calls fn for every recorded prefix.
func (s *Set) Each(fn func(netip.Prefix)) {
	for p := range s.m {
		fn(p)
	}
}

// Has reports whether p was recorded.
func (s *Set) Has(p netip.Prefix) bool {
	_, ok := s.m[p]
	return ok
}
