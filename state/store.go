// Package state is guardctl's durable memory: active bans, the offence
// history that makes escalation span restarts and days, and per-file read
// positions. It is one bbolt file in the state directory; every write is one
// transaction that is fsync'd before the call returns, so a ban is durable
// before it is reported. The package knows nothing about the kernel or rules.
package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FileName is the store's file inside the state directory.
const FileName = "guardctl.db"

// SchemaVersion is the layout this package reads and writes. A file with a
// newer version is refused (SchemaError) rather than misread.
const SchemaVersion = 1

// Bucket and key names. Strings, so that nothing package-level is mutable.
const (
	bucketMeta      = "meta"
	bucketBans      = "bans"
	bucketOffences  = "offences"
	bucketPositions = "positions"
	keySchema       = "schema"
)

func dataBuckets() []string { return []string{bucketBans, bucketOffences, bucketPositions} }

// Defaults for zero Options fields.
const (
	DefaultLockTimeout       = time.Second
	DefaultMaxOffencesPerKey = 64
	DefaultMaxOffenceKeys    = 250_000
)

// Options tune Open. The zero value is usable.
type Options struct {
	// Now is the wall clock, used where a caller leaves a time zero.
	Now func() time.Time
	// bootID replaces this boot's id (tests: a reboot); timeNS this
	// process's time namespace and monoShift is added to CLOCK_MONOTONIC
	// (tests: a restart in another time namespace).
	bootID    []byte
	timeNS    []byte
	monoShift time.Duration
	// Logger receives errors that an interface cannot return (Offences).
	Logger *slog.Logger
	// LockTimeout bounds the wait for the file lock another process holds;
	// after it Open fails with a *LockedError instead of hanging.
	LockTimeout time.Duration
	// MaxOffencesPerKey keeps only the newest entries of one client's history.
	MaxOffencesPerKey int
	// MaxOffenceKeys caps the clients with a history; PruneOffences drops
	// the ones whose last offence is oldest beyond it.
	MaxOffenceKeys int
}

// Store is an open state file. Its methods are safe for concurrent use;
// bbolt serializes writers and lets readers run alongside.
type Store struct {
	db   *bolt.DB
	path string
	now  func() time.Time
	log  *slog.Logger
	// clock: the monotonic clock's identity, for the last-seen readings (seen.go);
	// seenAt: the time of the last one recorded (UnixNano);
	// stopped: what Open did about a step while stopped.
	clock     []byte // the monotonic clock's identity: boot id + time namespace (clockID)
	monoShift time.Duration
	seenAt    atomic.Int64
	stopped   StoppedStep

	maxPerKey int
	maxKeys   int
	// offKeys: which clients may have an offence history (keyfilter.go).
	offKeys *keyFilter
	// writeMu orders Write's look into offKeys with its transaction: a
	// key the filter did not hold has no history to read and merge, and
	// no concurrent Write may give it one meanwhile.
	writeMu sync.Mutex
	// faulted: the error of the first fault on the file's mapping; every
	// call then fails with it (guarded).
	faulted atomic.Pointer[CorruptError]
	// corruptDropped counts ended ban records ExpireBans removed although
	// they could not be decoded (CorruptDropped).
	corruptDropped atomic.Uint64
	// corruptUnreadable: ban records the last expiry walk could not read
	// (CorruptUnreadable).
	corruptUnreadable atomic.Uint64
	// readSkipped: ban records the last reader (listing, Covering) skipped
	// as undecodable; only to log a change.
	readSkipped atomic.Uint64
	// frameOffset: the clock offset last recorded (frame.go).
	frameOffset atomic.Int64
	// frameSrc: the writer's clock offset, recorded with every ban write
	// and at Close (SetFrameOffsetSource).
	frameSrc atomic.Pointer[func() time.Duration]
	// heldBans: a ban was ever written to the store (heldbans.go).
	heldBans atomic.Bool
	// frameProblem: what Open found wrong with the recorded offset.
	frameProblem string
	// dbMu: every transaction holds it shared; Recreate holds it alone
	// while it moves the store to a new file (db changes).
	dbMu sync.RWMutex
}

