package daemon

import (
	"iter"
	"math"
	"net/netip"
	"time"
)

// activeSet is d.active: the stored bans the loop remembers (activeBan),
// by prefix. At 100,000 bans in force it was a map[netip.Prefix]activeBan:
// 72-byte slots (a 32-byte key, a time.Time and a string) holding pointers
// the garbage collector scanned, ~86 bytes per ban live (issue 14). Here a
// slot is 40 bytes and pointer-free: the prefix as two words and its
// length, the expiry as Unix nanoseconds, the reason as an index into a
// table of distinct reasons (rule names, a manual ban's text), counted so
// a reason no ban holds any more is dropped.
//
// Expiry comes back without its monotonic reading and in the local zone:
// the daemon only compares it (IsZero, After, Sub), and its clock already
// takes wall-clock steps out (clockstep.go).
type activeSet struct {
	m       map[activeKey]activeVal
	reasons []string
	refs    []uint32 // bans per reason; 0: the slot is free
	byText  map[string]uint32
	free    []uint32
}

type activeKey struct {
	hi, lo uint64
	bits   uint8
	v6     bool // hi, lo are an IPv6 address (an IPv4 one is mapped)
}

type activeVal struct {
	expires int64 // Unix ns; activePermanent: no expiry
	reason  uint32
}

// activePermanent stands for the zero time.Time: a ban without end.
const activePermanent = math.MinInt64

func newActiveSet() activeSet {
	return activeSet{m: map[activeKey]activeVal{}, byText: map[string]uint32{}}
}

func activeKeyOf(p netip.Prefix) activeKey {
	a := p.Addr()
	b := a.As16()
	k := activeKey{bits: uint8(p.Bits())}
	for i := range 8 {
		k.hi = k.hi<<8 | uint64(b[i])
		k.lo = k.lo<<8 | uint64(b[8+i])
	}
	k.v6 = !a.Is4()
	return k
}

func (k activeKey) prefix() netip.Prefix {
	var b [16]byte
	for i := range 8 {
		b[i], b[8+i] = byte(k.hi>>(56-8*i)), byte(k.lo>>(56-8*i))
	}
	a := netip.AddrFrom16(b)
	if !k.v6 {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, int(k.bits))
}

func (s *activeSet) ban(v activeVal) activeBan {
	a := activeBan{reason: s.reasons[v.reason]}
	if v.expires != activePermanent {
		a.expires = time.Unix(0, v.expires)
	}
	return a
}

// get returns p's ban.
func (s *activeSet) get(p netip.Prefix) (activeBan, bool) {
	v, ok := s.m[activeKeyOf(p)]
	if !ok {
		return activeBan{}, false
	}
	return s.ban(v), true
}

// set records a's ban of p, replacing any earlier one.
func (s *activeSet) set(p netip.Prefix, a activeBan) {
	v := activeVal{expires: activePermanent, reason: s.hold(a.reason)}
	if !a.expires.IsZero() {
		v.expires = a.expires.UnixNano()
	}
	k := activeKeyOf(p)
	if old, ok := s.m[k]; ok {
		s.release(old.reason)
	}
	if s.m == nil { // the zero activeSet is an empty one
		s.m = map[activeKey]activeVal{}
	}
	s.m[k] = v
}

// del removes p's ban, if any.
func (s *activeSet) del(p netip.Prefix) {
	k := activeKeyOf(p)
	if old, ok := s.m[k]; ok {
		s.release(old.reason)
		delete(s.m, k)
	}
}

func (s *activeSet) len() int { return len(s.m) }

// all yields every ban. As a range over a map: a ban removed before it is
// reached is not yielded, one added meanwhile may or may not be
// (eachActive relies on it).
func (s *activeSet) all() iter.Seq2[netip.Prefix, activeBan] {
	return func(yield func(netip.Prefix, activeBan) bool) {
		for k, v := range s.m {
			if !yield(k.prefix(), s.ban(v)) {
				return
			}
		}
	}
}

// hold interns reason and counts one more ban holding it.
func (s *activeSet) hold(reason string) uint32 {
	if i, ok := s.byText[reason]; ok {
		s.refs[i]++
		return i
	}
	if s.byText == nil {
		s.byText = map[string]uint32{}
	}
	var i uint32
	if n := len(s.free); n > 0 {
		i, s.free = s.free[n-1], s.free[:n-1]
		s.reasons[i], s.refs[i] = reason, 1
	} else {
		i = uint32(len(s.reasons))
		s.reasons, s.refs = append(s.reasons, reason), append(s.refs, 1)
	}
	s.byText[reason] = i
	return i
}

// release counts one ban less holding reason i, dropping it at none.
func (s *activeSet) release(i uint32) {
	if s.refs[i]--; s.refs[i] == 0 {
		delete(s.byText, s.reasons[i])
		s.reasons[i] = ""
		s.free = append(s.free, i)
	}
}
