package cluster

import (
	"maps"
	"net/netip"
	"strconv"
	"strings"
	"testing"
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
		if s.idx != 0 && tb.slots[tb.keys[s.idx-1].hash()&tb.mask] != s {
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

// Counting on the hot path allocates nothing once the log has its size.
func TestCounterAddAllocatesNothing(t *testing.T) {
	c, r, ps := offlineCounter(300)
	for range 4 {
		for _, p := range ps {
			c.Add(r, p)
		}
	}
	r.log = r.log[:0]
	i := 0
	if n := testing.AllocsPerRun(1000, func() { c.Add(r, ps[i%len(ps)]); i++ }); n != 0 {
		t.Fatalf("Add allocates %.1f times", n)
	}
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
			r.log = r.log[:0]
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
	if c.Dropped() != 5 || len(r.taken) != maxLog || len(r.log) != 0 {
		t.Fatalf("dropped %d, taken %d, log %d", c.Dropped(), len(r.taken), len(r.log))
	}
	// A second Take before a Send: its events join the first's, within
	// the cap.
	for i := range 7 {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	if c.Dropped() != 12 || len(r.taken) != maxLog {
		t.Fatalf("second take: dropped %d, taken %d", c.Dropped(), len(r.taken))
	}
}

// Two Takes without a Send between hand both takes' events to the next
// Send, in order, and the log Add writes to next is empty.
func TestCounterTakeTwice(t *testing.T) {
	c, r, ps := offlineCounter(10)
	for i := range 3 {
		c.Add(r, ps[i])
	}
	c.Take()
	for i := 3; i < 5; i++ {
		c.Add(r, ps[i])
	}
	c.Take()
	if len(r.log) != 0 || len(r.taken) != 5 {
		t.Fatalf("log %d, taken %d: want 0 and 5", len(r.log), len(r.taken))
	}
	for i, k := range r.taken {
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
