package state

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// keyLastSeen (meta bucket): the last clock readings the writer made, in
// the transactions that write bans (at most every seenBansEvery), at
// Close, and at most every seenEvery with the other writes (no extra
// sync: the store's own transactions carry them): the writer's clock (Options.Now: the
// daemon's, in which it stores the bans' times, moved with them by the
// frame offset at Open, frame.go), CLOCK_MONOTONIC and
// the clock's identity (the boot id's 16 bytes and the time namespace's
// 8-byte inode number), as 8 + 8 bytes big-endian nanoseconds and the
// identity's 24 bytes (no monotonic reading: 8 bytes of zero and no id).
// A reading of the older version (the boot id alone, 16 bytes) counts as
// another clock: it cannot tell the time namespace it was taken in.
//
// Why the time namespace (review rev-enforce s15 item 1): a process in a
// time namespace (unshare -T --monotonic, CRIU restores, some container
// runtimes) shares the boot id and runs another CLOCK_MONOTONIC: a restart
// in a namespace 1 day ahead, with no wall step at all, read a step back of
// a day and moved every ban back by it (all lost). A kernel without time
// namespaces (no /proc/self/ns/time) gives no identity: then only a wall
// clock behind the last reading is told, as after a reboot.
//
// Why (session 15, enforce gap 2): bans are stored with wall-clock ends,
// and the daemon's clock absorbs the steps it sees while it runs
// (daemon/clockstep.go), but a step WHILE IT IS STOPPED reached every ban:
// the wall clock set back an hour made every ban last an hour longer
// (`end - now` grew by the step), set forward it cut them short by as
// much. At Open the readings tell the step apart from the time that
// passed: on the same boot the monotonic clock measures that time
// exactly, and the wall clock moved by it plus the step; every stored ban
// is moved by the step, so it keeps the time it had left (within the
// microseconds between two readings, and counting a suspend as a step,
// as the running daemon does: the kernel's timeouts stop in a suspend
// too). After a reboot (another boot id) only a wall clock behind the
// last reading is a step that can be told: the bans are moved back by it,
// so a ban has at most end - max(now, last seen) left. A forward step
// across a reboot cannot be told from the machine being off; the bans
// then end by the wall clock.
const keyLastSeen = "last-seen"

// seenEvery spaces the readings recorded by writes that store no ban (an
// offence, a position): each costs a meta page in its transaction, no
// extra sync. A crash loses at most this much of the backward bound.
const seenEvery = 10 * time.Second

// stoppedSlack: a difference between the wall and monotonic elapsed times
// at or below it is not a step: the two readings are microseconds apart,
// but a loaded machine may stop the reader between them, and NTP slews
// both clocks alike. The tolerance is 1 s.
const stoppedSlack = time.Second

// seen is one set of readings.
type seen struct {
	wall time.Time
	mono time.Duration // CLOCK_MONOTONIC; 0: not read
	boot []byte        // the clock's identity (boot id + time namespace); nil: not read
}

// bootIDLen and timeNSLen: the parts of a reading's clock identity.
const (
	bootIDLen = 16
	timeNSLen = 8
)

// readClocks reads the writer's clock (s.now) and the monotonic clock
// and boot id of this machine.
func (s *Store) readClocks() seen {
	r := seen{wall: s.now().Round(0), boot: s.clock}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err == nil && s.clock != nil {
		r.mono = time.Duration(ts.Nano()) + s.monoShift
	}
	if r.mono == 0 {
		r.boot = nil
	}
	return r
}

// bootID reads /proc/sys/kernel/random/boot_id as 16 bytes (nil when it
// cannot be read: then only the backward bound holds).
func bootID() []byte {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return nil
	}
	id, err := hex.DecodeString(strings.ReplaceAll(string(bytes.TrimSpace(b)), "-", ""))
	if err != nil || len(id) != 16 {
		return nil
	}
	return id
}

// timeNS reads the inode number of this process's time namespace
// (readlink /proc/self/ns/time: "time:[4026531834]") as 8 bytes, nil when
// it cannot be read (a kernel before 5.6): then the monotonic clock cannot
// be trusted to be the one of the last reading.
func timeNS() []byte {
	l, err := os.Readlink("/proc/self/ns/time")
	if err != nil {
		return nil
	}
	v, ok := strings.CutPrefix(l, "time:[")
	if !ok {
		return nil
	}
	v, ok = strings.CutSuffix(v, "]")
	if !ok {
		return nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return nil
	}
	return binary.BigEndian.AppendUint64(nil, n)
}

// clockID is the identity of the monotonic clock: boot id and time
// namespace, nil when either is unknown.
func clockID(boot, ns []byte) []byte {
	if len(boot) != bootIDLen || len(ns) != timeNSLen {
		return nil
	}
	return append(append([]byte(nil), boot...), ns...)
}

func (r seen) encode() []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(r.wall.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, uint64(r.mono))
	return append(b, r.boot...)
}

