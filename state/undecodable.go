package state

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/guardctl/guardctl/ipprefix"
)

// Undecodable is a ban record the store cannot decode. It is kept (it may
// be an active ban) and skipped by every reader (8a27ec5), so an admin
// must be able to see it and remove it by name: Undecodable lists it, an
// unban of a network holding its prefix removes it (Batch.DeleteRaw), a
// ban of its prefix replaces it, and an unban of everything removes it
// even when its key is no prefix at all.
type Undecodable struct {
	Key    []byte       // the raw key, as stored
	Prefix netip.Prefix // invalid when the key is no prefix
	// Expires is the end its head says, when the head can be read
	// (HeadRead); zero then means permanent.
	Expires  time.Time
	HeadRead bool
	Err      string
}

// KeyHex is the raw key in hex, how list and the logs name a record
// whose key is no prefix.
func (u Undecodable) KeyHex() string { return hex.EncodeToString(u.Key) }

// Ban is how an unban reports it removed: the prefix and end its key and
// head say, and a reason that says what it was.
func (u Undecodable) Ban() Ban {
	rec := u
	return Ban{Prefix: u.Prefix, Expires: u.Expires, Reason: fmt.Sprintf("undecodable record (key %s): %s", u.KeyHex(), u.Err), Undecodable: &rec}
}

func undecodableRecord(k, v []byte, err error) Undecodable {
	u := Undecodable{Key: bytes.Clone(k), Err: err.Error()}
	if p, kerr := parsePrefixKey(k); kerr == nil {
		u.Prefix = p
	}
	if end, herr := banExpires(v); herr == nil {
		u.Expires, u.HeadRead = end, true
	}
	return u
}

// decodeRecord decodes a stored key and value.
func decodeRecord(k, v []byte) (Ban, error) {
	p, err := parsePrefixKey(k)
	if err != nil {
		return Ban{}, err
	}
	return decodeBan(p, v)
}

// Undecodable returns the ban records that cannot be decoded whose prefix
// is equal to or inside network, ordered by key; every one, those whose
// key is no prefix included, when network is the zero Prefix.
func (s *Store) Undecodable(network netip.Prefix) ([]Undecodable, error) {
	var out []Undecodable
	err := s.view(func(tx *bolt.Tx) error {
		out = out[:0]
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		c := b.Cursor()
		var k, v, last []byte
		if !network.IsValid() {
			k, v = c.First()
		} else {
			network = ipprefix.Canonical(network)
			var first []byte
			first, last = rawKey(network.Addr(), 0), rawKey(lastAddr(network), 0xff)
			k, v = c.Seek(first)
		}
		for ; k != nil; k, v = c.Next() {
			if last != nil && bytes.Compare(k, last) > 0 {
				break
			}
			if _, err := decodeRecord(k, v); err != nil {
				u := undecodableRecord(k, v, err)
				if network.IsValid() && !(u.Prefix.IsValid() && u.Prefix.Bits() >= network.Bits() && network.Contains(u.Prefix.Addr())) {
					continue
				}
				out = append(out, u)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list undecodable ban records in %s: %w", s.path, err)
	}
	return out, nil
}

// MaxKeyLen is the longest key the store can hold (bbolt's limit): a raw
// key named by an admin that is longer names no record.
const MaxKeyLen = bolt.MaxKeySize

// KeyPrefix is the prefix a raw ban key names (Undecodable.Key); ok is
// false when the key is no prefix, which only a damaged record has.
func KeyPrefix(k []byte) (p netip.Prefix, ok bool) {
	p, err := parsePrefixKey(k)
	return p, err == nil
}
