package detector

import (
	"net/netip"
	"runtime"
	"testing"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// BenchmarkPrepare is the preparing goroutine's per-line share of the
// detector (client key, index hash, allow and deny lists), in CPU time.
func BenchmarkPrepare(b *testing.B) {
	pol, _ := rules.Default().Compile(rules.CompileOptions{})
	e := New(pol, Options{})
	evs := make([]parser.Event, 4096)
	for i := range evs {
		evs[i].Client = netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})
	}
	var pre Prep
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	c0 := threadCPU()
	for i := 0; i < b.N; i++ {
		e.Prepare(&evs[i&4095], &pre)
	}
	b.ReportMetric(float64(threadCPU()-c0)/float64(b.N), "cpu-ns/op")
}

// TestIndexTagFastPath: index.tag's shortcut for IPv4 keys (hi 0) gives
// tagOf's hash, for IPv4, IPv6 and hi-0 keys alike.
func TestIndexTagFastPath(t *testing.T) {
	t.Parallel()
	x := newIndex()
	for i := uint64(0); i < 100000; i++ {
		for _, k := range []key{{lo: 0xffff<<32 | i*2654435761&0xffffffff}, {hi: i * 7, lo: i}, {hi: 0, lo: i}} {
			if x.tag(k) != tagOf(k, x.s0, x.s1) {
				t.Fatal(k)
			}
		}
	}
}
