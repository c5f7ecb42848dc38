//go:build linux

package daemon

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// schedCounts are the load-independent counts of one timed phase of
// BenchmarkClusterWarmThroughput (session 10: the near-limit excess is
// not in the counter's code but in how often the node's goroutines are
// stopped and woken; wall and CPU figures swing 60-75 points at this
// machine's load, these counts do not). All are process-wide deltas over
// the phase, read from runtime/metrics and /proc/self.
type schedCounts struct {
	start      time.Time // the phase's start (wall clock: to line up with perf stat -I)
	wall       time.Duration
	gcCycles   uint64     // collector cycles
	allocBytes uint64     // bytes allocated
	allocObjs  uint64     // objects allocated
	created    uint64     // goroutines created
	runs       uint64     // goroutines made to run (the /sched/latencies histogram's count: every wake-up or preemption that put one back on a P)
	latSum     float64    // their summed wait, seconds (bucket midpoints)
	stws       uint64     // stop-the-world pauses (GC's and others')
	gcCPU      float64    // the collector's CPU, seconds
	gcParts    [4]float64 // of it: mark assists, dedicated and fractional workers, idle workers, pauses
	scanHeap   uint64     // heap bytes the collector scans a cycle (at the end)
	scanStack  uint64     // stack bytes the collector scans a cycle (at the end)
	stackStart uint64     // /gc/stack/starting-size at the end
	goroutines uint64     // live goroutines at the end
	threads    uint64     // OS threads at the end
	volCtx     uint64     // voluntary context switches (a thread blocked: futex sleep, netpoll)
	involCtx   uint64     // involuntary ones (the kernel took the core)
	sysRead    uint64     // read-class syscalls (/proc/self/io syscr)
	sysWrite   uint64     // write-class syscalls (syscw)
}

var schedNames = []string{
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/allocs:bytes",
	"/gc/heap/allocs:objects",
	"/sched/goroutines-created:goroutines",
	"/sched/latencies:seconds",
	"/sched/pauses/total/gc:seconds",
	"/sched/pauses/total/other:seconds",
	"/cpu/classes/gc/total:cpu-seconds",
	"/gc/scan/stack:bytes",
	"/gc/stack/starting-size:bytes",
	"/sched/goroutines:goroutines",
	"/sched/threads/total:threads",
	"/cpu/classes/gc/mark/assist:cpu-seconds",
	"/cpu/classes/gc/mark/dedicated:cpu-seconds",
	"/cpu/classes/gc/mark/idle:cpu-seconds",
	"/cpu/classes/gc/pause:cpu-seconds",
	"/gc/scan/heap:bytes",
}

// schedSnapshot reads the counters now.
func schedSnapshot() schedCounts {
	s := make([]metrics.Sample, len(schedNames))
	for i, n := range schedNames {
		s[i].Name = n
	}
	metrics.Read(s)
	u := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	hist := func(i int) (n uint64, sum float64) {
		if s[i].Value.Kind() != metrics.KindFloat64Histogram {
			return 0, 0
		}
		h := s[i].Value.Float64Histogram()
		for j, c := range h.Counts {
			n += c
			lo, hi := h.Buckets[j], h.Buckets[j+1]
			if math.IsInf(lo, -1) {
				lo = 0
			}
			if math.IsInf(hi, 1) {
				hi = lo
			}
			sum += float64(c) * (lo + hi) / 2
		}
		return n, sum
	}
	var c schedCounts
	c.gcCycles, c.allocBytes, c.allocObjs, c.created = u(0), u(1), u(2), u(3)
	c.runs, c.latSum = hist(4)
	g, _ := hist(5)
	o, _ := hist(6)
	c.stws = g + o
	if s[7].Value.Kind() == metrics.KindFloat64 {
		c.gcCPU = s[7].Value.Float64()
	}
	c.scanStack, c.stackStart, c.goroutines, c.threads = u(8), u(9), u(10), u(11)
	for i := range c.gcParts {
		if s[12+i].Value.Kind() == metrics.KindFloat64 {
			c.gcParts[i] = s[12+i].Value.Float64()
		}
	}
	c.scanHeap = u(16)
	// Per thread: /proc/self/status counts the main thread's only.
	tasks, _ := filepath.Glob("/proc/self/task/*/status")
	for _, t := range tasks {
		c.volCtx += procField(t, "voluntary_ctxt_switches:")
		c.involCtx += procField(t, "nonvoluntary_ctxt_switches:")
	}
	c.sysRead = procField("/proc/self/io", "syscr:")
	c.sysWrite = procField("/proc/self/io", "syscw:")
	return c
}

