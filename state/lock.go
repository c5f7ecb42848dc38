package state

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// LockedError reports that another process holds the state file. PID is the
// holder as the kernel lists it in /proc/locks, 0 when it cannot be found
// (another PID namespace, no /proc). It unwraps to ErrLocked.
type LockedError struct {
	Path string
	PID  int
}

func (e *LockedError) Error() string {
	who := "pid unknown"
	if e.PID > 0 {
		who = "pid " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("state file %s is locked by another guardctl (%s)", e.Path, who)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

func lockedError(path string) error {
	return &LockedError{Path: path, PID: lockHolder(path)}
}

// lockHolder finds the process holding a flock on path. bbolt locks with
// flock(2), and /proc/locks names each lock's file as major:minor:inode
// (device numbers in hex), so the file's stat identifies its line.
func lockHolder(path string) int {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	dev := uint64(st.Dev) // Dev is uint32 on some architectures
	want := fmt.Sprintf("%02x:%02x:%d", unix.Major(dev), unix.Minor(dev), st.Ino)

	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; blocked
		// waiters have a "->" field that shifts the rest by one.
		fields := strings.Fields(sc.Text())
		if len(fields) > 1 && fields[1] == "->" {
			continue
		}
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[5] != want {
			continue
		}
		if pid, err := strconv.Atoi(fields[4]); err == nil && pid > 0 {
			return pid
		}
	}
	return 0
}
