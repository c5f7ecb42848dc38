package loaded

import (
	"net/netip"
	"sync"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

const (
	// MaxSamples bounds the extra entries an audit names.
	MaxSamples = 5
	// chunk is how many entries Check looks up per hold of the lock: the
	// ban path waits for one chunk at most, not for a whole set.
	chunk = 4096
)

// Findings is what an element audit found: entries of guardctl's ban sets
// that the backend did not load (an operator's `nft add element` or
// `ipset add`, or a ban adopted from nowhere). Backends report them and
// never remove them: an entry added by hand may be meant.
type Findings struct {
	At      time.Time // when the audit started; zero: none ran
	Extra   int
	Samples []netip.Prefix
}

// Check looks up every entry a kernel set holds in s, holding mu (the
// backend's lock, which guards s) one chunk of entries at a time. It
// returns the weight of the entries s holds (per, or 1 each when per is
// nil: as the kernel counts them) and records the others in f.
func Check(mu sync.Locker, s *Set, entries []netip.Prefix, per func(netip.Prefix) int, f *Findings) int {
	ours := 0
	for len(entries) > 0 {
		part := entries[:min(len(entries), chunk)]
		entries = entries[len(part):]
		mu.Lock()
		for _, p := range part {
			if !s.Has(p) {
				f.Extra++
				if len(f.Samples) < MaxSamples {
					f.Samples = append(f.Samples, p)
				}
				continue
			}
			if per == nil {
				ours++
			} else {
				ours += per(p)
			}
		}
		mu.Unlock()
	}
	return ours
}

// Cover tells whether prefixes lie inside (or equal) any of a list, the
// question a prefix unban asks of every loaded ban.
type Cover struct {
	want    map[netip.Prefix]bool
	minBits [2]int // the shortest wanted prefix per family (0: IPv4, 1: IPv6); 129 when none
}

// NewCover builds a Cover of canonical (masked) prefixes.
func NewCover(ps []netip.Prefix) Cover {
	c := Cover{want: make(map[netip.Prefix]bool, len(ps)), minBits: [2]int{129, 129}}
	for _, p := range ps {
		c.want[p] = true
		f := family(p)
		c.minBits[f] = min(c.minBits[f], p.Bits())
	}
	return c
}

func family(p netip.Prefix) int {
	if p.Addr().Is4() {
		return 0
	}
	return 1
}

// MinBits is the length of the shortest wanted prefix of the family
// (129 when there is none).
func (c Cover) MinBits(is4 bool) int {
	if is4 {
		return c.minBits[0]
	}
	return c.minBits[1]
}

// Has reports whether q equals or lies inside a wanted prefix: one map
// lookup per prefix length between q's and the shortest wanted.
func (c Cover) Has(q netip.Prefix) bool {
	for bits := q.Bits(); bits >= c.minBits[family(q)]; bits-- {
		if c.want[netip.PrefixFrom(q.Addr(), bits).Masked()] {
			return true
		}
	}
	return false
}

// Inside returns the recorded prefixes c has.
func (s *Set) Inside(c Cover) []netip.Prefix {
	var out []netip.Prefix
	for k := range s.m {
		if p := k.prefix(); c.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// Pace runs element audits one at a time and at most every Every (zero:
// every time asked). The zero value with Every set is ready.
type Pace struct {
	Every time.Duration
	mu    sync.Mutex
	last  time.Time // when the last audit started (under mu)
}

// Due runs audit when the last one started Every ago or more and none is
// running, and reports whether it ran.
func (p *Pace) Due(audit func()) bool {
	if !p.mu.TryLock() {
		return false
	}
	defer p.mu.Unlock()
	if !p.last.IsZero() && time.Since(p.last) < p.Every {
		return false
	}
	p.last = time.Now()
	audit()
	return true
}

// Adopt records listed entries as loaded (into the Set set returns for
// each), a chunk per hold of mu, so the ban path waits for one chunk at
// most. It stops when stale reports (under mu) that an unban, flush or
// reload ran since the entries were read: an entry removed meanwhile must
// not be expected back. What is not adopted shows as extra in the next
// audit, never as drift.
func Adopt(mu sync.Locker, stale func() bool, entries []firewall.Entry, set func(netip.Prefix) *Set) {
	now := time.Now()
	for len(entries) > 0 {
		part := entries[:min(len(entries), chunk)]
		entries = entries[len(part):]
		mu.Lock()
		if stale() {
			mu.Unlock()
			return
		}
		for _, e := range part {
			set(e.Prefix).Put(e.Prefix, e.Expires, now)
		}
		mu.Unlock()
	}
}
