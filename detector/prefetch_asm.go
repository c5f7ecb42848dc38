//go:build amd64 || arm64

package detector

import "unsafe"

// prefetch asks the CPU to bring the cache line at p into its caches
// without waiting for it (PREFETCHT0, PRFM PLDL1KEEP): unlike a load, it
// retires at once, so the misses of events judged later overlap the work
// on this one. It never faults, whatever p is.
//
//go:noescape
func prefetch(p unsafe.Pointer)
