package state

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// keyHeldBans marks, in the meta bucket, a store that has held a ban.
// The daemon adopts the kernel's elements only into a store that never
// did (a new or moved-aside file: an empty store must never unban
// anyone); a store whose bans all ended, while the daemon ran or while
// it was stopped, adopts nothing, so an element added by hand does not
// become guardctl's ban (review rev-enforce s14).
const keyHeldBans = "held-bans"

// HeldBans reports whether a ban was ever written to this store (or it
// held one when it was opened, for a file written before the mark).
func (s *Store) HeldBans() bool { return s.heldBans.Load() }

// loadHeldBans reads the mark at Open; a file from before the mark that
// holds bans gets it now.
func (s *Store) loadHeldBans() error {
	var marked, any bool
	err := s.view(func(tx *bolt.Tx) error {
		if meta := tx.Bucket([]byte(bucketMeta)); meta != nil {
			marked = meta.Get([]byte(keyHeldBans)) != nil
		}
		if bans := tx.Bucket([]byte(bucketBans)); bans != nil {
			k, _ := bans.Cursor().First()
			any = k != nil
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read state %s: %w", s.path, err)
	}
	if !marked && any {
		err = s.update(func(tx *bolt.Tx) error { return s.markHeldBans(tx) })
		if err != nil {
			return fmt.Errorf("write state %s: %w", s.path, err)
		}
	}
	s.heldBans.Store(marked || any)
	return nil
}

// markHeldBans writes the mark in tx unless it is known to be there; the
// caller sets heldBans once tx commits.
func (s *Store) markHeldBans(tx *bolt.Tx) error {
	if s.heldBans.Load() {
		return nil
	}
	meta, err := s.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	return meta.Put([]byte(keyHeldBans), []byte{1})
}
