package state

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapped drops the pages of the store's file that tx's walk
// brought into the process's mapping. bbolt reads through a shared,
// read-only mmap of the file, so every page a walk touches stays resident
// (and counts in the daemon's RSS) until the next remap: ExpireBans walks
// every ban record every HealthEvery, which kept the whole bans bucket
// mapped, 18 MB of file pages at 100,000 bans, the daemon's peak
// (bench/daemon -mode rss, 1M clients + 100k bans: VmHWM ~192 MB, of
// which 44 MB file pages). MADV_DONTNEED on a shared file mapping only
// unmaps: the pages stay in the page cache and a later read (this walk's,
// or a concurrent reader's) maps them again with a minor fault, with the
// same contents; nothing is written through the mapping (bbolt writes
// with pwrite), so nothing is lost. Errors are ignored: the advice only
// saves memory.
//
// Call it only inside a read transaction (tx open, from View): a read tx
// holds bbolt's mmap lock, so the file cannot be remapped while the advice
// runs. Outside one, a writer's remap could unmap the range and the address
// could be reused by other memory (the Go heap), which MADV_DONTNEED would
// zero.
func releaseMapped(tx *bolt.Tx) {
	info := tx.DB().Info()
	if info == nil || info.Data == 0 || tx.Size() <= 0 {
		return
	}
	// The mapping is at least the file's size (bbolt maps ahead of it),
	// and tx.Size is the file's size as of tx, so the range is mapped.
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, info.Data, uintptr(tx.Size()), unix.MADV_DONTNEED)
}
