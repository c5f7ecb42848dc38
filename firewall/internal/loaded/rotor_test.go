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
			s, m := r.Step(len(ps), now, 10*time.Second, 64)
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
	r.Step(len(ps), now, 10*time.Second, 64)
	s, m := r.Step(len(ps), now.Add(9*time.Second), 10*time.Second, 64)
	if s2, m2 := r.Step(10, now.Add(10*time.Second), 10*time.Second, 64); s2 >= 10 || m2 > 10 || len(Span(ps[:10], s2, m2)) != m2 {
		t.Fatalf("after %d+%d of 100k, a list of 10: start %d, %d entries", s, m, s2, m2)
	}
}
