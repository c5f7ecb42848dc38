package state

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/guardctl/guardctl/ipprefix"
)

// Batch is a set of changes written in one transaction: one fsync, all or
// nothing. The daemon puts the bans a chunk of log lines produced, their
// offences and the read position after that chunk in one Batch, so after a
// crash the store never holds a position past lines whose bans were lost,
// nor bans whose lines will be judged again.
type Batch struct {
	Delete []netip.Prefix // applied before Put
	// DeleteRaw removes the records with these raw keys (Undecodable.Key)
	// if they still cannot be decoded: an unban of records whose key is
	// no prefix. Applied with Delete.
	DeleteRaw [][]byte
	Put       []Ban // a prefix already stored is replaced
	Offences  []Offence
	Positions []Position // a position stored for the same file (ID) is replaced
	// DropPositions forgets files that are finished (rotated away and
	// drained, or gone); applied before Positions.
	DropPositions []FileID
	// ForgetOffences removes the offence history of every client key
	// equal to or inside each network (an admin's unban); applied before
	// Offences.
	ForgetOffences []netip.Prefix
	// AddLifts, if set, is added to the unbans whose kernel step is owed
	// (Lifts), in the same transaction as the bans it deletes: a crash or
	// a restart before the kernel step still finishes it.
	AddLifts *Lifts
}

// Offence is one ban a client received, kept for escalation.
type Offence struct {
	Key  netip.Prefix // the client as the detector keys it
	At   time.Time    // zero: the store's clock
	Rule string
}

// Times are stored as Unix nanoseconds in an int64, with 0 meaning the zero
// time: a stored time is after 1970 and before 2262.
const maxUnixSeconds = (1<<63 - 1) / int64(time.Second)

const maxOffence = 1 << 20

// ErrInvalid: Write refused a batch because part of it cannot be stored (a
// time past 2262, an oversized reason ...). Nothing was written, and writing
// the same batch again fails the same way: the caller drops the offending
// records (ValidateBan, ValidateOffence) instead of retrying.
var ErrInvalid = errors.New("invalid record")

// MaxTime is the latest time the store can hold (Unix nanoseconds in an
// int64 end in April 2262). A ban expiring later cannot be stored.
func MaxTime() time.Time { return time.Unix(maxUnixSeconds-1, 0) }

// ValidateBan says whether Write would accept ban (Start zero means now).
func ValidateBan(ban Ban) error {
	if ban.Start.IsZero() {
		ban.Start = time.Now()
	}
	if !ban.Prefix.IsValid() {
		return fmt.Errorf("put ban: invalid prefix %q: %w", ban.Prefix, ErrInvalid)
	}
	if err := ban.validate(); err != nil {
		return fmt.Errorf("put ban %s: %w: %w", ban.Prefix, ErrInvalid, err)
	}
	return nil
}

// ValidateOffence says whether Write would accept o.
func ValidateOffence(o Offence) error {
	if !o.Key.IsValid() {
		return fmt.Errorf("record offence: invalid key %q: %w", o.Key, ErrInvalid)
	}
	if err := checkTime(o.At); err != nil {
		return fmt.Errorf("record offence %s: %w: %w", o.Key, ErrInvalid, err)
	}
	if len(o.Rule) > maxString {
		return fmt.Errorf("record offence %s: %w: rule id is %d bytes, limit %d", o.Key, ErrInvalid, len(o.Rule), maxString)
	}
	return nil
}

