package cluster

import (
	"context"
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// BenchmarkBurst publishes 100,000 ban decisions on node a at once and
// waits until node b has been handed all of them (no kernel: the cluster
// package's own share of a burst).
//
//	go test ./cluster -run '^$' -bench Burst -benchtime 1x
func BenchmarkBurst(b *testing.B) {
	const n = 100_000
	// Redis's default durability (fsync every second), as a site runs it;
	// the tests use appendfsync always.
	r := clustertest.Start(b, "--appendfsync", "everysec")
	a := startNode(b, r, "a", b.TempDir(), nil)
	c := startNode(b, r, "b", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "synced", func() bool { return a.Stats().Connected && c.Stats().Snapshots == 1 })
	for i := range b.N {
		ds := make([]Decision, n)
		for j := range ds {
			ds[j] = ban(netip.AddrFrom4([4]byte{byte(10 + i), byte(j >> 16), byte(j >> 8), byte(j)}).String()+"/32", time.Hour)
		}
		b.ResetTimer()
		cpu0, rcpu0 := cpuTime(), r.CPU()
		t0 := time.Now()
		a.Publish(ds...)
		waitFor(b, 120*time.Second, "a publishes", func() bool { return a.Stats().Published == uint64((i+1)*n) })
		pub := time.Since(t0)
		waitFor(b, 120*time.Second, "b applies", func() bool { return c.Stats().Applied == uint64((i+1)*n) })
		b.StopTimer()
		b.ReportMetric(pub.Seconds(), "published-s")
		b.ReportMetric(time.Since(t0).Seconds(), "applied-s")
		// CPU of both nodes (this process): what the burst costs on an
		// idle machine, whatever else shares this one.
		b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s")
		// CPU of redis-server: what publishing costs the shared Redis.
		b.ReportMetric((r.CPU() - rcpu0).Seconds(), "redis-cpu-s")
	}

}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCounterFlush is one flush of a cluster-scoped rule after a
// batch of one event each from 1,000,000 distinct clients (the log's cap:
// a flush held up by a slow Redis). It reports the longest single script
// call as Redis timed it (SLOWLOG, every call logged), the longest PING
// another client of that Redis waited for meanwhile (what ban propagation
// would wait), the flush's wall time, this process's CPU per event (Add
// and Flush: the node's share), Redis's CPU, and the heap the rule's
// tables hold after the flush and after the table has shrunk back.
//
//	go test ./cluster -run '^$' -bench CounterFlush -benchtime 1x -count 5
func BenchmarkCounterFlush(b *testing.B) {
	const clients = 1_000_000
	r := clustertest.Start(b, "--appendfsync", "everysec", "--slowlog-log-slower-than", "0", "--slowlog-max-len", "1000000")
	n := startNode(b, r, "a", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "connected", func() bool { return n.Stats().Connected })
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	probe := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer probe.Close()
	ctx := context.Background()
	ps := make([]netip.Prefix, clients)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	for i := 0; b.Loop(); i++ {
		c := n.Counter()
		rule := c.Rule(fmt.Sprintf("r%d", i), time.Minute, 2) // a share of 1: every client sent
		runtime.GC()
		var m0 runtime.MemStats
		runtime.ReadMemStats(&m0)
		direct.SlowLogReset(ctx)
		stop := make(chan struct{})
		pingMax := make(chan time.Duration)
		go func() {
			var worst time.Duration
			for {
				select {
				case <-stop:
					pingMax <- worst
					return
				default:
				}
				t0 := time.Now()
				probe.Ping(ctx)
				worst = max(worst, time.Since(t0))
				time.Sleep(time.Millisecond)
			}
		}()
		cpu0, rcpu0, t0 := cpuTime(), r.CPU(), time.Now()
		for _, p := range ps {
			c.Add(rule, p)
		}
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			b.Fatal(err)
		}
		wall, cpu, rcpu := time.Since(t0), cpuTime()-cpu0, r.CPU()-rcpu0
		close(stop)
		worstPing := <-pingMax
		runtime.GC()
		var m1 runtime.MemStats
		runtime.ReadMemStats(&m1)
		for range quietFlushes {
			c.Flush(ctx, time.Now())
		}
		runtime.GC()
		var m2 runtime.MemStats
		runtime.ReadMemStats(&m2)
		logs, err := direct.SlowLogGet(ctx, -1).Result()
		if err != nil {
			b.Fatal(err)
		}
		var calls []time.Duration
		for _, l := range logs {
			if len(l.Args) > 0 && strings.EqualFold(l.Args[0], "evalsha") {
				calls = append(calls, l.Duration)
			}
		}
		if uint64(len(calls)) != c.seq {
			b.Fatalf("%d script calls in the slow log, %d sent", len(calls), c.seq)
		}
		slices.Sort(calls)
		b.ReportMetric(float64(calls[len(calls)-1].Microseconds())/1000, "longest-call-ms")
		b.ReportMetric(float64(calls[len(calls)*99/100].Microseconds())/1000, "p99-call-ms")
		b.ReportMetric(float64(calls[len(calls)/2].Microseconds())/1000, "median-call-ms")
		b.ReportMetric(float64(len(calls)), "calls")
		b.ReportMetric(float64(worstPing.Microseconds())/1000, "worst-ping-ms")
		b.ReportMetric(wall.Seconds(), "flush-s")
		b.ReportMetric(float64(cpu.Nanoseconds())/clients, "cpu-ns/event")
		b.ReportMetric(rcpu.Seconds(), "redis-cpu-s")
		b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/1e6, "held-MB")
		b.ReportMetric(float64(int64(m2.HeapAlloc)-int64(m0.HeapAlloc))/1e6, "quiet-MB")
		runtime.KeepAlive(rule)
	}
}

