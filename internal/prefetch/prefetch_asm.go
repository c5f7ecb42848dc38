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

// Lines asks for every cache line of the n bytes at p (64-byte lines, the
// first one p's), in one call: a client's slot-pool stride is 4-6 lines,
// and a Line call for each cost more than the prefetches themselves.
//
//go:noescape
func Lines(p unsafe.Pointer, n uintptr)

// Each asks for the cache line at each address of addrs, in one call: a
// driver warming a run of events' table slots collects their addresses
// and hands them over together, where a Line call for each cost more
// than its prefetch. The addresses are hints only: they keep nothing
// alive, and one that points nowhere is ignored.
//
//go:noescape
func Each(addrs []uintptr)
