package state

import (
	"bytes"
	"cmp"
	"fmt"
	"net/netip"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/guardctl/guardctl/ipprefix"
)

// Origin says who asked for a ban.
type Origin uint8

const (
	OriginAuto   Origin = 1 + iota // the detector
	OriginManual                   // an admin: guardctl ban
	OriginList                     // a configured block list
)

func (o Origin) valid() bool { return o >= OriginAuto && o <= OriginList }

func (o Origin) String() string {
	switch o {
	case OriginAuto:
		return "auto"
	case OriginManual:
		return "manual"
	case OriginList:
		return "list"
	}
	return fmt.Sprintf("origin(%d)", uint8(o))
}

// ParseOrigin is the inverse of String.
func ParseOrigin(s string) (Origin, error) {
	for o := OriginAuto; o <= OriginList; o++ {
		if s == o.String() {
			return o, nil
		}
	}
	return 0, fmt.Errorf("unknown origin %q; want auto, manual or list", s)
}

// MarshalText makes JSON output (guardctl list --json) read "auto".
func (o Origin) MarshalText() ([]byte, error) {
	if !o.valid() {
		return nil, fmt.Errorf("invalid origin %d", uint8(o))
	}
	return []byte(o.String()), nil
}

func (o *Origin) UnmarshalText(b []byte) error {
	v, err := ParseOrigin(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// Ban is a stored ban. Prefixes are stored normalized: masked, and an
// IPv4-mapped IPv6 prefix as its IPv4 form.
type Ban struct {
	Prefix  netip.Prefix
	Reason  string
	Rules   []string  // rule ids that made up the ban
	Start   time.Time // zero on Put: the store's clock
	Expires time.Time // zero: permanent
	Offence int       // 1 for a first offence, 2 for the next ...
	Origin  Origin
	// Node is the cluster node that decided the ban ("": this one).
	// NodeUnknown: read from a record without it (written before it was
	// kept, or a ban whose reason does not look like another node's: see
	// appendBan); the daemon then goes by the reason text.
	Node        string
	NodeUnknown bool
	// Undecodable is set on what Write reports it removed when the
	// record could not be decoded: then only Prefix, Expires and Reason
	// are known (from its key and head).
	Undecodable *Undecodable
}

// Active reports whether the ban still holds at now.
func (b Ban) Active(now time.Time) bool {
	return b.Expires.IsZero() || b.Expires.After(now)
}

func (b Ban) validate() error {
	if !b.Origin.valid() {
		return fmt.Errorf("invalid origin %d", uint8(b.Origin))
	}
	if err := checkTime(b.Start); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	if err := checkTime(b.Expires); err != nil {
		return fmt.Errorf("expires: %w", err)
	}
	if !b.Expires.IsZero() && !b.Expires.After(b.Start) {
		return fmt.Errorf("expires %s is not after start %s", b.Expires.Format(time.RFC3339), b.Start.Format(time.RFC3339))
	}
	if b.Offence < 0 || b.Offence > maxOffence {
		return fmt.Errorf("offence %d out of range", b.Offence)
	}
	if len(b.Reason) > maxString {
		return fmt.Errorf("reason is %d bytes, limit %d", len(b.Reason), maxString)
	}
	if len(b.Node) > maxString {
		return fmt.Errorf("node is %d bytes, limit %d", len(b.Node), maxString)
	}
	if len(b.Rules) > maxRules {
		return fmt.Errorf("%d rule ids, limit %d", len(b.Rules), maxRules)
	}
	for _, r := range b.Rules {
		if len(r) > maxString {
			return fmt.Errorf("rule id is %d bytes, limit %d", len(r), maxString)
		}
	}
	return nil
}

// PutBans stores bans in one transaction, replacing stored bans with the
// same prefix. When it returns nil the bans are on disk.
func (s *Store) PutBans(bans []Ban) error {
	_, err := s.Write(Batch{Put: bans})
	return err
}

// DeleteBans removes the bans with exactly these prefixes and returns the
// ones that were stored. Use Within to find the bans inside a network.
func (s *Store) DeleteBans(prefixes []netip.Prefix) ([]Ban, error) {
	return s.Write(Batch{Delete: prefixes})
}

// DeleteAllBans removes every ban and returns how many there were.
func (s *Store) DeleteAllBans() (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		n = b.Stats().KeyN
		if err := tx.DeleteBucket([]byte(bucketBans)); err != nil {
			return err
		}
		_, err = tx.CreateBucket([]byte(bucketBans))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete all bans in %s: %w", s.path, err)
	}
	return n, nil
}

// Ban returns the stored ban with exactly this prefix, expired or not; a
// record that cannot be decoded is not found (Undecodable lists it).
func (s *Store) Ban(prefix netip.Prefix) (Ban, bool, error) {
	k, p, err := prefixKey(prefix)
	if err != nil {
		return Ban{}, false, fmt.Errorf("look up ban: %w", err)
	}
	var (
		ban   Ban
		found bool
	)
	err = s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		v := b.Get(k)
		if v == nil {
			return nil
		}
		var derr error
		if ban, derr = decodeBan(p, v); derr != nil {
			// Skipped as by every reader: a ban of this prefix replaces
			// it (manualban.Record reads the old record first, and
			// failed here: an admin could not ban over it).
			var bad badRecords
			bad.skip(k, derr)
			s.skipped(bad)
			return nil
		}
		found = true
		return nil
	})
	if err != nil {
		return Ban{}, false, fmt.Errorf("look up ban %s: %w", p, err)
	}
	return ban, found, nil
}

