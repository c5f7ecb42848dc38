package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkStoreFile compares the store's file with the one opened at start
// (review s12 item 7): deleted, replaced or truncated while the daemon
// runs, the store is failing although every write succeeds (bbolt writes
// on into the unlinked inode, and a restart finds no store: bans are then
// adopted from the kernel without their reasons, offences and read
// positions). A deleted file is written again at its path from the open
// one (state.Store.Recreate) and the store is healthy again; replaced or
// truncated, status says FAILING with what happened and how to recover,
// and the error is logged once. Writes go on (they still reach the open
// file until the restart), so nothing is enforced differently.
func (d *Daemon) checkStoreFile() {
	d.saveClockOffset() // a save that failed at the step is tried again here
	if d.store == nil || d.storeFile == nil {
		return
	}
	path := d.store.Path()
	problem := ""
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		// Deleted: written again from the open file, which still holds
		// everything (session 13); status said FAILING until a restart,
		// and a crash meanwhile started from an empty store.
		if rerr := d.store.Recreate(); rerr != nil {
			problem = fmt.Sprintf("store file %s deleted while running and could not be written again (%v): the bans are kept in memory and the kernel, but a restart starts from an empty store (reasons, offences and read positions lost); free the problem and the next check writes it, or restart guardctl to write a new store from the kernel's bans", path, rerr)
		} else if fi, err = os.Stat(path); err == nil {
			d.log.Warn("the state store file was deleted while running: written again at the same path from the open store", "path", path)
			d.storeFile = fi
		}
	}
	switch {
	case problem != "":
	case errors.Is(err, fs.ErrNotExist):
		problem = fmt.Sprintf("store file %s deleted while running", path)
	case err != nil:
		problem = fmt.Sprintf("store file %s cannot be checked: %v", path, err)
	case !os.SameFile(fi, d.storeFile):
		problem = fmt.Sprintf("store file %s replaced while running: the daemon writes to the file it opened, not to this one; restart guardctl", path)
	case fi.Size() < d.storeFile.Size():
		problem = fmt.Sprintf("store file %s truncated while running (%d bytes, was %d): restart guardctl", path, fi.Size(), d.storeFile.Size())
	}
	if d.storeHealth.setFileProblem(problem, d.now()) && problem != "" {
		d.log.Error("state store file changed under the daemon", "problem", problem)
	}
	if problem == "" && fi != nil && fi.Size() > d.storeFile.Size() {
		d.storeFile = fi // grown by our writes: the new size is the floor
	}
}
