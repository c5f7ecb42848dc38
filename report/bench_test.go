package report

import (
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
)

// benchObserve is the collector's cost per line with clients distinct
// clients in round robin (issue 14: 24k on the 1M benchmark, up to 1M).
func benchObserve(b *testing.B, clients int) { benchObserveWarm(b, clients, false) }

// benchObserveWarm is benchObserve, with the client slots of each run of
// lines prefetched a run ahead when warm is set, as the parallel replay
// does (WarmClients).
func benchObserveWarm(b *testing.B, clients int, warm bool) {
	keys := make([]netip.Prefix, clients)
	for i := range keys {
		keys[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	paths := make([][]byte, 64)
	for i := range paths {
		paths[i] = []byte("/products/" + strconv.Itoa(i))
	}
	ua := []byte("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0")
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := NewCollector(Options{})
	ev := parser.Event{UA: ua, Status: 200}
	// A batch of verdicts in the order of the keys, as a replay's batch.
	vs := make([]detector.Verdict, 2048)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		j := i % len(vs)
		if j == 0 {
			for k := range vs {
				vs[k].Key = keys[(i+k)%clients]
			}
		}
		if warm && j%detector.WarmBatch == 0 {
			c.WarmClients(vs, j)
		}
		ev.Time = start.Add(time.Duration(i) * 4 * time.Millisecond)
		ev.Path = paths[i&63]
		c.Observe(uint64(i), nil, &ev, &vs[j])
	}
}

func BenchmarkCollectorObserve24k(b *testing.B) { benchObserve(b, 24_000) }
func BenchmarkCollectorObserve1M(b *testing.B)  { benchObserve(b, 1_000_000) }

func BenchmarkCollectorObserveWarm24k(b *testing.B) { benchObserveWarm(b, 24_000, true) }
func BenchmarkCollectorObserveWarm1M(b *testing.B)  { benchObserveWarm(b, 1_000_000, true) }
