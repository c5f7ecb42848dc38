package cluster

import (
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// BenchmarkBurst publishes 100,000 ban decisions on node a at once and
// waits until node b has been handed all of them (no kernel: the cluster
// package's own share of a burst).
//
//	go test ./cluster -run '^$' -bench Burst -benchtime 1x
func BenchmarkBurst(b *testing.B) {
	const n = 100_000
	// Redis's default durability (fsync every second), as a site runs it;
	// the tests use appendfsync always.
	r := clustertest.Start(b, "--appendfsync", "everysec")
	a := startNode(b, r, "a", b.TempDir(), nil)
	c := startNode(b, r, "b", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "synced", func() bool { return a.Stats().Connected && c.Stats().Snapshots == 1 })
	for i := range b.N {
		ds := make([]Decision, n)
		for j := range ds {
			ds[j] = ban(netip.AddrFrom4([4]byte{byte(10 + i), byte(j >> 16), byte(j >> 8), byte(j)}).String()+"/32", time.Hour)
		}
		b.ResetTimer()
		cpu0 := cpuTime()
		t0 := time.Now()
		a.Publish(ds...)
		waitFor(b, 120*time.Second, "a publishes", func() bool { return a.Stats().Published == uint64((i+1)*n) })
		pub := time.Since(t0)
		waitFor(b, 120*time.Second, "b applies", func() bool { return c.Stats().Applied == uint64((i+1)*n) })
		b.StopTimer()
		b.ReportMetric(pub.Seconds(), "published-s")
		b.ReportMetric(time.Since(t0).Seconds(), "applied-s")
		// CPU of both nodes (this process): what the burst costs on an
		// idle machine, whatever else shares this one.
		b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s")
	}

}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
