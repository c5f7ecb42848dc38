package pipeline

import (
	"bytes"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// BenchmarkProcessSteady is how the daemon judges: Processor.Process one
// line at a time, the default policy. The first half of the log makes the
// clients; only the second half is measured, so B/line and allocs/line say
// what a steady daemon allocates and spends (CPU) per line for judging (its reading is
// tailer's BenchmarkThroughput). GUARDCTL_BENCH_LOG picks the log, e.g.
// bench/out/access-1000000.log; otherwise 200,000 generated lines. (The
// analyze path, Replay, numbers repeated paths and queries in its memo and
// checks each once; Process checks every line's.)
func BenchmarkProcessSteady(b *testing.B) {
	path := os.Getenv("GUARDCTL_BENCH_LOG")
	if path == "" {
		path = benchLog(b, 200_000)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := parser.New(parser.Spec{Format: "combined"})
	if err != nil {
		b.Fatal(err)
	}
	half := len(lines) / 2
	var bytesAlloc, objects uint64
	var ms0, ms1 runtime.MemStats
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		proc := NewProcessor(p, nil, detector.New(pol, detector.Options{}), Window{})
		for _, l := range lines[:half] {
			proc.Process(l)
		}
		runtime.ReadMemStats(&ms0)
		c0 := processCPU(b)
		b.StartTimer()
		for _, l := range lines[half:] {
			proc.Process(l)
		}
		b.StopTimer()
		cpu += processCPU(b) - c0
		runtime.ReadMemStats(&ms1)
		bytesAlloc += ms1.TotalAlloc - ms0.TotalAlloc
		objects += ms1.Mallocs - ms0.Mallocs
		b.StartTimer()
	}
	n := float64(b.N * (len(lines) - half))
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/line")
	b.ReportMetric(float64(bytesAlloc)/n, "B/line")
	b.ReportMetric(float64(objects)/n, "allocs/line")
}

// processCPU is the CPU time (user+sys) the process has used: on a shared
// machine wall time says more about the other jobs than about the code.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
