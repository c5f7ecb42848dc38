package firewalltest

import (
	"context"
	"net/netip"
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

// SpreadHosts4 is n IPv4 host prefixes from a.b.0.0, every other address
// (they never merge into ranges).
func SpreadHosts4(a, b byte, n int) []netip.Prefix {
	out := make([]netip.Prefix, 0, n)
	for i := range n {
		j := 2 * i
		out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{a, b + byte(j>>16), byte(j >> 8), byte(j)}), 32))
	}
	return out
}

// SpreadHosts6 is n IPv6 host prefixes in 2001:db8::/112, every other
// address.
func SpreadHosts6(n int) []netip.Prefix {
	out := make([]netip.Prefix, 0, n)
	for i := range n {
		j := 2 * i
		out = append(out, netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 13: byte(j >> 16), 14: byte(j >> 8), 15: byte(j)}), 128))
	}
	return out
}