// Errors callers can test with errors.Is.
var (
	// ErrLocked: another process has the state file open.
	ErrLocked = errors.New("state file is locked")
	// ErrCorrupt: the file is not a readable guardctl state file.
	ErrCorrupt = errors.New("state file is corrupt")
	// ErrNewerSchema: the file was written by a newer guardctl.
	ErrNewerSchema = errors.New("state file has a newer schema")
)

// CorruptError says what is wrong with a state file. It unwraps to ErrCorrupt.
type CorruptError struct {
	Path   string
	Detail string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("state file %s is corrupt: %s (move it aside to start with an empty store)", e.Path, e.Detail)
}

func (e *CorruptError) Unwrap() error { return ErrCorrupt }

// SchemaError reports a file written with a schema this build does not know.
// It unwraps to ErrNewerSchema.
type SchemaError struct {
	Path  string
	Found uint32
	Known uint32
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("state file %s has schema version %d, this guardctl knows up to %d: upgrade guardctl", e.Path, e.Found, e.Known)
}

func (e *SchemaError) Unwrap() error { return ErrNewerSchema }

// Open opens (creating if needed) the store in dir: the directory with mode
// 0700, the file FileName with mode 0600. It reads and verifies the whole
// file before returning (page structure, schema version, every record), so
// a damaged file is an error here (*CorruptError, the file left untouched)
// and never a crash later (only a ban record that cannot be decoded is kept,
// skipped and counted instead: CorruptUnreadable); a file from a newer guardctl is *SchemaError. A
// file held by another process gives *LockedError after Options.LockTimeout.
func Open(dir string, opts Options) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open state: empty directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open state: %w", err)
	}
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	s := &Store{
		path:      filepath.Join(dir, FileName),
		now:       opts.Now,
		log:       opts.Logger,
		maxPerKey: opts.MaxOffencesPerKey,
		maxKeys:   opts.MaxOffenceKeys,
	}
	if s.now == nil {
		s.now = time.Now
	}
	boot, ns := opts.bootID, opts.timeNS
	if boot == nil {
		boot = bootID()
	}
	if ns == nil {
		ns = timeNS()
	}
	s.clock, s.monoShift = clockID(boot, ns), opts.monoShift
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxPerKey <= 0 {
		s.maxPerKey = DefaultMaxOffencesPerKey
	}
	if s.maxKeys <= 0 {
		s.maxKeys = DefaultMaxOffenceKeys
	}
	s.offKeys = newKeyFilter(s.maxKeys)
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}

	_, statErr := os.Stat(s.path)
	created := errors.Is(statErr, fs.ErrNotExist)
	db, err := openBolt(s.path, timeout, !created)
	if err != nil {
		if created {
			dropEmpty(s.path, err)
		}
		return nil, err
	}
	s.db = db
	if err := s.prepare(); err != nil {
		_ = db.Close()
		if created {
			dropEmpty(s.path, err)
		}
		return nil, err
	}
	if err := s.loadHeldBans(); err != nil {
		_ = db.Close()
		return nil, err
	}
	// Bans stored by a daemon whose clock was off the wall clock (it had
	// seen a step) are moved into wall-clock time (frame.go).
	if n, off, bad, err := s.applyFrameOffset(); err != nil {
		_ = db.Close()
		return nil, err
	} else if bad != "" {
		s.frameProblem = bad
		s.log.Error("state store: " + bad)
	} else if off != 0 {
		s.log.Warn("stored ban times moved into wall-clock time: the last run's clock was off the wall clock by a step it had seen",
			"offset", off.Round(time.Millisecond), "bans", n)
	}
	// And by a step of the wall clock while no daemon ran (seen.go).
	if st, err := s.applyStoppedStep(); err != nil {
		_ = db.Close()
		return nil, err
	} else if st.Found {
		s.stopped = st
		s.log.Warn("state store: " + st.String())
	}
	if created {
		// bbolt syncs the file, not the directory entry naming it; without
		// this a power cut could lose a new store with its first bans.
		if err := syncDir(dir); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	return s, nil
}