func decodeSeen(v []byte) (seen, bool) {
	if len(v) != 16 && len(v) != 16+bootIDLen && len(v) != 16+bootIDLen+timeNSLen {
		return seen{}, false
	}
	r := seen{wall: time.Unix(0, int64(binary.BigEndian.Uint64(v))), mono: time.Duration(binary.BigEndian.Uint64(v[8:]))}
	// Only a whole identity (boot id + time namespace) is kept: an older
	// reading with the boot id alone cannot tell another time namespace's
	// monotonic clock from this one's, so it is read as another boot.
	if len(v) == 16+bootIDLen+timeNSLen {
		r.boot = append([]byte(nil), v[16:]...)
	}
	return r, true
}

// seenBansEvery spaces the readings recorded with ban writes: a ban
// started after the last one recorded may, after a step back across a
// reboot, start up to this much after the moment the bans are moved to
// (so last up to this much longer than decided: within the 1 s).
// A busy daemon writes bans many times a second; a reading each time
// cost an extra meta page per transaction.
const seenBansEvery = time.Second

// recordSeen writes the clocks' readings in tx: with bans written at most
// every seenBansEvery, else at most every seenEvery. Close passes
// every = 0: always.
func (s *Store) recordSeen(tx *bolt.Tx, every time.Duration) error {
	r := s.readClocks()
	if last := s.seenAt.Load(); every > 0 && r.wall.UnixNano()-last < int64(every) && r.wall.UnixNano() >= last {
		return nil
	}
	meta, err := s.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put([]byte(keyLastSeen), r.encode()); err != nil {
		return err
	}
	tx.OnCommit(func() { s.seenAt.Store(r.wall.UnixNano()) })
	return nil
}

// StoppedStep is what Open did about a wall-clock step while no daemon
// ran: the step (0: none told), the bans moved by it and how it was told.
type StoppedStep struct {
	Step  time.Duration // positive: the wall clock went forward
	Bans  int
	How   string // "same boot: against the monotonic clock" or "after a reboot: the wall clock behind the last reading"
	Found bool
}

// String says it for status and the log.
func (st StoppedStep) String() string {
	if !st.Found {
		return ""
	}
	dir := "back"
	step := -st.Step
	if st.Step > 0 {
		dir, step = "forward", st.Step
	}
	return fmt.Sprintf("the wall clock went %s %v while the daemon was stopped (%s): %d stored bans moved by it, so they keep the time they had left",
		dir, step.Round(time.Millisecond), st.How, st.Bans)
}

// StoppedStep reports what Open did about a step while stopped.
func (s *Store) StoppedStep() StoppedStep { return s.stopped }

// applyStoppedStep compares the readings the last writer recorded with
// the clocks now and moves every stored ban by the step found, in one
// transaction that records the readings of now (so a crash cannot move
// them twice). It runs after applyFrameOffset: the bans are then in the
// wall-clock time of the last reading.
func (s *Store) applyStoppedStep() (StoppedStep, error) {
	var out StoppedStep
	err := s.update(func(tx *bolt.Tx) error {
		out = StoppedStep{}
		meta, err := s.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		last, ok := decodeSeen(meta.Get([]byte(keyLastSeen)))
		now := s.readClocks()
		var step time.Duration
		switch {
		case ok && last.boot != nil && now.boot != nil && bytes.Equal(last.boot, now.boot) && last.mono != 0 && now.mono >= last.mono:
			step = now.wall.Sub(last.wall) - (now.mono - last.mono)
			out.How = "same boot: measured against the monotonic clock"
		case ok && now.wall.Before(last.wall):
			step = now.wall.Sub(last.wall)
			out.How = "after a reboot or without a monotonic reading: the wall clock behind the last one recorded"
		default:
			// No reading to trust (a store of the older version, a crash
			// before the first reading: review rev-enforce s15 item 3, a
			// step back of a day left a 1 h ban with 1d0h and a start in
			// the future): a ban that starts after now proves the clock
			// went back at least that far. Moved by it, the newest ban
			// starts now and every ban keeps its decided duration at most.
			latest, err := s.latestBanStart(tx)
			if err != nil {
				return err
			}
			if now.wall.Before(latest) {
				step = now.wall.Sub(latest)
				out.How = "no reading of the clocks to trust: the newest stored ban starts after now"
			}
		}
		if step <= stoppedSlack && step >= -stoppedSlack {
			return nil
		}
		if step > maxFrameOffset || step < -maxFrameOffset {
			s.log.Error("state store: a wall-clock step while stopped beyond the bound: not applied", "step", step, "bound", maxFrameOffset)
			return nil
		}
		n, err := s.shiftBans(tx, step)
		if err != nil {
			return err
		}
		out.Step, out.Bans, out.Found = step, n, true
		return meta.Put([]byte(keyLastSeen), now.encode())
	})
	if err != nil {
		return StoppedStep{}, fmt.Errorf("move the stored bans by a wall-clock step while stopped in %s: %w", s.path, err)
	}
	return out, nil
}

// latestBanStart is the latest start of a stored ban (zero: none).
func (s *Store) latestBanStart(tx *bolt.Tx) (time.Time, error) {
	bans, err := s.bucket(tx, bucketBans)
	if err != nil {
		return time.Time{}, err
	}
	var latest time.Time
	c := bans.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) < 1 || (v[0] != recordV1 && v[0] != recordV2) {
			continue
		}
		r := reader{b: v[1:]}
		if n := r.varint(); r.err == nil && n != 0 {
			if t := timeOf(n); t.After(latest) {
				latest = t
			}
		}
	}
	return latest, nil
}
