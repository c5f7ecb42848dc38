package state

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The offence history is one record per client key holding its newest
// offences (at most Options.MaxOffencesPerKey), oldest first. One record per
// key keeps the detector's lookup to a single point read.

// RecordOffence appends one offence to key's history, durably. The daemon
// should rather put it in the Batch that stores the ban.
func (s *Store) RecordOffence(key netip.Prefix, at time.Time, rule string) error {
	_, err := s.Write(Batch{Offences: []Offence{{Key: key, At: at, Rule: rule}}})
	return err
}

// addOffence merges o into the history at k, inside a write transaction.
func (s *Store) addOffence(b *bolt.Bucket, k []byte, o offence) error {
	var list []offence
	if v := b.Get(k); v != nil {
		var err error
		if list, err = decodeOffences(v); err != nil {
			return fmt.Errorf("offences %x: %w", k, err)
		}
	}
	// Keep time order even when a replay records out of order.
	i, _ := slices.BinarySearchFunc(list, o.at, func(e offence, t time.Time) int { return e.at.Compare(t) })
	for i < len(list) && list[i].at.Equal(o.at) {
		i++
	}
	list = slices.Insert(list, i, o)
	if over := len(list) - s.maxPerKey; over > 0 {
		list = list[over:]
	}
	return b.Put(k, encodeOffences(list))
}

// Offences counts key's offences in (now-memory, now]. It implements
// detector.History; the interface has no error, so a failed read is logged
// and counts as no history (the client gets a first-offence ban, never a
// longer one than it earned).
func (s *Store) Offences(key netip.Prefix, now time.Time, memory time.Duration) int {
	n, err := s.OffenceCount(key, now, memory)
	if err != nil {
		s.log.Error("read offence history", "key", key, "err", err)
		return 0
	}
	return n
}

// OffenceCount is Offences with the error.
func (s *Store) OffenceCount(key netip.Prefix, now time.Time, memory time.Duration) (int, error) {
	k, p, err := prefixKey(key)
	if err != nil {
		return 0, fmt.Errorf("count offences: %w", err)
	}
	if memory <= 0 || !s.offKeys.mayContain(k) {
		return 0, nil
	}
	since := now.Add(-memory)
	n := 0
	err = s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketOffences)
		if err != nil {
			return err
		}
		v := b.Get(k)
		if v == nil {
			return nil
		}
		n, err = countOffences(v, since, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count offences of %s: %w", p, err)
	}
	return n, nil
}

// PruneOffences drops history entries older than before, then, if more than
// Options.MaxOffenceKeys clients still have a history, the clients whose
// last offence is oldest. It returns how many clients lost their whole
// history. The daemon calls it now and then with before = now - the
// longest offence memory of its policy; between calls the history grows
// only by the bans issued.
func (s *Store) PruneOffences(before time.Time) (int, error) {
	dropped := 0
	err := s.update(func(tx *bolt.Tx) error {
		dropped = 0
		b, err := s.bucket(tx, bucketOffences)
		if err != nil {
			return err
		}
		// Collect, then write: changing a bucket under a cursor can skip
		// elements.
		type change struct {
			key []byte
			val []byte // nil: delete
		}
		var changes []change
		var lasts []int64 // newest offence of each surviving key
		err = b.ForEach(func(k, v []byte) error {
			list, err := decodeOffences(v)
			if err != nil {
				return fmt.Errorf("offences %x: %w", k, err)
			}
			i := 0
			for i < len(list) && list[i].at.Before(before) {
				i++
			}
			switch {
			case i == len(list):
				changes = append(changes, change{bytes.Clone(k), nil})
				return nil
			case i > 0:
				changes = append(changes, change{bytes.Clone(k), encodeOffences(list[i:])})
			}
			lasts = append(lasts, list[len(list)-1].at.UnixNano())
			return nil
		})
		if err != nil {
			return err
		}
		for _, c := range changes {
			if c.val == nil {
				err = b.Delete(c.key)
				dropped++
			} else {
				err = b.Put(c.key, c.val)
			}
			if err != nil {
				return err
			}
		}
		if len(lasts) <= s.maxKeys {
			return nil
		}
		// Over the cap: find the newest-offence time of the oldest key
		// that must go, then drop every key last seen before or at it.
		slices.Sort(lasts)
		cut := lasts[len(lasts)-s.maxKeys-1]
		var old [][]byte
		err = b.ForEach(func(k, v []byte) error {
			list, err := decodeOffences(v)
			if err != nil {
				return err
			}
			if len(list) == 0 || list[len(list)-1].at.UnixNano() <= cut {
				old = append(old, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
			dropped++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune offences in %s: %w", s.path, err)
	}
	return dropped, nil
}

// OffencesSince returns the clients' offences at or after since, by key,
// oldest first per key: what the daemon gives the detector back at start
// (the re-ban marks of login bans, detector.RestoreLoginMarks), which
// otherwise lived only in the engine. With rules, only offences whose rule
// is one of them: the walk skips the others without building them, so a
// start after a flood (100,000 offences in the window, a few of them
// login bans) costs the login bans, not the flood. One walk of the
// history, at start only; the rule strings are shared, one per rule.
func (s *Store) OffencesSince(since time.Time, rules ...string) ([]Offence, error) {
	var out []Offence
	err := s.view(func(tx *bolt.Tx) error {
		out = out[:0]
		b, err := s.bucket(tx, bucketOffences)
		if err != nil {
			return err
		}
		names := make(map[string]string, max(len(rules), 8)) // a rule id as a shared string
		for _, r := range rules {
			names[r] = r
		}
		return b.ForEach(func(k, v []byte) error {
			p, err := parsePrefixKey(k)
			if err != nil {
				return nil // an unreadable history record restores nothing
			}
			mark := len(out)
			r := reader{b: v}
			r.version()
			n := r.count(len(v) / 2)
			for range n {
				at := r.varint()
				id := r.b[:r.count(maxString)]
				r.b = r.b[len(id):]
				t := timeOf(at)
				if r.err != nil || t.Before(since) {
					continue
				}
				name, ok := names[string(id)] // no allocation to look up
				if !ok {
					if len(rules) > 0 {
						continue
					}
					name = string(id)
					names[name] = name
				}
				out = append(out, Offence{Key: p, At: t, Rule: name})
			}
			if r.done() != nil {
				out = out[:mark] // as before: a history that does not decode restores nothing
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read offences since %s in %s: %w", since.Format(time.RFC3339), s.path, err)
	}
	return out, nil
}

// timeOf is a stored time (reader.time).
func timeOf(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
