package state

import (
	"net/netip"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestHeldBansMark: the daemon adopts the kernel's elements only into a
// store that never held a ban. The mark survives the bans' end and a
// reopen, and a file written before the mark that holds bans gets it at
// Open (review rev-enforce s14: a store whose bans ended while the daemon
// ran adopted an element added by hand).
func TestHeldBansMark(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	now := epoch()
	s, err := Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	if s.HeldBans() {
		t.Fatal("a new store says it held bans")
	}
	p := netip.MustParsePrefix("203.0.113.1/32")
	if err := s.PutBans([]Ban{{Prefix: p, Reason: "r", Expires: now.Add(time.Minute), Origin: OriginAuto}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteBans([]netip.Prefix{p}); err != nil {
		t.Fatal(err)
	}
	if !s.HeldBans() {
		t.Error("HeldBans false after a ban was written")
	}
	s.Close()
	s = openT(t, dir, Options{Now: fixedClock(&now)})
	if !s.HeldBans() {
		t.Error("HeldBans false after a reopen: the mark is not on disk")
	}

	// A file from before the mark, holding a ban: marked at Open.
	old := t.TempDir()
	s2, err := Open(old, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.PutBans([]Ban{{Prefix: p, Reason: "r", Expires: now.Add(time.Minute), Origin: OriginAuto}}); err != nil {
		t.Fatal(err)
	}
	if err := s2.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Delete([]byte(keyHeldBans))
	}); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	s2 = openT(t, old, Options{Now: fixedClock(&now)})
	if _, err := s2.DeleteBans([]netip.Prefix{p}); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	s2 = openT(t, old, Options{Now: fixedClock(&now)})
	if !s2.HeldBans() {
		t.Error("a store from before the mark that held a ban: HeldBans false once it ended")
	}
}
