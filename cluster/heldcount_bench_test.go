package cluster

import (
	"net/netip"
	"testing"
)

// BenchmarkHeldCount is a flush's counting of the held table (Send's
// work per event far from the limit) in the daemon's benchmark shape: a
// table of 40,000 clients (its two phases' 20,000 each), flushes of
// 50,000 events (one batch interval at a million lines a second) cycling
// through 20,000 of them in order.
//
//	go test ./cluster -run '^$' -bench HeldCount
func BenchmarkHeldCount(b *testing.B) {
	const clients, active, perFlush = 40_000, 20_000, 50_000
	keys := make([]countKey, clients)
	for i := range keys {
		keys[i] = keyOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64 + byte(i/20000*2), byte(i % 20000 >> 8), byte(i % 20000)}), 32))
	}
	h := newHeldTable()
	h.begin()
	h.count([][]countKey{keys}, nil)
	log := make([]countKey, perFlush)
	for i := range log {
		log[i] = keys[clients-active+i%active]
	}
	var chunks [][]countKey
	for j := 0; j < len(log); j += logChunk {
		chunks = append(chunks, log[j:min(j+logChunk, len(log))])
	}
	events, others := logOf(chunks) // as Add logs them
	b.ResetTimer()
	for b.Loop() {
		h.begin()
		h.countLog(events, others, nil)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perFlush), "ns/event")
}
