//go:build amd64 || arm64

// Package prefetch asks the CPU for cache lines ahead of their use: a
// stage that knows which table slots its next events will touch hands
// their addresses here, and the misses overlap the work on the events
// before them.
package prefetch

import "unsafe"

// Line asks the CPU to bring the cache line at p into its caches without
// waiting for it (PREFETCHT0, PRFM PLDL1KEEP): unlike a load, it retires
// at once, so the misses of events handled later overlap the work on
// this one. It never faults, whatever p is.
//
//go:noescape
func Line(p unsafe.Pointer)