// ActiveBans returns the bans that hold at now, ordered by prefix (IPv4
// first, then by address and length).
func (s *Store) ActiveBans(now time.Time) ([]Ban, error) {
	return s.scanBans(nil, func(b Ban) bool { return b.Active(now) })
}

// Bans returns every stored ban, expired ones included, ordered by prefix.
func (s *Store) Bans() ([]Ban, error) {
	return s.scanBans(nil, func(Ban) bool { return true })
}

// Within returns every stored ban inside network (network itself included),
// expired ones included, ordered by prefix: what "unban 10.0.0.0/8" removes.
func (s *Store) Within(network netip.Prefix) ([]Ban, error) {
	if !network.IsValid() {
		return nil, fmt.Errorf("bans within: invalid prefix %q", network)
	}
	network = ipprefix.Canonical(network)
	return s.scanBans(&network, func(b Ban) bool {
		return b.Prefix.Bits() >= network.Bits() && network.Contains(b.Prefix.Addr())
	})
}

// scanBans walks the bans, only the key range of within when it is set.
func (s *Store) scanBans(within *netip.Prefix, keep func(Ban) bool) ([]Ban, error) {
	var out []Ban
	var bad badRecords
	err := s.view(func(tx *bolt.Tx) error {
		out, bad = out[:0], badRecords{}
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		c := b.Cursor()
		var k, v, last []byte
		if within == nil {
			k, v = c.First()
		} else {
			// Keys are family|address|bits: the prefixes inside within
			// lie between its first address and its last.
			var first []byte
			first, last = rawKey(within.Addr(), 0), rawKey(lastAddr(*within), 0xff)
			k, v = c.Seek(first)
		}
		for ; k != nil; k, v = c.Next() {
			if last != nil && bytes.Compare(k, last) > 0 {
				break
			}
			p, err := parsePrefixKey(k)
			if err == nil {
				var ban Ban
				if ban, err = decodeBan(p, v); err == nil && keep(ban) {
					out = append(out, ban)
				}
			}
			if err != nil {
				bad.skip(k, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list bans in %s: %w", s.path, err)
	}
	s.skipped(bad)
	return out, nil
}

// badRecords counts the ban records a reader skipped: one it cannot
// decode may be an active ban, so it stays in the store (as in
// ExpireBans), but it must not fail every listing, unban of a range
// holding it, ban check or start (revops-s10: only expiry skipped it).
type badRecords struct {
	n     uint64
	first string
}

func (b *badRecords) skip(k []byte, err error) {
	b.n++
	if b.first == "" {
		b.first = fmt.Sprintf("key %x: %v", k, err)
	}
}

// skipped logs a reader's skipped records when their count differs from
// the last reader's (readers run often: each listing, cluster snapshot and
// ban check). Status counts them by ExpireBans's walk (CorruptUnreadable).
func (s *Store) skipped(bad badRecords) {
	if prev := s.readSkipped.Swap(bad.n); prev != bad.n && bad.n > 0 {
		s.log.Error("ban records that cannot be decoded are kept (they may be active) and skipped", "records", bad.n, "first", bad.first)
	}
}

// Covering returns the bans holding at now whose prefix contains addr, most
// specific first: is this client banned, and by what.
func (s *Store) Covering(addr netip.Addr, now time.Time) ([]Ban, error) {
	if !addr.IsValid() {
		return nil, fmt.Errorf("bans covering: invalid address %q", addr)
	}
	addr = addr.Unmap().WithZone("")
	var out []Ban
	var bad badRecords
	err := s.view(func(tx *bolt.Tx) error {
		out, bad = out[:0], badRecords{}
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		// At most 33 or 129 point lookups; cheaper than any range scan
		// because the covering prefixes are scattered across the key space.
		k := rawKey(addr, 0)
		for bits := addr.BitLen(); bits >= 0; bits-- {
			p := netip.PrefixFrom(addr, bits).Masked()
			k = appendRawKey(k[:0], p.Addr(), byte(bits))
			v := b.Get(k)
			if v == nil {
				continue
			}
			ban, err := decodeBan(p, v)
			if err != nil {
				bad.skip(k, err)
				continue
			}
			if ban.Active(now) {
				out = append(out, ban)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bans covering %s: %w", addr, err)
	}
	s.skipped(bad)
	return out, nil
}

// releaseEvery is how many records ExpireBans reads between two
// releaseMapped: a few hundred kB of leaf pages.
const releaseEvery = 2048

// ExpireBans removes the bans that no longer hold at now and returns them.
// The ended ones are found with a read transaction, which does not hold up
// writers (the daemon's ban batches) while it walks every ban; only those
// are then deleted, in one short write transaction.
func (s *Store) ExpireBans(now time.Time) ([]Ban, error) {
	var keys [][]byte
	var unreadable uint64
	var firstBad string
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		// Only the record's head (version, start, end) is read: decoding
		// every record's reason and rules made ~6 MB of garbage per walk
		// of 100,000 bans, every HealthEvery, most of the daemon's
		// allocation when idle (what grew its heap to the memory limit).
		// The ended ones are decoded, and so checked, whole below.
		unreadable, firstBad = 0, ""
		// The walk reads every record through bbolt's mmap: the pages it
		// brought in are let go every releaseEvery records and at the end
		// (releaseMapped), else the whole bucket stays resident.
		defer releaseMapped(tx)
		walked := 0
		return b.ForEach(func(k, v []byte) error {
			if walked++; walked%releaseEvery == 0 {
				releaseMapped(tx)
			}
			_, kerr := parsePrefixKey(k)
			end, err := banExpires(v)
			if err = cmp.Or(kerr, err); err != nil {
				// Neither whether it ended nor what it is can be read:
				// it may be an active ban, so it stays, but it must not
				// stop every other record's expiry (session 10: one
				// such record failed every ExpireBans). Counted, and
				// logged when the count changes.
				unreadable++
				if firstBad == "" {
					firstBad = fmt.Sprintf("key %x: %v", k, err)
				}
				return nil
			}
			if !end.IsZero() && !end.After(now) { // !Ban.Active(now)
				keys = append(keys, bytes.Clone(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("expire bans in %s: %w", s.path, err)
	}
	if prev := s.corruptUnreadable.Swap(unreadable); prev != unreadable && unreadable > 0 {
		s.log.Error("ban records whose head cannot be read are kept (they may be active) and skipped by expiry", "records", unreadable, "first", firstBad)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	var removed []Ban
	var dropped uint64
	err = s.update(func(tx *bolt.Tx) error {
		removed, dropped = removed[:0], 0
		b, err := s.bucket(tx, bucketBans)
		if err != nil {
			return err
		}
		for _, k := range keys {
			v := b.Get(k)
			if v == nil {
				continue // lifted meanwhile
			}
			p, err := parsePrefixKey(k)
			if err != nil {
				return err
			}
			ban, err := decodeBan(p, v)
			if err != nil {
				// Its head said ended: one undecodable record must not keep
				// every ended ban in the store (and the daemon from
				// starting, review revops-s9). It goes, named at error
				// level and counted; the key and head say what it was.
				end, herr := banExpires(v)
				if herr != nil || end.IsZero() || end.After(now) {
					return fmt.Errorf("ban %s: %w", p, err)
				}
				s.log.Error("removed an ended ban record that cannot be decoded", "prefix", p, "expired", end, "bytes", len(v), "err", err)
				if err := b.Delete(k); err != nil {
					return err
				}
				dropped++
				removed = append(removed, Ban{Prefix: p, Expires: end, Reason: "corrupt record"})
				continue
			}
			if ban.Active(now) {
				continue // banned again meanwhile
			}
			if err := b.Delete(k); err != nil {
				return err
			}
			removed = append(removed, ban)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("expire bans in %s: %w", s.path, err)
	}
	s.corruptDropped.Add(dropped)
	return removed, nil
}

// CorruptDropped is how many ended ban records ExpireBans removed because
// they could not be decoded (each logged at error level).
func (s *Store) CorruptDropped() uint64 { return s.corruptDropped.Load() }

// CorruptUnreadable is how many ban records the last ExpireBans walk
// could not read the head (or key) of: kept, skipped, and not expired.
func (s *Store) CorruptUnreadable() uint64 { return s.corruptUnreadable.Load() }

// view runs a read transaction, guarded against faults (guarded).
func (s *Store) view(fn func(*bolt.Tx) error) error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.guarded(func() error { return s.db.View(fn) })
}

// lastAddr is the highest address of a masked prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := addrBytes(p.Addr())
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
