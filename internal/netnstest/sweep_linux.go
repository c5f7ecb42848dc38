//go:build linux

package netnstest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// A test binary killed by go test's -timeout, or a CI job stopped half way,
// never runs t.Cleanup: its namespaces would stay in /run/netns forever.
// So each name says who made it, and New removes the names whose maker is
// gone. The name holds the maker's pid namespace, pid and start time (field
// 22 of /proc/<pid>/stat, in clock ticks since boot): a pid alone could have
// been reused by an unrelated process, and a pid from another pid namespace
// means nothing here, so such names are never touched.
const ownedPrefix = "guardctl-test-p"

// creator identifies a process as the names record it.
type creator struct {
	pidNS uint64 // inode of /proc/<pid>/ns/pid
	pid   int
	start uint64 // field 22 of /proc/<pid>/stat
}

// self returns the calling process as seen through /proc, so the pid and
// start time are the ones a sweeper reading the same /proc will find.
func self() (creator, error) {
	pid, start, err := readStat("/proc/self/stat")
	if err != nil {
		return creator{}, err
	}
	ns, err := pidNamespace()
	if err != nil {
		return creator{}, err
	}
	return creator{pidNS: ns, pid: pid, start: start}, nil
}

func pidNamespace() (uint64, error) {
	link, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return 0, fmt.Errorf("pid namespace: %w", err)
	}
	// "pid:[4026531836]"
	inner, ok := strings.CutPrefix(link, "pid:[")
	if !ok || !strings.HasSuffix(inner, "]") {
		return 0, fmt.Errorf("pid namespace: unexpected link %q", link)
	}
	return strconv.ParseUint(strings.TrimSuffix(inner, "]"), 10, 64)
}

// readStat returns the pid and start time in a /proc/<pid>/stat file. The
// command name (field 2) may hold spaces and parentheses, so the fields
// are counted from its last ')'.
func readStat(path string) (pid int, start uint64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	s := string(b)
	open, end := strings.IndexByte(s, ' '), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return 0, 0, fmt.Errorf("%s: malformed", path)
	}
	if pid, err = strconv.Atoi(s[:open]); err != nil {
		return 0, 0, fmt.Errorf("%s: pid: %w", path, err)
	}
	rest := strings.Fields(s[end+1:]) // rest[0] is field 3 (state)
	if len(rest) < 20 {
		return 0, 0, fmt.Errorf("%s: %d fields after the command", path, len(rest))
	}
	if start, err = strconv.ParseUint(rest[19], 10, 64); err != nil {
		return 0, 0, fmt.Errorf("%s: start time: %w", path, err)
	}
	return pid, start, nil
}

// name returns a namespace name owned by c; suffix tells apart the
// namespaces of one process.
func (c creator) name(suffix string) string {
	return fmt.Sprintf("%s%d-%d-%d-%s", ownedPrefix, c.pidNS, c.pid, c.start, suffix)
}

// parseName returns the creator a namespace name records, false when the
// name is not of that form (another tool's, or an older guardctl-test-<hex>
// whose maker cannot be known: those are left alone).
func parseName(name string) (creator, bool) {
	rest, ok := strings.CutPrefix(name, ownedPrefix)
	if !ok {
		return creator{}, false
	}
	f := strings.Split(rest, "-")
	if len(f) != 4 || f[3] == "" {
		return creator{}, false
	}
	var c creator
	var err1, err2, err3 error
	c.pidNS, err1 = strconv.ParseUint(f[0], 10, 64)
	c.pid, err2 = strconv.Atoi(f[1])
	c.start, err3 = strconv.ParseUint(f[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || c.pid <= 0 {
		return creator{}, false
	}
	return c, true
}

// gone reports whether the process c is certainly dead: no such pid, or
// that pid now belongs to a process started at another time. Anything
// unsure (another pid namespace, an unreadable stat) counts as alive.
func (c creator) gone(me creator) bool {
	if c.pidNS != me.pidNS {
		return false
	}
	_, start, err := readStat(fmt.Sprintf("/proc/%d/stat", c.pid))
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	return start != c.start
}

// sweep deletes the namespaces in dir that a dead guardctl test process
// left behind and returns their names. Another sweeper may delete the same
// name at the same moment: a name that is gone afterwards is no error.
func sweep(dir string, me creator) (removed []string, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		c, ok := parseName(e.Name())
		if !ok || !c.gone(me) {
			continue
		}
		out, derr := exec.Command("ip", "netns", "delete", e.Name()).CombinedOutput()
		if _, serr := os.Lstat(dir + "/" + e.Name()); errors.Is(serr, fs.ErrNotExist) {
			if derr == nil {
				removed = append(removed, e.Name())
			}
			continue
		}
		errs = append(errs, fmt.Errorf("ip netns delete %s (left by dead pid %d): %v: %s", e.Name(), c.pid, derr, out))
	}
	return removed, errors.Join(errs...)
}
