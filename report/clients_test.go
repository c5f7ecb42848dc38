package report

import (
	"math/rand/v2"
	"net/netip"
	"sort"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/parser"
)

// randomKeys draws n client keys, mostly the way the detector makes them
// (IPv4 /32, IPv6 /64), with repeats.
func randomKeys(rng *rand.Rand, n int) []netip.Prefix {
	keys := make([]netip.Prefix, n)
	for i := range keys {
		switch rng.IntN(100) {
		case 0: // shapes the detector does not make go to the side map
			keys[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(rng.IntN(4)), 0}), 24)
			continue
		case 1:
			keys[i] = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0xd, 0xb8, 0, byte(rng.IntN(4))}), 48)
			continue
		case 2:
			keys[i] = netip.PrefixFrom(netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff, 12: 192, 13: 0, 14: 2, 15: byte(rng.IntN(8))}), 128)
			continue
		}
		if rng.IntN(3) == 0 {
			var b [16]byte
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
			keys[i] = netip.PrefixFrom(netip.AddrFrom16(b), 64).Masked()
			continue
		}
		keys[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(rng.IntN(4)), byte(rng.IntN(256)), byte(rng.IntN(256))}), 32)
	}
	return keys
}

// TestClientTableMatchesMap: counts, membership, printed keys and the top
// table are those of a plain map and a full sort, across growth.
func TestClientTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := NewCollector(Options{})
	want := map[netip.Prefix]uint64{}
	for _, k := range randomKeys(rng, 200_000) {
		if cnt := c.clients.add(k); cnt == nil {
			t.Fatalf("add %v: table full", k)
		}
		want[k]++
	}
	if n, est := c.clients.distinct(); n != uint64(len(want)) || est {
		t.Fatalf("distinct %d estimated %v, want %d exact", n, est, len(want))
	}
	seen := 0
	for k, n := range c.allClients() {
		seen++
		if want[k] != n {
			t.Fatalf("%v: %d requests, want %d", k, n, want[k])
		}
	}
	if seen != len(want) {
		t.Fatalf("%d clients listed, want %d", seen, len(want))
	}
	for k, n := range want {
		if got := c.requests(k); got != n {
			t.Fatalf("requests(%v) = %d, want %d", k, got, n)
		}
	}
	if got := c.requests(netip.MustParsePrefix("192.0.2.1/32")); got != 0 {
		t.Errorf("requests of an unseen client = %d", got)
	}
	var all []Count
	for k, n := range want {
		all = append(all, Count{Value: ipprefix.String(k), Count: n})
	}
	for _, n := range []int{0, 1, 10, 1000} {
		full := sortCounts(append([]Count(nil), all...), n)
		got := c.topClients(n)
		if len(got) != len(full) {
			t.Fatalf("top %d: %d entries, want %d", n, len(got), len(full))
		}
		for i := range got {
			if got[i] != full[i] {
				t.Fatalf("top %d [%d] = %v, want %v", n, i, got[i], full[i])
			}
		}
	}
}

// TestClientTableBoundAndEstimate: past the bound the table stops growing
// and the distinct count becomes exact part + estimate, within 3% at 300k,
// the same on every run (the estimate's hash is not seeded).
func TestClientTableBoundAndEstimate(t *testing.T) {
	const bound, total = 50_000, 300_000
	var est [2]uint64
	for run := range est {
		tb := newClientTable(bound)
		for i := range total {
			a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
			tb.add(netip.PrefixFrom(a, 32))
			tb.add(netip.PrefixFrom(a, 32)) // repeats count once
		}
		n, estimated := tb.distinct()
		if !estimated || tb.n != bound || tb.v4.n != bound || len(tb.v4.slots) != 1<<17 {
			t.Fatalf("estimated %v, %d exact in %d slots; want true, %d in 131072", estimated, tb.n, len(tb.v4.slots), bound)
		}
		if n < total*97/100 || n > total*103/100 {
			t.Errorf("estimate %d, want %d within 3%%", n, total)
		}
		est[run] = n
	}
	if est[0] != est[1] {
		t.Errorf("estimates differ between runs: %v", est)
	}
}

