package loaded

import (
	"net/netip"
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
	if got := s.Expected(now, nil); got != 2 {
		t.Errorf("Expected = %d, want 2 (hour and never)", got)
	}
	if got := s.Expected(now.Add(2*time.Hour), func(netip.Prefix) int { return 3 }); got != 3 {
		t.Errorf("Expected two hours later, weight 3 = %d, want 3 (the one that never expires)", got)
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

func TestAll(t *testing.T) {
	var s Set
	want := map[netip.Prefix]bool{netip.MustParsePrefix("10.0.0.1/32"): true, netip.MustParsePrefix("2001:db8::/64"): true}
	for p := range want {
		s.Put(p, time.Hour, time.Now())
	}
	n := 0
	for p := range s.All() {
		n++
		if !want[p] {
			t.Errorf("All yielded %s, not recorded", p)
		}
	}
	if n != len(want) {
		t.Errorf("All yielded %d prefixes, want %d", n, len(want))
	}
}
