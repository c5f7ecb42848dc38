package state

import (
	"bytes"
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

// Undecodable lists the records every reader skips, with what their key
// and head still say, and Write removes them: by prefix (an unban of a
// network holding it: its delete path decoded the record and failed the
// whole batch) or by raw key (one whose key is no prefix, which only
// `unban --all` names). A raw delete leaves a record that decodes again
// (replaced meanwhile by a ban of its prefix).
func TestUndecodableListedAndRemoved(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	ban := func(p string) Ban {
		return Ban{Prefix: netip.MustParsePrefix(p), Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto, Reason: "r"}
	}
	if err := s.PutBans([]Ban{ban("10.0.1.1/32"), ban("10.0.1.2/32"), ban("10.0.2.0/24")}); err != nil {
		t.Fatal(err)
	}
	k1, _, _ := prefixKey(netip.MustParsePrefix("10.0.1.1/32"))
	k2, _, _ := prefixKey(netip.MustParsePrefix("10.0.2.0/24"))
	badKey := []byte("not a prefix")
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketBans))
		if err := b.Put(k1, append(bytes.Clone(b.Get(k1)), 0xff)); err != nil { // head readable
			return err
		}
		if err := b.Put(k2, []byte{1}); err != nil { // head cut
			return err
		}
		return b.Put(badKey, encodeBan(ban("10.9.9.9/32")))
	}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Undecodable(netip.Prefix{})
	if err != nil || len(all) != 3 {
		t.Fatalf("Undecodable(all) = %+v, %v; want 3 records", all, err)
	}
	in, err := s.Undecodable(netip.MustParsePrefix("10.0.1.0/24"))
	if err != nil || len(in) != 1 || in[0].Prefix != netip.MustParsePrefix("10.0.1.1/32") || !in[0].HeadRead || !in[0].Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("Undecodable(10.0.1.0/24) = %+v, %v; want 10.0.1.1/32 with its head's end", in, err)
	}
	removed, err := s.Write(Batch{Delete: []netip.Prefix{netip.MustParsePrefix("10.0.1.1/32"), netip.MustParsePrefix("10.0.1.2/32")}})
	if err != nil {
		t.Fatalf("delete by prefix with an undecodable record among them: %v", err)
	}
	if len(removed) != 2 || removed[0].Undecodable == nil || removed[1].Undecodable != nil {
		t.Errorf("removed %+v; want the undecodable 10.0.1.1/32 (marked) and 10.0.1.2/32", removed)
	}
	// 10.0.2.0/24 is banned again (a valid record) before its raw delete.
	if err := s.PutBans([]Ban{ban("10.0.2.0/24")}); err != nil {
		t.Fatal(err)
	}
	removed, err = s.Write(Batch{DeleteRaw: [][]byte{k2, badKey}})
	if err != nil || len(removed) != 1 || removed[0].Undecodable == nil || !bytes.Equal(removed[0].Undecodable.Key, badKey) {
		t.Fatalf("raw delete removed %+v, %v; want only the record whose key is no prefix", removed, err)
	}
	if left, err := s.Undecodable(netip.Prefix{}); err != nil || len(left) != 0 {
		t.Errorf("left %+v, %v; want no undecodable record", left, err)
	}
	if b, ok, err := s.Ban(netip.MustParsePrefix("10.0.2.0/24")); err != nil || !ok || b.Reason != "r" {
		t.Errorf("the ban that replaced the record: %+v, %v, %v", b, ok, err)
	}
}
