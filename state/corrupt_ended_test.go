package state

import (
	"net/netip"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// One ended record whose tail is corrupt (its head readable) made every
// ExpireBans fail: no ended ban left the store, and the daemon's start
// (reconcile) returned the error (revops-s9). It is removed, counted and
// returned with what its head and key tell; the other ended bans expire.
func TestCorruptEndedRecordSetAside(t *testing.T) {
	now := epoch()
	s, bans := threeEndingBans(t, &now, 0)
	k, _, _ := prefixKey(bans[0].Prefix)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketBans))
		v := append([]byte(nil), b.Get(k)...)
		return b.Put(k, append(v, 0xff)) // trailing garbage after a valid head
	}); err != nil {
		t.Fatal(err)
	}
	if removed, err := s.ExpireBans(now); err != nil || len(removed) != 0 {
		t.Fatalf("before the end: removed %d, %v", len(removed), err)
	}
	removed, err := s.ExpireBans(now.Add(time.Hour))
	if err != nil || len(removed) != 3 {
		t.Fatalf("after the end: removed %d (want 3: two whole, the corrupt one by its key), err %v", len(removed), err)
	}
	if n := s.CorruptDropped(); n != 1 {
		t.Errorf("CorruptDropped = %d, want 1", n)
	}
	if left, err := s.ExpireBans(now.Add(time.Hour)); err != nil || len(left) != 0 {
		t.Errorf("the corrupt record stayed: removed %d, %v", len(left), err)
	}
	if active, err := s.ActiveBans(now); err != nil || len(active) != 0 {
		t.Errorf("ActiveBans after: %d, %v", len(active), err)
	}
}

// A record whose head cannot be read (here cut to two bytes) made every
// ExpireBans fail, so no ended ban left the store (session 10, ops item
// 4). It may be active, so it stays; it is skipped and counted
// (CorruptUnreadable, the last walk's count), and the others expire.
func TestUnreadableHeadSkipped(t *testing.T) {
	now := epoch()
	s, bans := threeEndingBans(t, &now, 1)
	k, _, _ := prefixKey(bans[0].Prefix)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketBans))
		return b.Put(k, append([]byte(nil), b.Get(k)[:2]...))
	}); err != nil {
		t.Fatal(err)
	}
	removed, err := s.ExpireBans(now.Add(time.Hour))
	if err != nil || len(removed) != 2 {
		t.Fatalf("after the end: removed %d (want the 2 readable), err %v", len(removed), err)
	}
	if n := s.CorruptUnreadable(); n != 1 {
		t.Errorf("CorruptUnreadable = %d, want 1", n)
	}
	if err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bucketBans)).Get(k) == nil {
			t.Error("the unreadable record was removed; it may be active and must stay")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if left, err := s.ExpireBans(now.Add(time.Hour)); err != nil || len(left) != 0 || s.CorruptUnreadable() != 1 {
		t.Errorf("second walk: removed %d, err %v, unreadable %d; want 0, nil, 1", len(left), err, s.CorruptUnreadable())
	}
}

// threeEndingBans opens a store on a real file with three bans of
// 10.0.<third>.1-3 ending a minute after *now.
func threeEndingBans(t *testing.T, now *time.Time, third byte) (*Store, []Ban) {
	t.Helper()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(now)})
	var bans []Ban
	for i := range 3 {
		bans = append(bans, Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, third, byte(i + 1)}), 32),
			Start: *now, Expires: now.Add(time.Minute), Origin: OriginAuto, Reason: "r", Rules: []string{"x"}})
	}
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	return s, bans
}
