// Package loaded remembers what a backend put into the kernel, so it can
// tell later, from the kernel's element counts alone, whether someone else
// removed elements (a flush, a ruleset reload) without reading whole sets
// back. Bans leave the kernel by themselves when they expire; Expected only
// counts those that must still be there.
package loaded

import (
	"math"
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
//
// Expected is answered from a running count, not by reading every
// element: the backends take it under the lock every ban takes, on each
// status and health check, and counting 100,000 elements there held up
// the ban path for milliseconds each time.
type Set struct {
	m map[key]int64 // deadline in Unix nanoseconds (8 bytes, not a 24-byte time.Time: 100k bans)
	// Weight is how many kernel elements one recorded prefix counts as
	// (nil: 1), e.g. 2 for an interval. Set it before the first Put.
	Weight func(netip.Prefix) int

	// The running count: n is Expected's answer for any time in
	// [at, until), kept up by Put and Delete; valid is false until the
	// first count and after a change the count cannot follow (an element
	// already inside its grace when recorded). Past until, an element
	// enters its grace and Expected counts anew.
	n         int
	at, until int64
	valid     bool
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
	k := keyOf(p)
	old, had := s.m[k]
	s.m[k] = until
	if !s.valid {
		return
	}
	t := now.UnixNano()
	if t < s.at || t >= s.until || until != 0 && t+int64(Grace) >= until {
		// Outside the span the count holds for, or an element that is
		// not counted now but was a moment ago: count anew next time.
		s.valid = false
		return
	}
	if had && s.counts(old) {
		s.n -= s.weight(p)
	}
	s.n += s.weight(p)
	if until != 0 {
		s.until = min(s.until, until-int64(Grace))
	}
}

// Delete forgets p.
func (s *Set) Delete(p netip.Prefix) {
	k := keyOf(p)
	if old, had := s.m[k]; had {
		delete(s.m, k)
		if s.valid && s.counts(old) {
			s.n -= s.weight(p)
		}
	}
}

// Clear forgets everything.
func (s *Set) Clear() {
	clear(s.m)
	s.n, s.at, s.until, s.valid = 0, 0, math.MaxInt64, true
}

// counts reports whether an element with deadline until is in the
// running count (it was outside its grace when the count was taken, and
// stays so until s.until).
func (s *Set) counts(until int64) bool { return until == 0 || s.at+int64(Grace) < until }

func (s *Set) weight(p netip.Prefix) int {
	if s.Weight == nil {
		return 1
	}
	return s.Weight(p)
}

// Sample returns up to n of the recorded prefixes that must be in the
// kernel at now (none inside its grace): all of them in a set of n or
// fewer, else a handful from wherever the map's iteration starts, so
// successive calls cover a large set over time. For a check that reads
// elements, not counts: a count cannot tell ours from a stranger's.
func (s *Set) Sample(n int, now time.Time) []netip.Prefix {
	t := now.UnixNano()
	out := make([]netip.Prefix, 0, min(n, len(s.m)))
	for k, until := range s.m {
		if len(out) == n {
			break
		}
		if until != 0 && t+int64(Grace) >= until {
			continue
		}
		out = append(out, k.prefix())
	}
	return out
}

// Len is the number of recorded elements, expired or not.
func (s *Set) Len() int { return len(s.m) }

// Expected counts the elements that must still be in the kernel at now,
// weighted by Weight. It reads every element only when the running count
// does not hold for now (the first call, or an element entered its grace
// since); that pass also forgets those long expired. A now before the
// running count's time gets that count, which may leave out an element
// then still in its grace: a lower bound, as callers use it ("at least").
func (s *Set) Expected(now time.Time) int {
	t := now.UnixNano()
	if s.valid && t < s.until {
		return s.n
	}
	n, next := 0, int64(math.MaxInt64)
	for k, until := range s.m {
		if until != 0 {
			if t > until+int64(Grace) {
				delete(s.m, k)
				continue
			}
			if t+int64(Grace) >= until {
				continue
			}
			next = min(next, until-int64(Grace))
		}
		n += s.weight(k.prefix())
	}
	s.n, s.at, s.until, s.valid = n, t, next, true
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

// Remaining returns the time p has left as recorded (0: never expires),
// and false when p is not recorded or its deadline has passed (the kernel
// may or may not still hold it). A backend whose kernel cannot tell one
// element's time without listing the set (ipset) answers lookups with it.
func (s *Set) Remaining(p netip.Prefix, now time.Time) (time.Duration, bool) {
	until, ok := s.m[keyOf(p)]
	switch {
	case !ok:
		return 0, false
	case until == 0:
		return 0, true
	case until <= now.UnixNano():
		return 0, false
	default:
		return time.Duration(until - now.UnixNano()), true
	}
}
