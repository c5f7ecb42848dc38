package state

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyFrameOffset (meta bucket): how far the writer's clock was behind the
// wall clock (wall - writer's time), as 8 big-endian bytes of
// nanoseconds; absent when the two agree.
//
// Why (review rev-enforce2 s12 item 3): the daemon keeps its own clock,
// the wall clock minus the steps it has seen while running, so that a
// wall-clock step neither lifts nor stretches bans; it stores ban times
// in that clock. A restart reads the wall clock again, so a ban stored
// after a forward step of a day read as a day older than it was: dropped
// at once. The daemon now records its offset here (SetFrameOffset) as
// soon as it sees a step, and the next Open shifts every stored ban by it
// into wall-clock time, in one transaction with the offset's removal, so
// a crash between the two cannot shift twice or not at all.
//
// Offences are not shifted: they are kept in event time (the log's
// timestamps), not in the daemon's clock.
const keyFrameOffset = "frame-offset"

// maxFrameOffset: a recorded offset beyond it is refused at Open (a
// corrupt value, not a step a running daemon saw).
const maxFrameOffset = 366 * 24 * time.Hour

// FrameOffsetProblem is what Open found wrong with the recorded clock
// offset (ignored), or "".
func (s *Store) FrameOffsetProblem() string { return s.frameProblem }

// SetFrameOffset records that the times written from now on (and those
// already stored) are off the wall clock by off: wall = stored + off.
// The next Open moves them into wall-clock time. It is durable when it
// returns; writing the value already stored costs nothing. With a source
// set (SetFrameOffsetSource) the source's value, read inside the
// transaction, is written instead, so that of two writers the one that
// commits last writes the newest offset.
func (s *Store) SetFrameOffset(off time.Duration) error {
	if s.frameSource() == nil && s.frameOffset.Load() == int64(off) {
		return nil
	}
	var wrote time.Duration
	err := s.update(func(tx *bolt.Tx) error {
		if src := s.frameSource(); src != nil {
			off = src()
		}
		wrote = off
		return s.putFrameOffset(tx, off)
	})
	if err != nil {
		return fmt.Errorf("record the clock offset in %s: %w", s.path, err)
	}
	s.frameOffset.Store(int64(wrote))
	return nil
}

// SetFrameOffsetSource makes every write of bans (Write, ExpireBans) and
// Close record src's offset in the same transaction (review rev-enforce
// s13 item 1): a save on another goroutine after the ban's write left a
// window where a crash or a stop kept a ban written in the daemon's clock
// without the offset that says how to read it, and the next start dropped
// it. src must not write to the store (it runs inside a transaction).
func (s *Store) SetFrameOffsetSource(src func() time.Duration) {
	s.frameSrc.Store(&src)
}

func (s *Store) frameSource() func() time.Duration {
	if p := s.frameSrc.Load(); p != nil {
		return *p
	}
	return nil
}

// recordFrameOffset writes the source's offset in tx when it differs from
// the one stored; it returns the value to remember once tx commits.
func (s *Store) recordFrameOffset(tx *bolt.Tx) (time.Duration, error) {
	src := s.frameSource()
	if src == nil {
		return time.Duration(s.frameOffset.Load()), nil
	}
	off := src()
	if int64(off) == s.frameOffset.Load() {
		return off, nil
	}
	return off, s.putFrameOffset(tx, off)
}

func (s *Store) putFrameOffset(tx *bolt.Tx, off time.Duration) error {
	meta, err := s.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	if off == 0 {
		return meta.Delete([]byte(keyFrameOffset))
	}
	return meta.Put([]byte(keyFrameOffset), binary.BigEndian.AppendUint64(nil, uint64(off)))
}

// saveFrameOffsetAtClose records the source's offset (and the clocks'
// readings) before the file is closed: a step seen by no reading since the last write (an idle daemon
// reads its clock every HealthEvery) is caught by the source's reading.
func (s *Store) saveFrameOffsetAtClose() error {
	var off time.Duration
	err := s.guarded(func() error {
		return s.db.Update(func(tx *bolt.Tx) (err error) {
			if off, err = s.recordFrameOffset(tx); err != nil {
				return err
			}
			// The clocks' last readings, for a step while stopped
			// (seen.go).
			return s.recordSeen(tx, 0)
		})
	})
	if err != nil {
		return fmt.Errorf("record the clock offset in %s at close: %w", s.path, err)
	}
	s.frameOffset.Store(int64(off))
	return nil
}

