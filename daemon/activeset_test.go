package daemon

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"
	"time"
)

// TestActiveSetKeepsEveryBan: a ban comes back from d.active with its
// prefix (either family, an IPv4-mapped IPv6 one kept apart from its IPv4
// twin, every length from /0 to /128), its expiry (zero: permanent) and
// its reason; a reason no ban holds any more is dropped.
func TestActiveSetKeepsEveryBan(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 123456789)
	want := map[netip.Prefix]activeBan{
		netip.MustParsePrefix("192.0.2.1/32"):         {expires: now, reason: "scan"},
		netip.MustParsePrefix("::ffff:192.0.2.1/128"): {expires: now.Add(time.Nanosecond), reason: "scan"},
		netip.MustParsePrefix("0.0.0.0/0"):            {reason: "manual: everyone"},
		netip.MustParsePrefix("::/0"):                 {expires: now.Add(-time.Hour), reason: ""},
		netip.MustParsePrefix("2001:db8::/64"):        {expires: now.Add(time.Hour), reason: "login"},
		netip.MustParsePrefix("2001:db8::1/128"):      {expires: now.Add(2 * time.Hour), reason: "login"},
		netip.MustParsePrefix("10.1.0.0/16"):          {reason: "manual: abuse report 17"},
	}
	var s activeSet
	for p, a := range want {
		s.set(p, activeBan{expires: now.Add(time.Minute), reason: "replaced"})
		s.set(p, a)
	}
	if s.len() != len(want) {
		t.Fatalf("%d bans, want %d", s.len(), len(want))
	}
	seen := 0
	for p, a := range s.all() {
		w, ok := want[p]
		if !ok {
			t.Fatalf("ban of %v, which was not set", p)
		}
		seen++
		if g, ok := s.get(p); !ok || g != a {
			t.Errorf("get(%v) = %+v, %v; all gave %+v", p, g, ok, a)
		}
		if !a.expires.Equal(w.expires) || a.expires.IsZero() != w.expires.IsZero() || a.reason != w.reason {
			t.Errorf("ban of %v comes back as %+v, want %+v", p, a, w)
		}
	}
	if seen != len(want) {
		t.Fatalf("all yielded %d bans, want %d", seen, len(want))
	}
	for p := range want {
		s.del(p)
	}
	s.del(netip.MustParsePrefix("192.0.2.9/32")) // not there
	if s.len() != 0 || len(s.byText) != 0 || len(s.free) != len(s.reasons) {
		t.Fatalf("after every del: %d bans, %d reasons held, %d of %d slots free", s.len(), len(s.byText), len(s.free), len(s.reasons))
	}
}

// BenchmarkActiveHeap reports the live heap per ban of d.active holding n
// bans of the same reason (issue 14: the daemon's peak), against the map
// it replaced. Run with -benchtime=1x.
func BenchmarkActiveHeap(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		fill := func(i int) (netip.Prefix, activeBan) {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
			return p, activeBan{expires: time.Unix(1_800_000_000+int64(i), 0), reason: "scan"}
		}
		measure := func(b *testing.B, build func() any) {
			var per float64
			for range b.N {
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				x := build()
				runtime.GC()
				runtime.ReadMemStats(&m1)
				per = float64(int64(m1.HeapInuse)-int64(m0.HeapInuse)) / float64(n)
				runtime.KeepAlive(x)
			}
			b.ReportMetric(per, "heap-B/ban")
		}
		b.Run(fmt.Sprint("set/", n), func(b *testing.B) {
			measure(b, func() any {
				var s activeSet
				for i := range n {
					s.set(fill(i))
				}
				return &s
			})
		})
		b.Run(fmt.Sprint("map/", n), func(b *testing.B) {
			measure(b, func() any {
				m := map[netip.Prefix]activeBan{}
				for i := range n {
					p, a := fill(i)
					m[p] = a
				}
				return m
			})
		})
	}
}
