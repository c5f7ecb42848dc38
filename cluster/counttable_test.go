package cluster

import (
	"maps"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// Prefixes go in and come out the same (IPv4, IPv6, IPv4-mapped, ::/0),
// counts add up across growth, and reset keeps nothing.
func TestCountTable(t *testing.T) {
	t.Parallel()
	odd := []netip.Prefix{
		netip.MustParsePrefix("::/0"), netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("0.0.0.0/32"),
		netip.MustParsePrefix("::ffff:1.2.3.4/128"), netip.MustParsePrefix("1.2.3.4/32"),
		netip.MustParsePrefix("2001:db8::/64"), netip.MustParsePrefix("2001:db8::/56"),
	}
	want := map[netip.Prefix]uint32{}
	tb := newCountTable()
	for round := range 3 {
		for i, p := range odd {
			for range i + 1 {
				tb.add(keyOf(p))
				want[p]++
			}
		}
		for i := range 5000 { // past the first size: it grows
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
			tb.add(keyOf(p))
			want[p]++
		}
		got := map[netip.Prefix]uint32{}
		for i, k := range tb.keys {
			got[k.prefix()] += tb.counts[i]
		}
		if len(got) != len(want) || tb.len() != len(want) {
			t.Fatalf("round %d: %d clients (len %d), want %d", round, len(got), tb.len(), len(want))
		}
		for p, n := range want {
			if got[p] != n {
				t.Fatalf("round %d: %s counted %d, want %d", round, p, got[p], n)
			}
		}
		tb.reset()
		clear(want)
		for i, s := range tb.slots {
			if s != (countSlot{}) {
				t.Fatalf("slot %d not empty after reset", i)
			}
		}
		if tb.len() != 0 {
			t.Fatalf("%d clients after reset", tb.len())
		}
	}
}

// A sparse reset (an eighth of the index or less in use) finds every
// client's slot again, also one whose probe passes slots it has already
// cleared; a table grown by a burst shrinks back after quietFlushes quiet
// flushes, and still counts.
func TestCountTableSparseResetAndShrink(t *testing.T) {
	t.Parallel()
	tb := newCountTableSize(1 << 17)
	for i := range 5000 { // collisions: 5000 clients in 2^17 slots
		tb.add(keyOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 32)))
	}
	probed := 0
	for _, s := range tb.slots {
		if s.idx != 0 && tb.slots[tb.keys[s.place()].hash()&tb.mask] != s {
			probed++
		}
	}
	if probed == 0 {
		t.Fatal("no client away from its first slot: the test checks nothing")
	}
	for f := range quietFlushes {
		tb.reset()
		for i, s := range tb.slots {
			if s != (countSlot{}) {
				t.Fatalf("flush %d: slot %d not empty after a sparse reset", f, i)
			}
		}
		if f < quietFlushes-1 && len(tb.slots) != 1<<17 {
			t.Fatalf("flush %d: shrank early to %d slots", f, len(tb.slots))
		}
		tb.add(keyOf(netip.MustParsePrefix("192.0.2.1/32")))
	}
	if len(tb.slots) != countTableKeep || tb.len() != 1 || tb.counts[0] != 1 {
		t.Fatalf("after %d quiet flushes: %d slots, %d clients", quietFlushes, len(tb.slots), tb.len())
	}
}

