package loaded

import (
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"
)

// recount is Expected by reading every element, as it always did before
// the running count: the reference the running count must agree with.
func recount(s *Set, now time.Time) int {
	n := 0
	t := now.UnixNano()
	for k, until := range s.m {
		if until != 0 && t+int64(Grace) >= until {
			continue
		}
		n += s.weight(k.prefix())
	}
	return n
}

// TestRunningCountMatchesRecount puts, re-puts, deletes and clears
// elements with deadlines around the grace while time moves on (now and
// then backwards a little, as callers read the clock before the lock),
// and compares Expected with a full count after every step: the running
// count must never claim more than the kernel must hold, and must match
// it whenever time did not go back.
func TestRunningCountMatchesRecount(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 7))
		s := &Set{Weight: func(p netip.Prefix) int { return 1 + int(p.Addr().As16()[15]&1) }}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		latest := now
		p := func() netip.Prefix {
			return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(4)), byte(r.IntN(64))}), 32)
		}
		for step := range 3000 {
			switch op := r.IntN(20); {
			case op < 10:
				var timeout time.Duration
				if r.IntN(5) > 0 {
					timeout = time.Duration(r.IntN(20_000)) * time.Millisecond
				}
				s.Put(p(), timeout, now)
			case op < 14:
				s.Delete(p())
			case op == 14 && r.IntN(20) == 0:
				s.Clear()
			default:
				now = now.Add(time.Duration(r.IntN(800)) * time.Millisecond)
			}
			at := now
			if r.IntN(10) == 0 {
				at = now.Add(-time.Duration(r.IntN(100)) * time.Millisecond) // read before the lock
			}
			want := recount(s, at)
			got := s.Expected(at)
			if got > want {
				t.Fatalf("seed %d step %d: Expected = %d, more than the %d elements that must be there", seed, step, got, want)
			}
			if !at.Before(latest) && got != want {
				t.Fatalf("seed %d step %d: Expected = %d, want %d", seed, step, got, want)
			}
			if at.After(latest) {
				latest = at
			}
		}
	}
}

// BenchmarkExpected100k is what a status or health check costs under the
// ban path's lock with 100,000 bans recorded, one new ban between checks
// (as under a stream of offenders).
func BenchmarkExpected100k(b *testing.B) {
	var s Set
	now := time.Now()
	for i := range 100_000 {
		s.Put(netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(i >> 16), byte(i >> 8), byte(i)}), 32), 2*time.Hour, now)
	}
	b.ResetTimer()
	for i := range b.N {
		s.Put(netip.PrefixFrom(netip.AddrFrom4([4]byte{101, byte(i >> 16), byte(i >> 8), byte(i)}), 32), 2*time.Hour, now)
		if s.Expected(now) < 100_000 {
			b.Fatal("count too low")
		}
	}
}
