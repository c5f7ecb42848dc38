//go:build linux

package daemon

import (
	"net/netip"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// BenchmarkBanLatency measures, per ban, the time from appending an
// offending line to the followed log until the kernel acknowledged the
// netlink batch holding its element (KernelHook runs right after the
// backend's Ban returned), with nftables in a namespace of its own. One
// ban at a time: it is the latency an attacker's first request meets, not
// throughput (for bursts see bench/daemon). Reports p50 and p99.
//
//	go test ./daemon -run '^$' -bench BanLatency -benchtime 1000x
func BenchmarkBanLatency(b *testing.B) {
	netnstest.Require(b, "nft")
	ns := netnstest.New(b)
	h := nftHarness(b)
	acked := make(chan time.Time, 1)
	h.start(Options{NetNS: ns.Path, KernelHook: func(_ []netip.Prefix, at time.Time) { acked <- at }})
	f, err := os.OpenFile(h.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		ip := netip.AddrFrom4([4]byte{100, 64 + byte(i>>16), byte(i >> 8), byte(i)})
		line := clfLine(ip.String(), "/wp-login.php")
		t0 := time.Now()
		if _, err := f.WriteString(line); err != nil {
			b.Fatal(err)
		}
		select {
		case at := <-acked:
			lat = append(lat, at.Sub(t0))
		case <-time.After(5 * time.Second):
			b.Fatalf("ban %d not in the kernel after 5s", i)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}
