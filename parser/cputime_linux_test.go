package parser

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// reportCPUPerOp adds a "cpu-ns/op" metric: the CPU time of the benchmark's
// own thread per operation. On a shared machine the wall-clock ns/op also
// counts time spent descheduled; this does not. Call it before b.Loop.
func reportCPUPerOp(b *testing.B) (stop func()) {
	runtime.LockOSThread()
	var start unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &start); err != nil {
		runtime.UnlockOSThread()
		return func() {}
	}
	return func() {
		var end unix.Rusage
		err := unix.Getrusage(unix.RUSAGE_THREAD, &end)
		runtime.UnlockOSThread()
		if err != nil || b.N == 0 {
			return
		}
		used := (end.Utime.Nano() + end.Stime.Nano()) - (start.Utime.Nano() + start.Stime.Nano())
		b.ReportMetric(float64(used)/float64(b.N), "cpu-ns/op")
	}
}
