package state

import (
	"fmt"
	"os"
	"syscall"
)

// checkDir refuses a state directory that someone other than this process's
// user (or root) could write: whoever can write it can replace the store
// with a file of their own (crafted bans, or a symlink) or delete it, and a
// deleted store makes the next start adopt whatever the kernel holds.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open state: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("open state: %s is not a directory", dir)
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("open state: %s is writable by other users (mode %04o): chmod go-w %s", dir, perm, dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		if uid := os.Geteuid(); int(st.Uid) != uid && st.Uid != 0 {
			return fmt.Errorf("open state: %s belongs to uid %d, not to this user (uid %d) or root: chown %d %s", dir, st.Uid, uid, uid, dir)
		}
	}
	return nil
}