func TestHLLAccuracy(t *testing.T) {
	for _, n := range []int{0, 1, 100, 10_000, 1_000_000} {
		var h hll
		for i := range n {
			h.add(mix(uint64(i)))
		}
		got := float64(h.estimate())
		if d := got - float64(n); d > 0.03*float64(n)+1 || d < -0.03*float64(n)-1 {
			t.Errorf("estimate of %d = %.0f", n, got)
		}
	}
}

// TestCollectorObserveAllocs: counting a line allocates nothing, for a
// known client and for a new one (amortised growth aside).
func TestCollectorObserveAllocs(t *testing.T) {
	c := NewCollector(Options{})
	ev := parser.Event{Time: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC), Path: []byte("/"), UA: []byte("x"), Status: 200}
	v := detector.Verdict{Key: netip.MustParsePrefix("192.0.2.1/32")}
	raw := []byte("line")
	if n := testing.AllocsPerRun(1000, func() { c.Observe(1, raw, &ev, &v) }); n != 0 {
		t.Errorf("Observe of a known client: %.1f allocs", n)
	}
	i := uint32(0)
	if n := testing.AllocsPerRun(500, func() {
		i++
		v.Key = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), 32)
		c.Observe(1, raw, &ev, &v)
	}); n != 0 {
		t.Errorf("Observe of a new client: %.1f allocs", n)
	}
}

// TestWarmClientsCountsNothing: warming the runs of a batch, as the
// parallel replay does, reads only: counts and distinct clients are those of
// observing alone, for IPv4, IPv6 and odd keys, invalid verdicts and a
// last run shorter than the others, and it allocates nothing.
func TestWarmClientsCountsNothing(t *testing.T) {
	keys := []netip.Prefix{
		netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8:1::/64"),
		{}, netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8:2::/64"),
	}
	vs := make([]detector.Verdict, 2*detector.WarmBatch+5)
	for i := range vs {
		vs[i].Key = keys[i%len(keys)]
	}
	ev := parser.Event{Time: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC), Path: []byte("/"), Status: 200}
	warmed, plain := NewCollector(Options{}), NewCollector(Options{})
	for i := range vs {
		if i%detector.WarmBatch == 0 {
			warmed.WarmClients(vs, i)
		}
		warmed.Observe(uint64(i), nil, &ev, &vs[i])
		plain.Observe(uint64(i), nil, &ev, &vs[i])
	}
	for _, k := range keys {
		if got, want := warmed.requests(k), plain.requests(k); got != want || want == 0 {
			t.Errorf("%v: %d requests warmed, %d not", k, got, want)
		}
	}
	if got, want := warmed.Report(PolicyInfo{}, 10).Summary, plain.Report(PolicyInfo{}, 10).Summary; got.DistinctClients != want.DistinctClients {
		t.Errorf("distinct clients %d warmed, %d not", got.DistinctClients, want.DistinctClients)
	}
	if n := testing.AllocsPerRun(100, func() {
		for i := 0; i < len(vs); i += detector.WarmBatch {
			warmed.WarmClients(vs, i)
		}
	}); n != 0 {
		t.Errorf("WarmClients: %.1f allocs", n)
	}
}

func TestTopNMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var all []Count
	for i := range 5000 {
		all = append(all, Count{Value: ipprefix.String(netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, byte(i >> 8), byte(i)}), 32)), Count: uint64(rng.IntN(20))})
	}
	for _, n := range []int{0, 1, 7, 5000, 6000} {
		top := newTopN(n)
		for _, c := range all {
			top.offer(c)
		}
		got := top.sorted()
		want := sortCounts(append([]Count(nil), all...), n)
		sort.SliceStable(want, func(i, j int) bool { return below(want[j], want[i]) })
		if len(got) != len(want) {
			t.Fatalf("n=%d: %d, want %d", n, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d [%d] = %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}