func procField(path, key string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.ParseUint(strings.TrimSpace(rest), 10, 64)
			return n
		}
	}
	return 0
}

// since is the phase's deltas (the gauges taken at its end).
func (c schedCounts) since(c0 schedCounts, wall time.Duration) schedCounts {
	return schedCounts{
		start: time.Now().Add(-wall), wall: wall, gcCycles: c.gcCycles - c0.gcCycles, allocBytes: c.allocBytes - c0.allocBytes,
		allocObjs: c.allocObjs - c0.allocObjs, created: c.created - c0.created, runs: c.runs - c0.runs,
		latSum: c.latSum - c0.latSum, stws: c.stws - c0.stws, gcCPU: c.gcCPU - c0.gcCPU,
		gcParts:   [4]float64{c.gcParts[0] - c0.gcParts[0], c.gcParts[1] - c0.gcParts[1], c.gcParts[2] - c0.gcParts[2], c.gcParts[3] - c0.gcParts[3]},
		scanHeap:  c.scanHeap,
		scanStack: c.scanStack, stackStart: c.stackStart, goroutines: c.goroutines, threads: c.threads,
		volCtx: c.volCtx - c0.volCtx, involCtx: c.involCtx - c0.involCtx,
		sysRead: c.sysRead - c0.sysRead, sysWrite: c.sysWrite - c0.sysWrite,
	}
}

// format is one phase's counts per 1,000 lines (and the wake-ups per
// second of wall time, which is what a ticker's rate shows in), after
// the phase's start and end in unix seconds.
func (c schedCounts) format(lines int) string {
	k := float64(lines) / 1000
	return fmt.Sprintf("[%.3f-%.3f] gc %d, alloc %.0f B %.2f obj/line, goroutines created %.1f /1k lines, runs %.1f /1k lines (%.0f/s, mean wait %.0f us), stw %d, gc cpu %.0f ns/line (assist %.0f, workers %.0f, idle %.0f, pause %.0f), heap scan %d MiB, wall %.2f s, stack scan %d KiB, stack start %d B, goroutines %d, threads %d, ctx vol %.1f invol %.1f /1k lines, syscalls r %.1f w %.1f /1k lines",
		float64(c.start.UnixMicro())/1e6, float64(c.start.Add(c.wall).UnixMicro())/1e6,
		c.gcCycles, float64(c.allocBytes)/float64(lines), float64(c.allocObjs)/float64(lines), float64(c.created)/k,
		float64(c.runs)/k, float64(c.runs)/c.wall.Seconds(), 1e6*c.latSum/math.Max(1, float64(c.runs)), c.stws, 1e9*c.gcCPU/float64(lines),
		1e9*c.gcParts[0]/float64(lines), 1e9*c.gcParts[1]/float64(lines), 1e9*c.gcParts[2]/float64(lines), 1e9*c.gcParts[3]/float64(lines), c.scanHeap>>20, c.wall.Seconds(),
		c.scanStack>>10, c.stackStart, c.goroutines, c.threads, float64(c.volCtx)/k, float64(c.involCtx)/k,
		float64(c.sysRead)/k, float64(c.sysWrite)/k)
}
