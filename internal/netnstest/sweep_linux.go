//go:build linux

package netnstest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// A test binary killed by go test's -timeout, or a CI job stopped half way,
// never runs t.Cleanup: its namespaces would stay in /run/netns for good.
// So the maker of a namespace holds a shared flock on a lock file named
// after it, from before the name exists until after it is deleted, and New
// deletes a name of ours only when it can take that lock exclusively: the
// kernel drops a lock when its last holder dies, whatever pid or time
// namespace the holder ran in and whether or not /proc shows it. (91c9f53
// judged liveness from /proc start times, which a time namespace shifts:
// it deleted live processes' namespaces.)
//
// Only names of the form ownedPrefix+<16 hex> whose lock file exists are
// ever deleted. Older forms (guardctl-test-<hex>, guardctl-test-p<pidns>-...)
// and a name without a lock file (its maker sees another lock directory, or
// is not netnstest) are never touched.
const ownedPrefix = "guardctl-test-l"

// lockDirName is the directory, beside netns under /run, holding one
// <name>.lock per namespace. Lock files are not kept in /run/netns itself:
// ip netns list and other tools read every entry there as a namespace.
const lockDirName = "guardctl-netnstest"

// lockDir returns the lock directory: the one of processes that share our
// /run, as the names in runDir are.
func lockDir() string {
	return filepath.Join(filepath.Dir(runDir()), lockDirName)
}

// newName returns a fresh name of our form.
func newName() (string, error) {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", err
	}
	return ownedPrefix + hex.EncodeToString(rnd[:]), nil
}

// owned reports whether name is of the form this package sweeps.
func owned(name string) bool {
	hexPart, ok := strings.CutPrefix(name, ownedPrefix)
	if !ok || len(hexPart) != 16 {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil && strings.ToLower(hexPart) == hexPart
}

// holdLock creates dir/<name>.lock already share-locked: the file is made
// under a temporary name, locked, then renamed, so a sweeper never finds a
// lock file of a live maker unlocked. The caller keeps the file open as long
// as the namespace may exist; closing it (or dying) lets a sweeper take it.
func holdLock(dir, name string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock directory: %w", err)
	}
	tmp := dir + "/.tmp-" + name
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock file: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_SH); err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("flock %s: %w", tmp, err)
	}
	final := lockPath(dir, name)
	if _, err := os.Lstat(final); err == nil {
		f.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("lock file %s exists already", final)
	}
	if err := os.Rename(tmp, final); err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("lock file: %w", err)
	}
	return f, nil
}

func lockPath(dir, name string) string { return dir + "/" + name + ".lock" }

// takeDead opens dir/<name>.lock and takes it exclusively without waiting.
// It returns nil, nil when the file does not exist or its maker (or another
// sweeper) holds it, or when the path no longer names the file locked (a
// sweeper removed it meanwhile).
func takeDead(dir, name string) (*os.File, error) {
	path := lockPath(dir, name)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, nil
		}
		return nil, fmt.Errorf("flock %s: %w", path, err)
	}
	var held, now unix.Stat_t
	if unix.Fstat(int(f.Fd()), &held) != nil || unix.Stat(path, &now) != nil ||
		held.Dev != now.Dev || held.Ino != now.Ino {
		f.Close()
		return nil, nil
	}
	return f, nil
}

// sweep deletes the namespaces in nsDir of our form whose lock file in
// lockDir no live process holds, removes their lock files, and returns
// their names. Another sweeper may delete the same name at the same moment:
// a name that is gone afterwards is no error.
func sweep(nsDir, lockDir string) (removed []string, err error) {
	entries, err := os.ReadDir(nsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", nsDir, err)
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if !owned(name) {
			continue
		}
		lock, err := takeDead(lockDir, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if lock == nil {
			continue
		}
		deleted, derr := deleteName(nsDir, name)
		if derr != nil {
			errs = append(errs, fmt.Errorf("%v (its maker is gone)", derr))
		} else {
			os.Remove(lockPath(lockDir, name))
		}
		if deleted {
			removed = append(removed, name)
		}
		lock.Close()
	}
	return removed, errors.Join(errs...)
}

// deleteName runs ip netns delete and reports whether it removed the name;
// a name already gone (another sweeper, or its maker's cleanup) is no error.
func deleteName(nsDir, name string) (bool, error) {
	if _, err := os.Lstat(nsDir + "/" + name); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	out, derr := exec.Command("ip", "netns", "delete", name).CombinedOutput()
	if _, err := os.Lstat(nsDir + "/" + name); errors.Is(err, fs.ErrNotExist) {
		return derr == nil, nil
	}
	return false, fmt.Errorf("ip netns delete %s: %v: %s", name, derr, out)
}
