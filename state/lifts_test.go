package state

import (
	"net/netip"
	"slices"
	"testing"
)

// TestLiftsSurviveReopen: an unban's owed kernel step is written with the
// deletion and read back after a restart; clearing it removes it.
func TestLiftsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := netip.MustParsePrefix("192.0.2.7/32")
	n := netip.MustParsePrefix("2001:db8::/48")
	if err := s.PutBans([]Ban{{Prefix: p, Reason: "t", Origin: OriginManual}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(Batch{Delete: []netip.Prefix{p}, AddLifts: &Lifts{Prefixes: []netip.Prefix{p}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(Batch{AddLifts: &Lifts{All: true, Prefixes: []netip.Prefix{n}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	l, err := s.Lifts()
	if err != nil {
		t.Fatal(err)
	}
	if !l.All || !slices.Equal(l.Prefixes, []netip.Prefix{p, n}) {
		t.Fatalf("after reopen: %+v, want all and [%s %s]", l, p, n)
	}
	if err := s.SetLifts(Lifts{}); err != nil {
		t.Fatal(err)
	}
	if l, err = s.Lifts(); err != nil || !l.Empty() {
		t.Fatalf("after clearing: %+v %v", l, err)
	}
	s.Close()
}

// TestUpdateLiftsMergesByKey: each caller removes what it finished, one
// stored occurrence per key, and adds what it owes; nothing else moves.
func TestUpdateLiftsMergesByKey(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, b := netip.MustParsePrefix("203.0.113.1/32"), netip.MustParsePrefix("198.51.100.0/24")
	if _, err := s.Write(Batch{AddLifts: &Lifts{Prefixes: []netip.Prefix{a, b, a}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateLifts(Lifts{All: true}, Lifts{Prefixes: []netip.Prefix{a}}); err != nil {
		t.Fatal(err)
	}
	l, err := s.Lifts()
	if err != nil || !l.All || len(l.Prefixes) != 2 || !slices.Contains(l.Prefixes, a) || !slices.Contains(l.Prefixes, b) {
		t.Fatalf("after one of two a done and all added: %+v (err %v); want all, a once, b", l, err)
	}
	if err := s.UpdateLifts(Lifts{}, Lifts{All: true, Prefixes: []netip.Prefix{a, b, a}}); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Lifts(); err != nil || !l.Empty() {
		t.Fatalf("after all done: %+v (err %v); want empty", l, err)
	}
}