// dropEmpty removes the store file this Open created when its setup failed
// and left it empty (a full disk at the first start): an existing empty
// file is refused as damaged, so it would block every later start
// (review rev-enforce2 s12 item 4). A file another process holds (its
// lock) or one with pages in it is left alone.
func dropEmpty(path string, why error) {
	var le *LockedError
	if errors.As(why, &le) {
		return
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		_ = os.Remove(path)
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync state directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync state directory %s: %w", dir, err)
	}
	return nil
}

// openBolt locks and checks the file, then opens it with bbolt.
//
// bbolt trusts the page structure of the file it maps: garbage can make it
// index out of range or touch memory past the end of a truncated file, which
// is a fault, not a panic. So the file is opened and locked here first,
// its structure checked by reading (checkLayout), and only then handed to
// bbolt through the OpenFile hook; bbolt's own flock on that same open file
// succeeds at once. Checking under the lock matters: a file another process
// is writing would look damaged half-way through a commit.
//
// As a second line, SetPanicOnFault turns faults on this goroutine into
// panics, recovered here as *CorruptError. bbolt's cleanup does not run
// after a panic, so the lock is released and the file closed here; the
// mapping leaks, which is acceptable on a path that ends in an error for the
// admin to act on. It is also why the lock is released explicitly: a
// mapping keeps the open file, and with it a flock, alive after Close.
//
// existed says the file was there before this Open: then an empty file is
// a damaged store (truncated to 0 while a daemon ran, review s12 item 8),
// refused like any other, not silently made a new one (which lost every
// reason, offence and read position, and adopted the kernel's bans).
func openBolt(path string, timeout time.Duration, existed bool) (db *bolt.DB, err error) {
	// O_NOFOLLOW: a symlink planted in the state directory must not make
	// a root daemon write through it to a file of the planter's choice.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("open state %s: is a symbolic link; refusing to follow it", path)
		}
		return nil, fmt.Errorf("open state: %w", err)
	}
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("open state %s: not a regular file (%s)", path, fi.Mode().Type())
	}
	if err := lockFile(f, timeout); err != nil {
		_ = f.Close()
		return nil, err
	}
	if err := checkFile(f, existed); err != nil {
		_ = f.Close()
		return nil, err
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			_ = f.Close()
			db, err = nil, &CorruptError{Path: path, Detail: fmt.Sprint(r)}
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout: timeout,
		OpenFile: func(string, int, os.FileMode) (*os.File, error) {
			return f, nil
		},
	})
	// On error bbolt has closed f.
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, lockedError(path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return nil, &CorruptError{Path: path, Detail: err.Error()}
	default:
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
}

// lockFile takes the exclusive flock bbolt uses, polling until timeout
// (flock itself cannot time out).
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return fmt.Errorf("lock state file %s: %w", f.Name(), err)
		case time.Now().After(deadline):
			return lockedError(f.Name())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkFile checks the page structure of a non-empty file (see
// checkLayout); an empty one this Open created is new, and bbolt
// initializes it; one that existed empty is refused.
func checkFile(f *os.File, existed bool) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open state: %w", err)
	}
	if fi.Size() == 0 {
		if existed {
			return &CorruptError{Path: f.Name(), Detail: "the file is empty (0 bytes): truncated?"}
		}
		return nil
	}
	if err := checkLayout(f, fi.Size()); err != nil {
		return &CorruptError{Path: f.Name(), Detail: err.Error()}
	}
	return nil
}

