package firewalltest

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// BenchPoll times probe as the daemon's polls run it, every apart (the
// sleep is outside the timer and costs no CPU), and reports its CPU (user
// + system: the kernel's look-ups run in the caller's syscalls), which
// says more than wall time on a shared machine. A probe reporting
// anything fails the benchmark.
func BenchPoll(bm *testing.B, apart time.Duration, probe func(context.Context) ([]string, error)) {
	var cpu int64
	bm.ResetTimer()
	for range bm.N {
		bm.StopTimer()
		time.Sleep(apart)
		var r0, r1 syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
		bm.StartTimer()
		r, err := probe(context.Background())
		bm.StopTimer()
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
		cpu += r1.Utime.Nano() - r0.Utime.Nano() + r1.Stime.Nano() - r0.Stime.Nano()
		if err != nil || len(r) > 0 {
			bm.Fatalf("probe: %v, %v", r, err)
		}
		bm.StartTimer()
	}
	bm.ReportMetric(float64(cpu)/float64(bm.N), "cpu-ns/op")
}
