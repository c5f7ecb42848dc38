package state

import (
	"encoding/binary"
	"net/netip"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
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
	// The wall clock the next run reads is the writer's plus the offset
	// (the last readings of the writer's clock say so, seen.go: a run
	// reading the writer's clock again would be a step back while
	// stopped).
	wall := now.Add(time.Hour)
	for round := range 2 { // the second Open must not move them again
		s, err = Open(dir, Options{Now: fixedClock(&wall)})
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

// TestWriteRecordsFrameOffset (review rev-enforce s13 item 1): with a
// source set, a ban write records the writer's offset in its own
// transaction (no save on another goroutine to race a crash), and Close
// records the offset the source reads then.
func TestWriteRecordsFrameOffset(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	s, err := Open(dir, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var off atomic.Int64
	off.Store(int64(24 * time.Hour))
	s.SetFrameOffsetSource(func() time.Duration { return time.Duration(off.Load()) })
	if err := s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginManual}}); err != nil {
		t.Fatal(err)
	}
	stored := func() time.Duration {
		var v []byte
		if err := s.view(func(tx *bolt.Tx) error {
			v = append(v, tx.Bucket([]byte(bucketMeta)).Get([]byte(keyFrameOffset))...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(v) != 8 {
			return 0
		}
		return time.Duration(binary.BigEndian.Uint64(v))
	}
	if got := stored(); got != 24*time.Hour {
		t.Errorf("offset in the file after the ban write: %v, want 24h", got)
	}
	off.Store(int64(25 * time.Hour)) // a step seen by no write
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The next run reads the wall clock: the writer's plus its offset.
	s, err = Open(dir, Options{Now: func() time.Time { return now.Add(25 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, ok, err := s.Ban(netip.MustParsePrefix("192.0.2.1/32"))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if want := now.Add(time.Hour + 25*time.Hour); !b.Expires.Equal(want) {
		t.Errorf("end after reopen: %v, want %v (moved by the offset Close recorded)", b.Expires, want)
	}
}