// prepare creates the buckets of a new file, checks the schema of an old
// one and decodes every record, so that corruption shows now.
func (s *Store) prepare() (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: s.path, Detail: fmt.Sprint(r)}
		}
	}()

	fresh := false
	if err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		if meta == nil {
			// A crash between bbolt creating the file and our first
			// transaction leaves a valid file with no buckets: still new.
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return &CorruptError{Path: s.path, Detail: "not a guardctl state file (no schema)"}
			}
			fresh = true
			return nil
		}
		v := meta.Get([]byte(keySchema))
		if len(v) != 4 {
			return &CorruptError{Path: s.path, Detail: fmt.Sprintf("schema key is %d bytes, want 4", len(v))}
		}
		found := binary.BigEndian.Uint32(v)
		switch {
		case found > SchemaVersion:
			return &SchemaError{Path: s.path, Found: found, Known: SchemaVersion}
		case found < 1:
			return &CorruptError{Path: s.path, Detail: fmt.Sprintf("schema version %d", found)}
		}
		return s.verify(tx)
	}); err != nil {
		return err
	}
	if !fresh {
		return nil
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(keySchema), []byte{0, 0, 0, SchemaVersion}); err != nil {
			return err
		}
		for _, name := range dataBuckets() {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("initialize state %s: %w", s.path, err)
	}
	return nil
}

// verify decodes every record of a file with a known schema.
func (s *Store) verify(tx *bolt.Tx) error {
	corrupt := func(format string, a ...any) error {
		return &CorruptError{Path: s.path, Detail: fmt.Sprintf(format, a...)}
	}
	for _, name := range dataBuckets() {
		if tx.Bucket([]byte(name)) == nil {
			return corrupt("bucket %q missing", name)
		}
	}
	// A ban record that cannot be decoded is kept and skipped, as
	// ExpireBans and the readers do (it may be an active ban; refusing the
	// file refused the daemon's start, revops-s10), and counted in
	// CorruptUnreadable until the first expiry walk counts again.
	var bad badRecords
	if err := tx.Bucket([]byte(bucketBans)).ForEach(func(k, v []byte) error {
		p, err := parsePrefixKey(k)
		if err == nil {
			_, err = decodeBan(p, v)
		}
		if err != nil {
			bad.skip(k, err)
		}
		return nil
	}); err != nil {
		return err
	}
	if bad.n > 0 {
		s.corruptUnreadable.Store(bad.n)
		s.log.Error("ban records that cannot be decoded are kept (they may be active) and skipped", "records", bad.n, "first", bad.first)
	}
	if err := tx.Bucket([]byte(bucketOffences)).ForEach(func(k, v []byte) error {
		p, err := parsePrefixKey(k)
		if err != nil {
			return corrupt("offences: %v", err)
		}
		if _, err := decodeOffences(v); err != nil {
			return corrupt("offences %s: %v", p, err)
		}
		s.offKeys.add(k)
		return nil
	}); err != nil {
		return err
	}
	return tx.Bucket([]byte(bucketPositions)).ForEach(func(k, v []byte) error {
		id, err := parsePositionKey(k)
		if err != nil {
			return corrupt("positions: %v", err)
		}
		if _, err := decodePosition(id, v); err != nil {
			return corrupt("positions: %v", err)
		}
		return nil
	})
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error {
	if f := s.faulted.Load(); f != nil {
		// bbolt's Close would wait for the locks the fault left held;
		// the mapping and the file stay until the process exits.
		return fmt.Errorf("close state: %w", f)
	}
	s.dbMu.Lock()
	defer s.dbMu.Unlock()
	// The clock is read and its offset recorded here, synchronously: a
	// step since the last reading would otherwise never reach the file.
	if err := s.saveFrameOffsetAtClose(); err != nil {
		s.log.Error("a restart may move the bans stored since a wall-clock step by it", "err", err)
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close state %s: %w", s.path, err)
	}
	return nil
}

// bucket returns one of our buckets. Open created or verified all of them
// and nothing deletes them, so a miss means the file changed underneath us.
func (s *Store) bucket(tx *bolt.Tx, name string) (*bolt.Bucket, error) {
	b := tx.Bucket([]byte(name))
	if b == nil {
		return nil, &CorruptError{Path: s.path, Detail: fmt.Sprintf("bucket %q missing", name)}
	}
	return b, nil
}