// BenchmarkCounterSteady is cluster-scoped counting as the daemon's
// throughput benchmark drives it (BenchmarkClusterThroughput, every line
// counted): 20,000 clients in turn, 10,000 events between two flushes,
// 100 flushes. It reports this process's CPU per event (Add and Flush)
// and Redis's: with the clients far under their limit (far: held, never
// sent) and with every client's counts sent every flush (all-sent: a
// share of 1, as when every client is near its limit, and as every
// client was before the share protocol).
//
//	go test ./cluster -run '^$' -bench CounterSteady -count 5
//
// hot: every client known hot (as the daemon's near-limit benchmark's
// clients are once marked), so each is sent every flush through the
// report's hot test rather than the share of 1.
//
// near: the daemon's near-limit shape whole (its cluster-near mode):
// each iteration 20,000 clients never seen, 10 events each against a
// limit of 10 on one node (a share of 5), 10,000 events a flush; each
// client is held to 5, sent, marked hot by the script (half the limit),
// learned hot by the node, then sent at every event, never over the
// limit. Its CPU includes learning the marks.
func BenchmarkCounterSteady(b *testing.B) {
	for _, mode := range []string{"far", "all-sent", "hot", "near"} {
		b.Run(mode, func(b *testing.B) {
			if mode == "near" {
				counterNear(b)
				return
			}
			counterSteady(b, mode)
		})
	}
}

func counterNear(b *testing.B) {
	const clients, perClient, perFlush = 20_000, 10, 10_000
	r := clustertest.Start(b, "--appendfsync", "everysec")
	n := startNode(b, r, "a", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "connected", func() bool { return n.Stats().Connected })
	ctx := context.Background()
	c := n.Counter()
	c.nodes = func() int { return 1 }
	rule := c.Rule("flood", time.Minute, perClient)
	var cpu, rcpu time.Duration
	events, iter := 0, 0
	for b.Loop() {
		iter++
		cpu0, rcpu0 := cpuTime(), r.CPU()
		for e := range clients * perClient {
			i := e % clients
			c.Add(rule, netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(iter), byte(i >> 8), byte(i)}), 32))
			if (e+1)%perFlush == 0 {
				if _, err := c.Flush(ctx, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
		}
		cpu += cpuTime() - cpu0
		rcpu += r.CPU() - rcpu0
		events += clients * perClient
	}
	if len(rule.hot) < clients {
		b.Fatalf("%d clients hot on the node, want %d", len(rule.hot), clients)
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "cpu-ns/event")
	b.ReportMetric(float64(rcpu.Nanoseconds())/float64(events), "redis-cpu-ns/event")
}

