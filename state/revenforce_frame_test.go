package state

// rev-enforce s13: the meta frame-offset (c57cc5c) corrupted (review item 6):
// the store opens, every ban keeps its stored times, and the problem is said.

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func revPutMeta(t *testing.T, s *Store, v []byte) {
	t.Helper()
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(keyFrameOffset), v)
	}); err != nil {
		t.Fatal(err)
	}
}

func TestRevFrameOffsetCorrupt(t *testing.T) {
	for _, c := range []struct {
		name string
		v    []byte
	}{
		{"7 bytes", make([]byte, 7)},
		{"-10 years", binary.BigEndian.AppendUint64(nil, revU64(-10*365*24*time.Hour))},
		{"+290 years", binary.BigEndian.AppendUint64(nil, uint64(1<<63-1))},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			now := time.Now()
			s, err := Open(dir, Options{Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginManual}})
			revPutMeta(t, s, c.v)
			s.Close()
			s, err = Open(dir, Options{Now: func() time.Time { return now }})
			var ce *CorruptError
			if errors.As(err, &ce) {
				t.Fatalf("Open refuses: %v (the daemon refuses to start: the user must throw the store away)", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			act, _ := s.ActiveBans(now)
			t.Logf("Open accepted it; active bans after: %d (want 1)", len(act))
			if len(act) != 1 {
				t.Errorf("a corrupt offset silently ended every ban")
			} else if !act[0].Expires.Equal(now.Add(time.Hour)) {
				t.Errorf("ban end moved to %v, want %v (kept as stored)", act[0].Expires, now.Add(time.Hour))
			}
			if p := s.FrameOffsetProblem(); p == "" {
				t.Error("nothing said about the ignored offset (FrameOffsetProblem empty)")
			} else {
				t.Logf("said: %s", p)
			}
		})
	}
}

func revU64(d time.Duration) uint64 { return uint64(d) }
