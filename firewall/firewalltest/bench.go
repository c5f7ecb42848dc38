//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// preloaded opens a backend in a fresh namespace holding 100,000 host bans.
func preloaded(b *testing.B, open Open) firewall.Backend {
	return preloadedWith(b, open, Many(100_000, time.Hour))
}

// preloadedT is preloaded for a test.
func preloadedT(t *testing.T, open Open) firewall.Backend {
	return preloadedWith(t, open, Many(100_000, time.Hour))
}

func preloadedWith(b testing.TB, open Open, bans []firewall.Ban) firewall.Backend {
	b.Helper()
	ns := netnstest.New(b)
	fw := open(b, ns, nil)
	if err := fw.Ban(context.Background(), bans); err != nil {
		b.Fatal(err)
	}
	return fw
}

// reportLatency adds p50, p99 and max of per-call durations as metrics.
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	q := func(f float64) float64 { return float64(d[int(f*float64(len(d)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(d[len(d)-1])/float64(time.Millisecond), "max-ms")
}

// BenchBanLatency100k: with 100,000 bans loaded and Watch running (as in
// the daemon: iptables then runs Verify every 250 ms), one Ban call of one
// new address at a time, as the daemon sends a new offender; p50 and p99
// of the calls.
func BenchBanLatency100k(b *testing.B, open Open) {
	fw := preloaded(b, open)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	drifts, err := fw.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for d := range drifts {
			b.Errorf("drift while banning: %s", d)
		}
	}()
	BanEach(b, ctx, fw, NewHost)
}

// NewHost is the i-th address of 198.18.0.0/15, a /32 nothing preloaded
// holds.
func NewHost(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 18 + byte(i>>16&1), byte(i >> 8), byte(i)}), 32)
}

// BanEach times b.N Ban calls of one prefix each (prefix(i), banned for
// an hour) and reports their p50, p99 and max.
func BanEach(b *testing.B, ctx context.Context, fw firewall.Backend, prefix func(i int) netip.Prefix) {
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		p := prefix(i)
		start := time.Now()
		if err := fw.Ban(ctx, []firewall.Ban{{Prefix: p, Timeout: time.Hour}}); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, d)
}

// BenchBanLatency100k64: with 100,000 IPv6 /64 bans loaded, one Ban call
// of one new /64 at a time; p50 and p99 of the calls.
func BenchBanLatency100k64(b *testing.B, open Open) {
	fw := preloadedWith(b, open, Many64(100_000, time.Hour))
	BanEach(b, context.Background(), fw, func(i int) netip.Prefix {
		a := [16]byte{0x20, 0x01, 0x0d, 0xb9, 0, byte(i >> 16), byte(i >> 8), byte(i)}
		return netip.PrefixFrom(netip.AddrFrom16(a), 64)
	})
}

// BenchUnban64Among100k64: unbanning one /64 among 100,000 /64 bans (a
// prefix unban: the bans inside it go too).
func BenchUnban64Among100k64(b *testing.B, open Open) {
	many := Many64(100_000, time.Hour)
	fw := preloadedWith(b, open, many)
	ctx := context.Background()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if err := fw.Unban(ctx, []netip.Prefix{many[i%len(many)].Prefix}); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, d)
}

// BenchPrefixBanLatency100k: the same for /24 bans (interval sets).
func BenchPrefixBanLatency100k(b *testing.B, open Open) {
	fw := preloaded(b, open)
	BanEach(b, context.Background(), fw, func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{30 + byte(i>>16), byte(i >> 8), byte(i), 0}), 24)
	})
}

// timed runs fn b.N times against a preloaded backend, reporting latency.
func timed(b *testing.B, open Open, fn func(context.Context, firewall.Backend) error) {
	fw := preloaded(b, open)
	ctx := context.Background()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := fn(ctx, fw); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, d)
}

// BenchCounts100k: Counts (and so status) with 100,000 bans loaded.
func BenchCounts100k(b *testing.B, open Open) {
	timed(b, open, func(ctx context.Context, fw firewall.Backend) error {
		c, err := fw.Counts(ctx)
		if err == nil && c.Bans != 100_000 {
			b.Fatalf("Counts.Bans = %d", c.Bans)
		}
		return err
	})
}

// BenchVerify100k: one Verify (what Watch polls on iptables).
func BenchVerify100k(b *testing.B, open Open) {
	timed(b, open, func(ctx context.Context, fw firewall.Backend) error {
		_, err := fw.Verify(ctx)
		return err
	})
}

// BenchList100k: reading 100,000 bans back.
func BenchList100k(b *testing.B, open Open) {
	timed(b, open, func(ctx context.Context, fw firewall.Backend) error {
		l, err := fw.List(ctx)
		if err == nil && len(l) != 100_000 {
			b.Fatalf("List returned %d", len(l))
		}
		return err
	})
}

// BenchLookup100k: one address looked up among 100,000 bans.
func BenchLookup100k(b *testing.B, open Open) {
	target := netip.MustParsePrefix("100.64.200.7/32")
	timed(b, open, func(ctx context.Context, fw firewall.Backend) error {
		e, err := fw.Lookup(ctx, target)
		if err == nil && len(e) != 1 {
			b.Fatalf("Lookup = %v", e)
		}
		return err
	})
}

// BenchSetList100k: replacing a named list with 100,000 CIDRs (/24s),
// alternating between two contents so every call changes the whole list.
func BenchSetList100k(b *testing.B, open Open) {
	ns := netnstest.New(b)
	fw := open(b, ns, nil)
	ctx := context.Background()
	lists := [2][]netip.Prefix{}
	for k := range lists {
		for i := range 100_000 {
			lists[k] = append(lists[k], netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(20 + 40*k + i>>16), byte(i >> 8), byte(i), 0}), 24))
		}
	}
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if err := fw.SetList(ctx, "bench", lists[i%2]); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, d)
}

// BenchSetListRefresh100k: refreshing a 100,000-CIDR list of which 1,000
// entries changed, the common case of a feed refresh.
func BenchSetListRefresh100k(b *testing.B, open Open) {
	ns := netnstest.New(b)
	fw := open(b, ns, nil)
	ctx := context.Background()
	base := make([]netip.Prefix, 0, 100_000)
	for i := range 100_000 {
		base = append(base, netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(20 + i>>16), byte(i >> 8), byte(i), 0}), 24))
	}
	if err := fw.SetList(ctx, "bench", base); err != nil {
		b.Fatal(err)
	}
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		next := slices.Clone(base)
		for j := range 1000 {
			k := (i*1000 + j) % len(next)
			next[k] = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(90 + i%2), byte(j >> 8), byte(j), 0}), 24)
		}
		start := time.Now()
		if err := fw.SetList(ctx, "bench", next); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
		base = next
	}
	b.StopTimer()
	reportLatency(b, d)
}

// BenchUnban100k: unbanning one address among 100,000 bans.
func BenchUnban100k(b *testing.B, open Open) {
	i := 0
	timed(b, open, func(ctx context.Context, fw firewall.Backend) error {
		i++
		a := netip.AddrFrom4([4]byte{100, 64 + byte(i>>16), byte(i >> 8), byte(i)})
		return fw.Unban(ctx, []netip.Prefix{netip.PrefixFrom(a, 32)})
	})
}
