package state

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// One ban record that cannot be decoded was skipped by ExpireBans only
// (8316afc): ActiveBans (the daemon's ban list, the cluster snapshot),
// Within (an unban of a range holding it), Covering (is this client
// banned) and Open (the next start refused the file, *CorruptError) still
// failed on it (revops-s10). Each reader now skips it and returns the
// others; the record stays (it may be active), and Open counts it in
// CorruptUnreadable. Both kinds: the head cut (what expiry cannot read)
// and garbage after a valid head (what expiry reads but nothing decodes).
func TestUnreadableRecordSkippedByReaders(t *testing.T) {
	cases := map[string]func(v []byte) []byte{
		"head cut":     func(v []byte) []byte { return append([]byte(nil), v[:2]...) },
		"tail garbage": func(v []byte) []byte { return append(append([]byte(nil), v...), 0xff) },
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			now := epoch()
			dir := t.TempDir()
			s := openT(t, dir, Options{Now: fixedClock(&now)})
			var bans []Ban
			for i := range 3 {
				bans = append(bans, Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 1, byte(i + 1)}), 32),
					Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto, Reason: "r", Rules: []string{"x"}})
			}
			wide := Ban{Prefix: netip.MustParsePrefix("10.0.0.0/16"), Start: now, Expires: now.Add(time.Hour), Origin: OriginManual, Reason: "w"}
			if err := s.PutBans(append(bans, wide)); err != nil {
				t.Fatal(err)
			}
			k, _, _ := prefixKey(bans[0].Prefix)
			if err := s.db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(bucketBans))
				return b.Put(k, damage(b.Get(k)))
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ExpireBans(now); err != nil {
				t.Fatalf("ExpireBans: %v", err)
			}
			if got, err := s.ActiveBans(now); err != nil || len(got) != 3 {
				t.Errorf("ActiveBans: %d bans, %v; want the 3 readable", len(got), err)
			}
			if got, err := s.Bans(); err != nil || len(got) != 3 {
				t.Errorf("Bans: %d bans, %v; want the 3 readable", len(got), err)
			}
			if got, err := s.Within(netip.MustParsePrefix("10.0.0.0/8")); err != nil || len(got) != 3 {
				t.Errorf("Within 10.0.0.0/8: %d bans, %v; want the 3 readable", len(got), err)
			}
			if got, err := s.Covering(bans[0].Prefix.Addr(), now); err != nil || len(got) != 1 || got[0].Prefix != wide.Prefix {
				t.Errorf("Covering %s: %v, %v; want only %s", bans[0].Prefix.Addr(), got, err, wide.Prefix)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s2, err := Open(dir, Options{Now: fixedClock(&now)})
			if err != nil {
				t.Fatalf("reopen (the next daemon start) refuses the store: %v", err)
			}
			defer s2.Close()
			if n := s2.CorruptUnreadable(); n != 1 {
				t.Errorf("CorruptUnreadable after Open = %d, want 1", n)
			}
			if got, err := s2.ActiveBans(now); err != nil || len(got) != 3 {
				t.Errorf("ActiveBans after reopen: %d bans, %v; want the 3 readable", len(got), err)
			}
			if err := s2.db.View(func(tx *bolt.Tx) error {
				if tx.Bucket([]byte(bucketBans)).Get(k) == nil {
					t.Error("the undecodable record was removed; it may be active and must stay")
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A ban record or key that cannot be decoded no longer makes the file
// corrupt (TestCorruptFileIsAnError had both): Open keeps and counts it.
func TestOpenKeepsUndecodableBanRecord(t *testing.T) {
	healthy := healthyFile(t, 300)
	for name, put := range map[string]func(*bolt.Bucket) error{
		"bad ban record": func(b *bolt.Bucket) error {
			return b.Put(rawKey(netip.MustParseAddr("192.0.2.1"), 32), []byte{1, 0xff})
		},
		"bad ban key": func(b *bolt.Bucket) error { return b.Put([]byte("x"), encodeBan(Ban{Origin: OriginAuto})) },
	} {
		t.Run(name, func(t *testing.T) {
			content := withRaw(t, healthy, func(tx *bolt.Tx) error { return put(tx.Bucket([]byte(bucketBans))) })
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer s.Close()
			if n := s.CorruptUnreadable(); n != 1 {
				t.Errorf("CorruptUnreadable = %d, want 1", n)
			}
			if _, err := s.Bans(); err != nil {
				t.Errorf("Bans: %v", err)
			}
		})
	}
}
