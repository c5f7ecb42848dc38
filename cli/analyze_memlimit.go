package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// analyze's heap bound (issue 14). A one-shot analyze allocates next to
// nothing per line: its heap is tables that grow (the detector's clients,
// bans and offences, the report's client table and offender records), and
// with the collector's default GOGC=100 the heap may reach twice the live
// tables before a collection. On a spray of 1M addresses all banned the
// live heap is ~110-127 MB and the peak RSS was 245 MB.
//
// So analyze sets a soft memory limit that follows the live heap: after
// every collection the limit becomes the live heap plus a tenth
// (analyzeHeadroom), never under analyzeMemFloor. A limit under the live
// heap bounds nothing (the collector would run back to back and free
// nothing: GOMEMLIMIT=112MiB doubled the spray's CPU, 16.6 -> 33.4 s, for
// 156 MB), so it is raised as the tables grow; the collector then runs
// once per tenth of growth, and the tables are mostly pointer-free, cheap
// to mark. Under analyzeMemFloor the limit never binds: a log of
// 1,000,000 lines keeps a live heap of ~25 MB, whose GOGC goal (~50 MB)
// stays under it, so the common case runs exactly as before.
//
// GOMEMLIMIT, when set, wins: analyze then leaves the limit alone; so does
// GOGC=off (a user who turned the collector off asked for no collections,
// which any memory limit would start again).
const (
	analyzeMemFloor                        = 96 << 20
	analyzeHeadroomNum, analyzeHeadroomDen = 11, 10
)

// analyzeMemLimit starts following the live heap as above and returns the
// function that stops it and restores the limit it found. It does nothing
// (and its stop nothing) when GOMEMLIMIT is set.
func analyzeMemLimit() (stop func()) {
	if v, ok := os.LookupEnv("GOMEMLIMIT"); ok && v != "" {
		return func() {}
	}
	if os.Getenv("GOGC") == "off" {
		return func() {}
	}
	before := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(analyzeLimitFor(0, 0))
	var mu sync.Mutex // orders a cleanup's set after stop's restore
	done := false
	var arm func()
	arm = func() {
		// A cleanup of an object nothing refers to runs after the
		// collection that found it unreachable: once per cycle.
		s := &gcSentinel{}
		runtime.AddCleanup(s, func(struct{}) {
			mu.Lock()
			defer mu.Unlock()
			if done {
				return
			}
			debug.SetMemoryLimit(analyzeLimitFor(heapNow()))
			arm()
		}, struct{}{})
	}
	arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done = true
		debug.SetMemoryLimit(before)
	}
}

// gcSentinel is a heap object with a pointer, so that the allocator never
// packs it with others (a tiny object's cleanup may never run).
type gcSentinel struct{ _ *int }

// analyzeLimitFor is the limit for a live heap of live bytes, beside
// other bytes of the runtime's that the limit counts and the collector
// cannot free (stacks, GC metadata, the heap's unused span tails).
func analyzeLimitFor(live, other uint64) int64 {
	if live > math.MaxInt64/(2*analyzeHeadroomNum) || other > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return max(analyzeMemFloor, int64(live)*analyzeHeadroomNum/analyzeHeadroomDen+int64(other))
}

// heapNow is the heap the last collection found live, and the runtime's
// memory that the limit counts besides the heap's objects and free pages.
func heapNow() (live, other uint64) {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(s)
	var v [5]uint64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = s[i].Value.Uint64()
		}
	}
	if heap := v[2] + v[3] + v[4]; v[1] > heap {
		other = v[1] - heap
	}
	return v[0], other
}