// Counting on the hot path allocates nothing once a flush gave the log's
// chunks back: the next batch as large (here 3 chunks and a part) fills
// them again. Before the chunks (one slice swapped with a spare), the
// batch after the first flush grew its slice from nothing again.
func TestCounterAddAllocatesNothing(t *testing.T) {
	c, r, ps := offlineCounter(300)
	const batch = 3*logChunk + 1000
	for i := range batch {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	drain(r)
	// Counted in bytes over the whole batch (AllocsPerRun's integer
	// average hides a few allocations in thousands of events; the
	// runtime's own, a few small ones now and then, are in the figure:
	// a chunk is 96 KiB, the slice grown before about 1.5 MB).
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for i := range batch {
		c.Add(r, ps[i%len(ps)])
	}
	runtime.ReadMemStats(&m1)
	if b := m1.TotalAlloc - m0.TotalAlloc; b > 4096 {
		t.Fatalf("%d events allocated %d bytes (%d times)", batch, b, m1.Mallocs-m0.Mallocs)
	}
	if r.log.len() != batch {
		t.Fatalf("log holds %d events, want %d", r.log.len(), batch)
	}
}

// A cold log of n events allocates about what n events take, in chunks,
// and copies nothing. Before (one slice grown by append, a quarter at a
// time once large), 200,000 events allocated 28.2 MB (about 6 n) for
// 4.8 MB of events, on the hot path, under the daemon's loop lock.
func TestCounterLogGrowsInChunks(t *testing.T) {
	c, r, ps := offlineCounter(1000)
	const n = 200_000
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := range n {
		c.Add(r, ps[i%len(ps)])
	}
	runtime.ReadMemStats(&m1)
	size := uint64(unsafe.Sizeof(logEvent(0)))
	if got, want := m1.TotalAlloc-m0.TotalAlloc, (n+logChunk)*size+64<<10; got > want {
		t.Fatalf("%d events allocated %d bytes, want at most %d", n, got, want)
	}
	if r.log.len() != n {
		t.Fatalf("log holds %d events, want %d", r.log.len(), n)
	}
}

// drain gives back what Take took, as Send does after counting it.
func drain(r *Rule) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recycle(r.taken)
	r.recycleOthers(r.takenOthers)
	r.taken, r.takenN, r.takenOthers = nil, 0, nil
}

// takenEvents is what Take took, in order.
func takenEvents(r *Rule) []countKey {
	return keysOf(r.taken, r.takenOthers)
}

// go test ./cluster -run '^$' -bench CounterAdd
//
// The log is drained every 100,000 events, as a flush would (10,000
// events a batch is 200,000 a second at 50 ms): past maxLog events
// undrained, Add would only count them as dropped, and the figure would
// be the dropped path's.
func BenchmarkCounterAdd(b *testing.B) {
	c, r, ps := offlineCounter(20000)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%100_000 == 0 {
			c.Take()
			drain(r)
		}
		c.Add(r, ps[i%len(ps)])
	}
	if r.full != 0 {
		b.Fatalf("%d events dropped: the benchmark measured the full log's path", r.full)
	}
}

// offlineCounter is a counter without Redis (Add only), one rule, and n
// clients.
func offlineCounter(n int) (*Counter, *Rule, []netip.Prefix) {
	c := &Counter{rules: map[string]*Rule{}}
	r := c.Rule("x", 60e9, 10)
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}), 32)
	}
	return c, r, ps
}

// appendNext writes every client once with its count, in chunks, from a
// full table and from a large one mostly empty (its reset is sparse).
func TestCountTableAppendNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		size, clients int
	}{{countTableMin, 3000}, {1 << 16, 100}, {countTableMin, 0}} {
		tb := newCountTableSize(tc.size)
		want := map[string]string{}
		for i := range tc.clients {
			// IPv6, IPv4 (written without netip), IPv4-mapped, and
			// shorter prefixes of each.
			var p netip.Prefix
			switch i % 4 {
			case 0:
				p = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0xd, 0xb8, 15: byte(i), 14: byte(i >> 8)}), 128)
			case 1:
				p = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(i), 0, byte(i >> 8), byte(i * 7)}), 32)
			case 2:
				p = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
			case 3:
				p = netip.PrefixFrom(netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff, 12: byte(i), 15: byte(i >> 8)}), 128)
			}
			for range i%3 + 1 {
				tb.add(keyOf(p))
			}
			want[p.String()] = strconv.Itoa(i%3 + 1)
		}
		got := map[string]string{}
		at, total := 0, 0
		for {
			b, k := tb.appendNext(nil, &at, 7)
			if k == 0 {
				break
			}
			total += k
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			if len(lines) != k || k > 7 {
				t.Fatalf("%+v: %d lines for %d clients", tc, len(lines), k)
			}
			for _, l := range lines {
				c, n, _ := strings.Cut(l, " ")
				if _, dup := got[c]; dup {
					t.Fatalf("%+v: %s twice", tc, c)
				}
				got[c] = n
			}
		}
		if total != tc.clients || !maps.Equal(got, want) {
			t.Fatalf("%+v: %d clients written, %d differ", tc, total, len(want)-len(got))
		}
		tb.reset()
		for i, s := range tb.slots {
			if s != (countSlot{}) {
				t.Fatalf("%+v: slot %d not empty after reset", tc, i)
			}
		}
	}
}

