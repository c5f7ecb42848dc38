package state

import (
	"os"

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
	if info == nil || info.Data == 0 {
		return
	}
	if n := releaseLen(tx); n > 0 {
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, info.Data, uintptr(n), unix.MADV_DONTNEED)
	}
}

// releaseLen is how many bytes from the mapping's start releaseMapped may
// advise: tx.Size(), the meta's page count x the page size, clamped to
// the file's size. bbolt maps every page below the meta's count before a
// transaction sees it, so tx.Size() is inside the mapping when the meta is
// sound; a truncated file whose meta claims more pages (bbolt does not
// check the count against the file on open) was mapped for its real size,
// and the range would run into whatever memory lies past the mapping (the
// Go heap: zeroed). The file is at most the mapping when mapped, and it
// outgrows it only in a write, which first remaps to cover the meta's new
// count (waiting for this read transaction to end). 0: no advice (the
// size is unknown).
func releaseLen(tx *bolt.Tx) int64 {
	fi, err := os.Stat(tx.DB().Path())
	if err != nil {
		return 0
	}
	return max(0, min(tx.Size(), fi.Size()))
}
