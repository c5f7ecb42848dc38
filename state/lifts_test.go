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
