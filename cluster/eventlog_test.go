package cluster

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"
)

// Every event of batches that end exactly at,
// just before and just after a chunk boundary (and empty ones) reaches
// Redis once, with a SCRIPT FLUSH between two flushes (EVALSHA -> NOSCRIPT
// -> EVAL).
func TestEventLogChunkBoundariesExact(t *testing.T) {
	c, _, direct, _, _ := counterInBucket(t)
	rule := c.Rule("flood", time.Hour, 1<<30)
	c.nodes = func() int { return 1 << 30 } // share 1: every count sent
	ps := make([]netip.Prefix, 777)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)}), 32)
	}
	ctx := context.Background()
	total := 0
	k := 0
	for step, n := range []int{logChunk, logChunk - 1, logChunk + 1, 0, 3 * logChunk, 1, 2*logChunk + 5, logChunk} {
		for range n {
			c.Add(rule, ps[k%len(ps)])
			k++
		}
		total += n
		if step == 4 {
			if err := direct.ScriptFlush(ctx).Err(); err != nil {
				t.Fatal(err)
			}
		}
		if step == 5 {
			c.Take() // two takes before a send
		}
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
	}
	keys, _ := direct.Keys(ctx, "t:count:flood:*").Result()
	sum := 0
	for _, key := range keys {
		vals, _ := direct.HGetAll(ctx, key).Result()
		for _, v := range vals {
			var n int
			fmt.Sscan(v, &n)
			sum += n
		}
	}
	held := 0
	for i := range rule.held.keys {
		held += int(rule.held.counts[i] + rule.held.prev[i])
	}
	if sum+held != total || c.Dropped() != 0 {
		t.Fatalf("Redis %d + held %d, want %d (dropped %d)", sum, held, total, c.Dropped())
	}
}

// After one stalled flush (maxLog events between two Sends) a rule that
// then sees one event a flush keeps about its last batches' chunks, not
// keepLog events' worth (6 MB) for good (review of 5a7bd7e, session 8;
// before 5a7bd7e Send let a log larger than keepLog go).
func TestEventLogMemoryAfterStall(t *testing.T) {
	c, r, ps := offlineCounter(1000)
	for i := range maxLog {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	drain(r)
	// Then a quiet node: a few events a flush, for many flushes.
	for range 100 {
		c.Add(r, ps[0])
		c.Take()
		drain(r)
	}
	kept := 0
	for _, ch := range r.free {
		kept += cap(ch)
	}
	t.Logf("free chunks %d = %d KiB kept for a rule seeing 1 event a flush", len(r.free), kept*4/1024)
	if kept > 2*logChunk {
		t.Errorf("a quiet rule keeps %d events' worth (%d KiB) after one stall", kept, kept*4/1024)
	}
}

// A rule taking about the same number of chunks every flush reuses them:
// trimming the free list must not make a steady rule allocate.
func TestEventLogSteadyReusesChunks(t *testing.T) {
	c, r, ps := offlineCounter(1000)
	batch := func(n int) {
		for i := range n {
			c.Add(r, ps[i%len(ps)])
		}
		c.Take()
		drain(r)
	}
	for _, n := range []int{5 * logChunk, 5*logChunk - 7, 4*logChunk + 1} {
		batch(n)
	}
	if a := testing.AllocsPerRun(20, func() { batch(5*logChunk - 3) }); a != 0 {
		t.Errorf("a steady rule allocates %.1f times a flush", a)
	}
	// Quiet flushes between bursts of the same size: still none.
	if a := testing.AllocsPerRun(10, func() { batch(5 * logChunk); batch(10) }); a != 0 {
		t.Errorf("a rule bursting every other flush allocates %.1f times", a)
	}
}
