package loaded

import (
	"net/netip"
	"testing"
	"time"
)

// TestRotorCovers: whatever the poll rate, every entry of a list is
// walked within every (plus one poll), and a list replaced by a shorter
// one does not index past its end.
func TestRotorCovers(t *testing.T) {
	t.Parallel()
	ps := make([]netip.Prefix, 100_000)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	for _, poll := range []time.Duration{250 * time.Millisecond, 2 * time.Second, 7 * time.Second} {
		var r Rotor
		seen := make([]bool, len(ps))
		now := time.Unix(1000, 0)
		left := len(ps)
		start := now
		for left > 0 {
			s, m := r.Want(len(ps), now, 10*time.Second, 64)
			r.Advance(len(ps), s, m, now)
			for _, p := range Span(ps, s, m) {
				i := int(p.Addr().As4()[1])<<16 | int(p.Addr().As4()[2])<<8 | int(p.Addr().As4()[3])
				if !seen[i] {
					seen[i] = true
					left--
				}
			}
			now = now.Add(poll)
			if now.Sub(start) > 10*time.Second+2*poll {
				t.Fatalf("poll %v: %d of %d entries not walked after %v", poll, left, len(ps), now.Sub(start))
			}
		}
	}
	var r Rotor
	now := time.Unix(1000, 0)
	s, m := r.Want(len(ps), now, 10*time.Second, 64)
	r.Advance(len(ps), s, m, now)
	s, m = r.Want(len(ps), now.Add(9*time.Second), 10*time.Second, 64)
	r.Advance(len(ps), s, m, now.Add(9*time.Second))
	if s2, m2 := r.Want(10, now.Add(10*time.Second), 10*time.Second, 64); s2 >= 10 || m2 > 10 || len(Span(ps[:10], s2, m2)) != m2 {
		t.Fatalf("after %d+%d of 100k, a list of 10: start %d, %d entries", s, m, s2, m2)
	}
}

// TestRotorBudget: the walks' wants are scaled to the poll's budget in
// proportion (each keeps its least), and a walk not advanced (its probe
// discarded) starts again where it started, taking the share since the
// last walk that counted.
func TestRotorBudget(t *testing.T) {
	t.Parallel()
	ms := []int{20_000, 2_000, 30}
	Budget(ms, 2_200, 64)
	if ms[0] != 1_997 || ms[1] != 199 || ms[2] != 30 { // 22,030 scaled by 2,200/22,030 (floor), the least kept
		t.Fatalf("Budget: %v, want [1997 199 30]", ms)
	}
	ms = []int{100, 200}
	if Budget(ms, 1_000, 64); ms[0] != 100 || ms[1] != 200 {
		t.Fatalf("Budget under the budget: %v", ms)
	}
	if got := PollBudget(ProbeRate, 250*time.Millisecond, ProbeBurst, 64); got != 2_500 {
		t.Fatalf("PollBudget at 250 ms: %d", got)
	}
	if got := PollBudget(ProbeRate, time.Hour, ProbeBurst, 64); got != 20_000 {
		t.Fatalf("PollBudget after an hour: %d", got)
	}
	var r Rotor
	now := time.Unix(1000, 0)
	s, m := r.Want(100_000, now, 10*time.Second, 64)
	r.Advance(100_000, s, m, now)
	s1, m1 := r.Want(100_000, now.Add(time.Second), 10*time.Second, 64)
	// discarded: no Advance
	s2, m2 := r.Want(100_000, now.Add(2*time.Second), 10*time.Second, 64)
	if s1 != 64 || s2 != s1 || m1 != 10_000 || m2 != 20_000 {
		t.Fatalf("after a discarded walk (%d+%d): %d+%d, want it again from %d with 20000", s1, m1, s2, m2, s1)
	}
}
