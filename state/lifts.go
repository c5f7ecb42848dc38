package state

import (
	"bytes"
	"fmt"
	"net/netip"

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
	return s.db.Update(func(tx *bolt.Tx) error {
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
func addLifts(tx *bolt.Tx, s *Store, l Lifts) error {
	for _, p := range l.Prefixes {
		if !p.IsValid() {
			return fmt.Errorf("pending lifts: %w: invalid prefix %q", ErrInvalid, p)
		}
	}
	meta, err := s.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	old, err := decodeLifts(meta.Get([]byte(keyLifts)))
	if err != nil {
		return err
	}
	old.All = old.All || l.All
	old.Prefixes = append(old.Prefixes, l.Prefixes...)
	return meta.Put([]byte(keyLifts), old.encode())
}