// Events past a rule's log cap between two flushes are counted as dropped,
// not lost silently (the daemon warns of them).
func TestCounterLogCap(t *testing.T) {
	c, r, ps := offlineCounter(10)
	for i := range maxLog + 5 {
		c.Add(r, ps[i%len(ps)])
	}
	if c.Dropped() != 0 {
		t.Fatalf("dropped %d before a Take: Add counts them on its side", c.Dropped())
	}
	c.Take()
	if c.Dropped() != 5 || len(takenEvents(r)) != maxLog || r.takenN != maxLog || r.log.len() != 0 {
		t.Fatalf("dropped %d, taken %d (%d), log %d", c.Dropped(), len(takenEvents(r)), r.takenN, r.log.len())
	}
	// A second Take before a Send: its events join the first's, within
	// the cap.
	for i := range 7 {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	if c.Dropped() != 12 || len(takenEvents(r)) != maxLog || r.takenN != maxLog {
		t.Fatalf("second take: dropped %d, taken %d (%d)", c.Dropped(), len(takenEvents(r)), r.takenN)
	}
	// After a Send, the log takes events again, from recycled chunks.
	drain(r)
	for i := range logChunk + 3 {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	if got := takenEvents(r); len(got) != logChunk+3 || r.takenN != logChunk+3 || c.Dropped() != 12 {
		t.Fatalf("after a Send: taken %d (%d), dropped %d", len(got), r.takenN, c.Dropped())
	}
}

// Two Takes without a Send between hand both takes' events to the next
// Send, in order (each take spanning chunks, the second ending in a part
// of one), and the log Add writes to next is empty.
func TestCounterTakeTwice(t *testing.T) {
	const first, second = logChunk + 2, logChunk + 1
	c, r, ps := offlineCounter(first + second)
	for i := range first {
		c.Add(r, ps[i])
	}
	c.Take()
	for i := first; i < first+second; i++ {
		c.Add(r, ps[i])
	}
	c.Take()
	taken := takenEvents(r)
	if r.log.len() != 0 || len(taken) != first+second || r.takenN != first+second {
		t.Fatalf("log %d, taken %d (%d): want 0 and %d", r.log.len(), len(taken), r.takenN, first+second)
	}
	for i, k := range taken {
		if k.prefix() != ps[i] {
			t.Fatalf("taken[%d] = %s, want %s", i, k.prefix(), ps[i])
		}
	}
}

// go test ./cluster -run '^$' -bench CountTableAppend
func BenchmarkCountTableAppend(b *testing.B) {
	_, _, ps := offlineCounter(10000)
	tb := newCountTable()
	for _, p := range ps {
		tb.add(keyOf(p))
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		at := 0
		buf, _ = tb.appendNext(buf[:0], &at, len(ps))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/client")
}

// An IPv4 /32 client's slot holds its address as the tag (slotV4): an
// IPv6 client whose hash's tag equals that address, on the same probe
// path, is another client all the same, in whichever order they come.
func TestCountTableIPv4TagIsNotAHashTag(t *testing.T) {
	t.Parallel()
	var k6, k4 countKey
	found := false
	for i := 0; i < 1<<20 && !found; i++ {
		a := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 12: byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
		k6 = keyOf(netip.PrefixFrom(a, 128))
		h := k6.hash()
		tag := uint32(h >> 32)
		k4 = keyOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(tag >> 24), byte(tag >> 16), byte(tag >> 8), byte(tag)}), 32))
		found = k4.hash()&(countTableMin-1) == h&(countTableMin-1)
	}
	if !found {
		t.Fatal("no IPv6 client found whose tag is an IPv4 client's address on the same first slot")
	}
	for _, order := range [][2]countKey{{k6, k4}, {k4, k6}} {
		tb := newCountTable()
		tb.add(order[0])
		tb.add(order[1])
		tb.add(order[1])
		if tb.len() != 2 || tb.counts[0] != 1 || tb.counts[1] != 2 {
			t.Fatalf("%s then %s: %d clients, counts %v; want 2 clients, counts [1 2]", order[0].prefix(), order[1].prefix(), tb.len(), tb.counts)
		}
		h := &heldTable{}
		h.index(countTableMin)
		h.begin()
		h.count([][]countKey{{order[0], order[1], order[1]}}, nil)
		for j, k := range order {
			if got := h.find(k); got != j || h.counts[j] != uint32(j+1) {
				t.Fatalf("held table: find(%s) = %d (counts %v), want %d (count %d)", k.prefix(), got, h.counts, j, j+1)
			}
		}
	}
}
