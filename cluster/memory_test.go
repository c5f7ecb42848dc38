package cluster

import (
	"net/netip"
	"runtime"
	"testing"
	"time"
)

// liveBytes is the live heap after a full collection.
func liveBytes() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestRuleMemoryBound fills one rule to its bounds (keepLog events of
// distinct clients logged and drained, maxHeld clients held, maxHotKnown
// known hot) and checks RuleMemoryBound, what the daemon's automatic
// memory limit budgets per cluster-scoped rule, covers each part and is
// not far above it (a budget far above the truth would leave a node's
// collector too little pressure).
func TestRuleMemoryBound(t *testing.T) {
	c := &Counter{rules: map[string]*Rule{}, maxHeld: maxHeld, maxHot: maxHotKnown}
	base := liveBytes()
	r := c.Rule("site", time.Minute, 1_000_000)
	client := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	for i := range keepLog {
		c.Add(r, client(i))
	}
	c.Take()
	r.mu.Lock()
	log, others := r.taken, r.takenOthers
	r.taken, r.takenN, r.takenOthers = nil, 0, nil
	r.mu.Unlock()
	h := r.held
	h.roll(1)
	h.begin()
	h.countLog(log, others, r.hot)
	afterLog := liveBytes() // the log's chunks and the held table
	r.mu.Lock()
	r.recycle(log) // drained: the chunks are kept for the next logs
	r.mu.Unlock()
	if h.len() != maxHeld {
		t.Fatalf("held %d clients, want %d", h.len(), maxHeld)
	}
	nowMs := time.Now().UnixMilli()
	for i := range maxHotKnown {
		r.learnHot(keyOf(client(i+keepLog)), nowMs, maxHotKnown)
	}
	if len(r.hot) != maxHotKnown {
		t.Fatalf("%d clients known hot, want %d", len(r.hot), maxHotKnown)
	}
	all := liveBytes()
	runtime.KeepAlive(c)
	logAndHeld, hot := afterLog-base, all-afterLog
	wantLogAndHeld := int64(maxHeld*heldBytesPerClient + keepLog*24)
	wantHot := int64(maxHotKnown * hotBytesPerClient)
	t.Logf("log + held table %.1f MB (budget %.1f), known hot %.1f MB (budget %.1f), all %.1f MB (RuleMemoryBound %.1f)",
		mb(logAndHeld), mb(wantLogAndHeld), mb(hot), mb(wantHot), mb(all-base), mb(RuleMemoryBound()))
	if logAndHeld > wantLogAndHeld || hot > wantHot || all-base > RuleMemoryBound() {
		t.Errorf("a rule at its bounds holds more than RuleMemoryBound budgets")
	}
	if all-base < RuleMemoryBound()*6/10 {
		t.Errorf("RuleMemoryBound %.1f MB is far above what a rule at its bounds holds (%.1f MB)", mb(RuleMemoryBound()), mb(all-base))
	}
}

func mb(n int64) float64 { return float64(n) / 1e6 }
