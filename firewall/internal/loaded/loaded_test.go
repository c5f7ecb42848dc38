package loaded

import (
	"net/netip"
	"sync"
	"testing"
	"time"
)

func TestExpected(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var s Set
	p := func(i byte) netip.Prefix { return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 0, i}), 32) }
	s.Put(p(1), time.Hour, now)
	s.Put(p(2), 0, now)           // never expires
	s.Put(p(3), time.Second, now) // inside the grace: may be gone
	s.Put(p(4), time.Minute, now)
	s.Delete(p(4))
	if got := s.Expected(now); got != 2 {
		t.Errorf("Expected = %d, want 2 (hour and never)", got)
	}
	if got := s.Expected(now.Add(2 * time.Hour)); got != 1 {
		t.Errorf("Expected two hours later = %d, want 1 (the one that never expires)", got)
	}
	if s.Len() != 1 || !s.Has(p(2)) {
		t.Errorf("long-expired entries not forgotten: len %d", s.Len())
	}
	s.Clear()
	if s.Len() != 0 {
		t.Error("Clear left entries")
	}
}

func TestKeyRoundTrip(t *testing.T) {
	for _, s := range []string{"10.0.0.1/32", "10.0.0.0/8", "2001:db8::/32", "::ffff:10.0.0.1/128", "::/1"} {
		p := netip.MustParsePrefix(s)
		if got := keyOf(p).prefix(); got != p {
			t.Errorf("keyOf(%s).prefix() = %s", p, got)
		}
	}
	var set Set
	set.Reserve(2)
	set.Put(netip.MustParsePrefix("10.0.0.1/32"), 0, time.Now())
	if set.Has(netip.MustParsePrefix("::ffff:10.0.0.1/128")) {
		t.Error("an IPv4 prefix and its IPv4-mapped twin share a key")
	}
}

func TestInside(t *testing.T) {
	var s Set
	now := time.Now()
	for _, p := range []string{"10.0.0.1/32", "10.0.1.0/24", "10.1.0.0/16", "2001:db8::1/128", "2001:db8::/64", "2001:db8:1::/64"} {
		s.Put(netip.MustParsePrefix(p), time.Hour, now)
	}
	c := NewCover([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("2001:db8::/64")})
	got := map[string]bool{}
	for _, p := range s.Inside(c) {
		got[p.String()] = true
	}
	want := map[string]bool{"10.0.0.1/32": true, "10.0.1.0/24": true, "2001:db8::1/128": true, "2001:db8::/64": true}
	if len(got) != len(want) {
		t.Errorf("Inside = %v, want %v", got, want)
	}
	for p := range want {
		if !got[p] {
			t.Errorf("Inside misses %s (got %v)", p, got)
		}
	}
	if c.MinBits(true) != 16 || c.MinBits(false) != 64 || NewCover(nil).MinBits(true) != 129 {
		t.Error("MinBits wrong")
	}
}

func TestCheck(t *testing.T) {
	var s Set
	var mu sync.Mutex
	ours := netip.MustParsePrefix("10.0.0.1/32")
	s.Put(ours, 0, time.Now())
	entries := []netip.Prefix{ours}
	for i := range 10 {
		entries = append(entries, netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), 32))
	}
	var f Findings
	if n := Check(&mu, &s, entries, nil, &f); n != 1 || f.Extra != 10 || len(f.Samples) != MaxSamples {
		t.Errorf("Check = %d, findings %+v; want 1 of ours, 10 extra, %d samples", n, f, MaxSamples)
	}
}
