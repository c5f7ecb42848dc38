// Package statetest damages a closed store's ban records the way a bad
// disk or a crashed older version might, for tests of what readers, the
// daemon and the admin verbs do with a record that cannot be decoded.
package statetest

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/guardctl/guardctl/state"
)

// TailGarbage keeps the record's head (its times) readable and makes the
// rest undecodable.
func TailGarbage(v []byte) []byte { return append(slices.Clone(v), 0xff) }

// HeadCut leaves two bytes: not even the record's end can be read.
func HeadCut(v []byte) []byte { return slices.Clone(v[:2]) }

// Damage rewrites, in the closed store in dir, the ban record whose value
// contains each key of damage (a reason given to it) with what its
// function makes of it. Every key must match exactly one record.
func Damage(t testing.TB, dir string, damage map[string]func([]byte) []byte) {
	t.Helper()
	update(t, dir, func(b *bolt.Bucket) error {
		var keys, vals [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			for marker, fn := range damage {
				if bytes.Contains(v, []byte(marker)) {
					keys, vals = append(keys, slices.Clone(k)), append(vals, fn(v))
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if len(keys) != len(damage) {
			t.Fatalf("found %d records to damage, want %d", len(keys), len(damage))
		}
		for i := range keys {
			if err := b.Put(keys[i], vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rekey moves, in the closed store in dir, the ban record whose value
// contains marker to key: a key that is no prefix makes it a record only
// its raw key names (a damaged key, or one an older version wrote).
func Rekey(t testing.TB, dir, marker string, key []byte) {
	t.Helper()
	update(t, dir, func(b *bolt.Bucket) error {
		var old, val []byte
		if err := b.ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte(marker)) {
				if old != nil {
					t.Fatalf("more than one record holds %q", marker)
				}
				old, val = slices.Clone(k), slices.Clone(v)
			}
			return nil
		}); err != nil {
			return err
		}
		if old == nil {
			t.Fatalf("no record holds %q", marker)
		}
		if err := b.Delete(old); err != nil {
			return err
		}
		return b.Put(key, val)
	})
}

// update runs fn on the bans bucket of the closed store in dir, in one
// transaction.
func update(t testing.TB, dir string, fn func(*bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, state.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket([]byte("bans"))) }); err != nil {
		t.Fatal(err)
	}
}
