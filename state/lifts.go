package state

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// keyLifts holds the unbans whose kernel step is not done (meta bucket):
// an older guardctl ignores the key.
const keyLifts = "pending-lifts"

// Lifts are kernel removals an unban still owes: the bans left the store,
// but the kernel may still hold them. All: unban --all (every element of
// the ban sets goes). Kept in the store so that a restart before the
// daemon's repair finishes them: an empty store otherwise makes the next
// start adopt the kernel's elements as bans again.
type Lifts struct {
	All      bool
	Prefixes []netip.Prefix
}

// Empty reports whether nothing is owed.
func (l Lifts) Empty() bool { return !l.All && len(l.Prefixes) == 0 }

// encode is one line per entry: "all", or a prefix.
func (l Lifts) encode() []byte {
	var b []byte
	if l.All {
		b = append(b, "all\n"...)
	}
	for _, p := range l.Prefixes {
		b = p.AppendTo(b)
		b = append(b, '\n')
	}
	return b
}

func decodeLifts(v []byte) (Lifts, error) {
	var l Lifts
	for line := range bytes.SplitSeq(v, []byte{'\n'}) {
		switch {
		case len(line) == 0:
		case string(line) == "all":
			l.All = true
		default:
			p, err := netip.ParsePrefix(string(line))
			if err != nil {
				return Lifts{}, fmt.Errorf("pending lifts: %w", err)
			}
			l.Prefixes = append(l.Prefixes, p)
		}
	}
	return l, nil
}

// SetLifts replaces what is owed (an empty l clears it), durably.
func (s *Store) SetLifts(l Lifts) error {
	for _, p := range l.Prefixes {
		if !p.IsValid() {
			return fmt.Errorf("pending lifts: %w: invalid prefix %q", ErrInvalid, p)
		}
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.update(func(tx *bolt.Tx) error {
		meta, err := s.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		if l.Empty() {
			return meta.Delete([]byte(keyLifts))
		}
		return meta.Put([]byte(keyLifts), l.encode())
	})
}

// UpdateLifts merges a change into what is owed, in one transaction
// under the store's write lock: done's prefixes are removed, one stored
// occurrence each (two unbans of one address store it twice, and each
// finishes its own), done.All clears "all", then add is added. Callers
// name only what they finished or now owe. SetLifts replaced the record
// with one caller's view of memory: an unban that stored its own owed
// lift (Write's AddLifts) after that view was read, and parked its kernel
// step, was lost from the store, and a restart before the repair adopted
// its elements as bans again (session 10).
func (s *Store) UpdateLifts(add, done Lifts) error {
	if add.Empty() && done.Empty() {
		return nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.update(func(tx *bolt.Tx) error { return mergeLifts(tx, s, add, done) })
}

// Lifts returns what is owed.
func (s *Store) Lifts() (Lifts, error) {
	var l Lifts
	err := s.view(func(tx *bolt.Tx) error {
		meta, err := s.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		v := meta.Get([]byte(keyLifts))
		if v == nil {
			return nil
		}
		l, err = decodeLifts(v)
		return err
	})
	return l, err
}

// addLifts merges l into what is owed, inside a write transaction.
func addLifts(tx *bolt.Tx, s *Store, l Lifts) error { return mergeLifts(tx, s, l, Lifts{}) }

// mergeLifts is UpdateLifts inside a write transaction.
func mergeLifts(tx *bolt.Tx, s *Store, add, done Lifts) error {
	for _, p := range add.Prefixes {
		if !p.IsValid() {
			return fmt.Errorf("pending lifts: %w: invalid prefix %q", ErrInvalid, p)
		}
	}
	meta, err := s.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	l, err := decodeLifts(meta.Get([]byte(keyLifts)))
	if err != nil {
		return err
	}
	l.All = (l.All && !done.All) || add.All
	for _, p := range done.Prefixes {
		if i := slices.Index(l.Prefixes, p); i >= 0 {
			l.Prefixes = slices.Delete(l.Prefixes, i, i+1)
		}
	}
	l.Prefixes = append(l.Prefixes, add.Prefixes...)
	if l.Empty() {
		return meta.Delete([]byte(keyLifts))
	}
	return meta.Put([]byte(keyLifts), l.encode())
}