func counterSteady(b *testing.B, mode string) {
	const clients, perFlush, flushes = 20_000, 10_000, 100
	r := clustertest.Start(b, "--appendfsync", "everysec")
	n := startNode(b, r, "a", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "connected", func() bool { return n.Stats().Connected })
	ps := make([]netip.Prefix, clients)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}), 32)
	}
	ctx := context.Background()
	c := n.Counter()
	rule := c.Rule("flood", time.Minute, 100_000_000)
	switch mode {
	case "all-sent":
		c.nodes = func() int { return 1 << 30 } // a share of 1
	case "hot":
		c.nodes = func() int { return 1 }
		for _, p := range ps {
			rule.learnHot(keyOf(p), time.Now().Add(time.Hour).UnixMilli(), maxHotKnown)
		}
	}
	var cpu, rcpu time.Duration
	events := 0
	for b.Loop() {
		cpu0, rcpu0 := cpuTime(), r.CPU()
		for f := range flushes {
			for j := range perFlush {
				c.Add(rule, ps[(f*perFlush+j)%clients])
			}
			if _, err := c.Flush(ctx, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuTime() - cpu0
		rcpu += r.CPU() - rcpu0
		events += flushes * perFlush
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "cpu-ns/event")
	b.ReportMetric(float64(rcpu.Nanoseconds())/float64(events), "redis-cpu-ns/event")
}

// BenchmarkFetchHot is one read of 20,000 new hot marks of a rule (what a
// node reads once a window while an attack spread over many clients
// nears the limit: the daemon's near-limit benchmark marks 20,000 clients
// a phase): the read, the parse and learning each client hot, from an
// empty map. It reports this process's CPU (the node's), redis-server's
// and the allocations per mark.
//
//	go test ./cluster -run '^$' -bench FetchHot -benchmem
func BenchmarkFetchHot(b *testing.B) {
	const marks = 20_000
	r := clustertest.Start(b, "--appendfsync", "everysec")
	n := startNode(b, r, "a", b.TempDir(), nil)
	waitFor(b, 5*time.Second, "connected", func() bool { return n.Stats().Connected })
	ctx := context.Background()
	c := n.Counter()
	rule := c.Rule("flood", time.Minute, 10)
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	zs := make([]redis.Z, marks)
	for i := range zs {
		zs[i] = redis.Z{Score: float64(i + 1), Member: netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}), 32).String()}
	}
	if err := rdb.ZAdd(ctx, c.k.hot(rule.id), zs...).Err(); err != nil {
		b.Fatal(err)
	}
	if err := rdb.Set(ctx, c.k.hotSeq(rule.id), marks, 0).Err(); err != nil {
		b.Fatal(err)
	}
	nowMs := time.Now().UnixMilli()
	var cpu, rcpu time.Duration
	b.ReportAllocs()
	for b.Loop() {
		rule.hotSeen, rule.hot, rule.epoch = 0, map[countKey]int64{}, ""
		cpu0, rcpu0 := cpuTime(), r.CPU()
		c.fetchHot(ctx, []*Rule{rule}, nowMs)
		cpu += cpuTime() - cpu0
		rcpu += r.CPU() - rcpu0
		if len(rule.hot) != marks {
			b.Fatalf("%d clients learned hot, want %d", len(rule.hot), marks)
		}
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*marks), "cpu-ns/mark")
	b.ReportMetric(float64(rcpu.Nanoseconds())/float64(b.N*marks), "redis-cpu-ns/mark")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*marks), "ns/mark")
}