// Write applies b in one durable transaction and returns the bans Delete
// removed. Nothing is written if any part of b is invalid; such an error
// unwraps to ErrInvalid, unlike a failure to write (a full disk), after
// which the same batch may succeed later.
func (s *Store) Write(b Batch) ([]Ban, error) {
	now := s.now()
	type put struct {
		key []byte
		val []byte
	}
	dels := make([][]byte, 0, len(b.Delete))
	for _, p := range b.Delete {
		k, _, err := prefixKey(p)
		if err != nil {
			return nil, fmt.Errorf("delete ban: %w: %w", ErrInvalid, err)
		}
		dels = append(dels, k)
	}
	// The bans' keys and values are laid out in one buffer, not two
	// allocations per ban: a 100k burst from another node is one batch.
	// bbolt keeps the slices until the transaction ends, which is as long
	// as the buffer lives. A slice is capped at its length so nothing
	// appended after it can reach into it; if the estimate was short,
	// append moves on to a new array and the earlier slices keep theirs.
	size := 0
	for i := range b.Put {
		size += 18 + banSize(b.Put[i])
	}
	arena := make([]byte, 0, size)
	puts := make([]put, 0, len(b.Put))
	for _, ban := range b.Put {
		if ban.Start.IsZero() {
			ban.Start = now
		}
		if !ban.Prefix.IsValid() {
			return nil, fmt.Errorf("put ban: %w: invalid prefix %q", ErrInvalid, ban.Prefix)
		}
		p := ipprefix.Canonical(ban.Prefix)
		ban.Prefix = p
		if err := ban.validate(); err != nil {
			return nil, fmt.Errorf("put ban %s: %w: %w", p, ErrInvalid, err)
		}
		at := len(arena)
		arena = appendRawKey(arena, p.Addr(), byte(p.Bits()))
		k := arena[at:len(arena):len(arena)]
		at = len(arena)
		arena = appendBan(arena, ban)
		puts = append(puts, put{k, arena[at:len(arena):len(arena)]})
	}
	type offKey struct {
		key   []byte
		off   offence
		fresh bool // no history stored yet
	}
	offs := make([]offKey, 0, len(b.Offences))
	keys := make([]byte, 0, 18*len(b.Offences))
	for _, o := range b.Offences {
		if !o.Key.IsValid() {
			return nil, fmt.Errorf("record offence: %w: invalid prefix %q", ErrInvalid, o.Key)
		}
		p := ipprefix.Canonical(o.Key)
		at := len(keys)
		keys = appendRawKey(keys, p.Addr(), byte(p.Bits()))
		k := keys[at:len(keys):len(keys)]
		if o.At.IsZero() {
			o.At = now
		}
		if err := checkTime(o.At); err != nil {
			return nil, fmt.Errorf("record offence %s: %w: %w", p, ErrInvalid, err)
		}
		if len(o.Rule) > maxString {
			return nil, fmt.Errorf("record offence %s: %w: rule id is %d bytes, limit %d", p, ErrInvalid, len(o.Rule), maxString)
		}
		offs = append(offs, offKey{key: k, off: offence{o.At, o.Rule}})
	}
	poss := make([]put, 0, len(b.Positions))
	for _, p := range b.Positions {
		if p.Saved.IsZero() {
			p.Saved = now
		}
		if err := p.validate(); err != nil {
			return nil, fmt.Errorf("save position: %w: %w", ErrInvalid, err)
		}
		poss = append(poss, put{positionKey(p.ID()), encodePosition(p)})
	}

	forget := make([]netip.Prefix, 0, len(b.ForgetOffences))
	for _, p := range b.ForgetOffences {
		if !p.IsValid() {
			return nil, fmt.Errorf("forget offences: %w: invalid prefix %q", ErrInvalid, p)
		}
		forget = append(forget, ipprefix.Canonical(p))
	}

	// Into the filter before the transaction: a reader must never find a
	// committed history the filter does not know (a failed write only
	// leaves a false positive). A key the filter did not hold has no
	// history in the file (every stored key is in it): its record is
	// written without reading one first, the common case in a burst of
	// new clients. writeMu keeps another Write from adding the key
	// between this look and the transaction.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	for i := range offs {
		offs[i].fresh = !s.offKeys.mayContain(offs[i].key)
		s.offKeys.add(offs[i].key)
	}
	var removed []Ban
	var off time.Duration
	err := s.update(func(tx *bolt.Tx) error {
		removed = removed[:0]
		bans, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		for i, k := range append(dels, b.DeleteRaw...) {
			v := bans.Get(k)
			if v == nil {
				continue
			}
			old, err := decodeRecord(k, v)
			switch {
			case err != nil:
				// Removed all the same, named by its key and head: an
				// admin's unban of its prefix must not fail on the very
				// record it lifts (closing10).
				old = undecodableRecord(k, v, err).Ban()
				s.log.Warn("removed a ban record that cannot be decoded", "key", old.Undecodable.KeyHex(), "prefix", old.Prefix, "err", err)
			case i >= len(dels):
				continue // a raw delete: it decodes now (replaced meanwhile)
			}
			if err := bans.Delete(k); err != nil {
				return err
			}
			removed = append(removed, old)
		}
		for _, p := range puts {
			if err := bans.Put(p.key, p.val); err != nil {
				return err
			}
		}
		if len(forget) > 0 {
			hist, err := s.bucket(tx, bucketOffences)
			if err != nil {
				return err
			}
			for _, n := range forget {
				if err := forgetWithin(hist, n); err != nil {
					return err
				}
			}
		}
		if len(offs) > 0 {
			hist, err := s.bucket(tx, bucketOffences)
			if err != nil {
				return err
			}
			var vals []byte
			for _, o := range offs {
				if o.fresh {
					// One buffer for the new records' values, as for the bans.
					if vals == nil {
						vals = make([]byte, 0, len(offs)*(32+len(o.off.rule)))
					}
					at := len(vals)
					vals = appendOffences(vals, []offence{o.off})
					if err := hist.Put(o.key, vals[at:len(vals):len(vals)]); err != nil {
						return err
					}
					continue
				}
				if err := s.addOffence(hist, o.key, o.off); err != nil {
					return err
				}
			}
		}
		if len(poss) > 0 || len(b.DropPositions) > 0 {
			pos, err := s.bucket(tx, bucketPositions)
			if err != nil {
				return err
			}
			for _, id := range b.DropPositions {
				if err := pos.Delete(positionKey(id)); err != nil {
					return err
				}
			}
			for _, p := range poss {
				if err := pos.Put(p.key, p.val); err != nil {
					return err
				}
			}
		}
		if b.AddLifts != nil && !b.AddLifts.Empty() {
			if err := addLifts(tx, s, *b.AddLifts); err != nil {
				return err
			}
		}
		if len(puts) > 0 {
			if err := s.markHeldBans(tx); err != nil {
				return err
			}
			// The times just written are in the writer's clock: its
			// offset goes with them (frame.go).
			off, err = s.recordFrameOffset(tx)
			if err == nil {
				err = s.recordSeen(tx, seenBansEvery)
			}
		} else if err == nil {
			// Other writes carry the clocks' readings now and then
			// (seenEvery): a crash then loses little of the bound.
			err = s.recordSeen(tx, seenEvery)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("write state %s: %w", s.path, err)
	}
	if len(puts) > 0 {
		s.frameOffset.Store(int64(off))
		s.heldBans.Store(true)
	}
	return removed, nil
}

func checkTime(t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if sec := t.Unix(); sec <= 0 || sec >= maxUnixSeconds {
		return fmt.Errorf("time %s out of range", t.Format(time.RFC3339))
	}
	return nil
}

// forgetWithin deletes the offence records of keys inside network. Keys are
// family|address|bits, so they lie between network's first address and its
// last.
func forgetWithin(b *bolt.Bucket, network netip.Prefix) error {
	first, last := rawKey(network.Addr(), 0), rawKey(lastAddr(network), 0xff)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(first); k != nil && bytes.Compare(k, last) <= 0; k, _ = c.Next() {
		p, err := parsePrefixKey(k)
		if err != nil {
			return err
		}
		if p.Bits() >= network.Bits() && network.Contains(p.Addr()) {
			keys = append(keys, bytes.Clone(k))
		}
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