// FrameOffset is the offset last recorded (0 after Open: Open moves the
// stored times into wall-clock time).
func (s *Store) FrameOffset() time.Duration { return time.Duration(s.frameOffset.Load()) }

// applyFrameOffset moves the stored bans by the offset a previous run
// recorded, into wall-clock time, and removes the offset, in one
// transaction. A value of the wrong length or beyond maxFrameOffset is
// removed without moving anything, and said in bad. A record that cannot be decoded far enough to find its
// times is left as it is (the readers skip it and count it).
func (s *Store) applyFrameOffset() (shifted int, off time.Duration, bad string, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		bad = ""
		meta, err := s.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		v := meta.Get([]byte(keyFrameOffset))
		if v == nil {
			return nil
		}
		if len(v) != 8 {
			// Not worth the store (review rev-enforce s13 item 6): the
			// bans are kept in the times they were stored in, the key
			// goes, and the log and status say so.
			bad = fmt.Sprintf("the recorded clock offset (meta key %s) is %d bytes, want 8: ignored and removed, stored ban times kept as they are (off by a wall-clock step the last run saw, if any)", keyFrameOffset, len(v))
			return meta.Delete([]byte(keyFrameOffset))
		}
		off = time.Duration(binary.BigEndian.Uint64(v))
		if off > maxFrameOffset || off < -maxFrameOffset {
			// No step this large happens to a running daemon; moving
			// every ban by it would end them all (or make them last for
			// centuries) without a word. Refused, logged, times kept.
			bad = fmt.Sprintf("the recorded clock offset (meta key %s) is %v, beyond %v: not applied and removed, stored ban times kept as they are", keyFrameOffset, off, maxFrameOffset)
			off = 0
			return meta.Delete([]byte(keyFrameOffset))
		}
		if shifted, err = s.shiftBans(tx, off); err != nil {
			return err
		}
		// The last readings of the writer's clock are in its frame too
		// (seen.go): moved in the same transaction.
		if last, ok := decodeSeen(meta.Get([]byte(keyLastSeen))); ok {
			last.wall = last.wall.Add(off)
			if err := meta.Put([]byte(keyLastSeen), last.encode()); err != nil {
				return err
			}
		}
		return meta.Delete([]byte(keyFrameOffset))
	})
	if err != nil {
		return 0, 0, "", fmt.Errorf("move the stored bans by the recorded clock offset in %s: %w", s.path, err)
	}
	return shifted, off, bad, nil
}

// shiftBans moves the start and end of every stored ban by off in tx
// (shiftBanTimes) and returns how many it moved.
func (s *Store) shiftBans(tx *bolt.Tx, off time.Duration) (int, error) {
	bans, err := s.bucket(tx, bucketBans)
	if err != nil {
		return 0, err
	}
	type rec struct{ k, v []byte }
	var moved []rec
	c := bans.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if nv, ok := shiftBanTimes(v, off); ok {
			moved = append(moved, rec{append([]byte(nil), k...), nv})
		}
	}
	for _, r := range moved {
		if err := bans.Put(r.k, r.v); err != nil {
			return 0, err
		}
	}
	return len(moved), nil
}

// shiftBanTimes returns the record v with its start and end (when not
// zero: permanent) moved by off, every other byte as it was (the record's
// version and what it implies stay).
func shiftBanTimes(v []byte, off time.Duration) ([]byte, bool) {
	if len(v) < 1 || (v[0] != recordV1 && v[0] != recordV2) {
		return nil, false
	}
	r := reader{b: v[1:]}
	start, end := r.varint(), r.varint()
	if r.err != nil {
		return nil, false
	}
	move := func(n int64) time.Time {
		if n == 0 {
			return time.Time{}
		}
		return timeOf(n).Add(off)
	}
	ns, ne := move(start), move(end)
	if checkTime(ns) != nil || checkTime(ne) != nil {
		return nil, false
	}
	out := append([]byte{v[0]}, appendTime(nil, ns)...)
	out = appendTime(out, ne)
	return append(out, r.b...), true
}
