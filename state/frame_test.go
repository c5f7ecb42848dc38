package state

import (
	"net/netip"
	"reflect"
	"testing"
	"time"
)

// TestFrameOffsetMovesBansAtOpen: bans stored by a daemon whose clock was
// an hour behind the wall clock (a step it had seen) are read an hour later
// after the next Open, every other field as it was (the record's version:
// a v1 record whose reason reads like another node's stays NodeUnknown);
// permanent bans stay permanent; the offset is used once.
func TestFrameOffsetMovesBansAtOpen(t *testing.T) {
	dir := t.TempDir()
	now := epoch()
	s, err := Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	bans := []Ban{
		{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Reason: "r (from web-2)", Rules: []string{"a"}, Start: now, Expires: now.Add(time.Hour), Offence: 2, Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("192.0.2.0/24"), Reason: "net", Start: now, Origin: OriginManual},
		{Prefix: netip.MustParsePrefix("2001:db8::/64"), Reason: "x", Start: now, Expires: now.Add(2 * time.Hour), Origin: OriginAuto, Node: "web-3"},
	}
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	was, err := s.Bans()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFrameOffset(time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for round := range 2 { // the second Open must not move them again
		s, err = Open(dir, Options{Now: fixedClock(&now)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Bans()
		if err != nil {
			t.Fatal(err)
		}
		if s.FrameOffset() != 0 {
			t.Errorf("round %d: FrameOffset after Open = %v, want 0", round, s.FrameOffset())
		}
		if len(got) != len(was) {
			t.Fatalf("round %d: %d bans, want %d", round, len(got), len(was))
		}
		for i := range was {
			want := was[i]
			want.Start = want.Start.Add(time.Hour)
			if !want.Expires.IsZero() {
				want.Expires = want.Expires.Add(time.Hour)
			}
			if !reflect.DeepEqual(got[i], want) {
				t.Errorf("round %d: ban %d = %+v, want %+v", round, i, got[i], want)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
