//go:build linux

package daemon

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// kernelClock records when each prefix reached one node's kernel
// (KernelHook: right after the netlink batch was acknowledged).
type kernelClock struct {
	mu   sync.Mutex
	at   map[netip.Prefix]time.Time
	want int
	all  chan struct{}
}

func newKernelClock() *kernelClock {
	return &kernelClock{at: map[netip.Prefix]time.Time{}, all: make(chan struct{})}
}

func (k *kernelClock) hook(ps []netip.Prefix, at time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, p := range ps {
		if _, ok := k.at[p]; !ok {
			k.at[p] = at
		}
	}
	if k.want > 0 && len(k.at) >= k.want {
		k.want = 0
		close(k.all)
	}
}

func (k *kernelClock) get(p netip.Prefix) (time.Time, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	t, ok := k.at[p]
	return t, ok
}

// expect arms all to close once n prefixes (in total) arrived.
func (k *kernelClock) expect(n int) chan struct{} {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.all = make(chan struct{})
	k.want = n
	if len(k.at) >= n {
		k.want = 0
		close(k.all)
	}
	return k.all
}

// threeNodes starts three in-process daemons, each enforcing with nftables
// in a network namespace of its own, sharing one redis-server.
// redisArgs are extra redis-server directives.
func threeNodes(b *testing.B, redisArgs ...string) ([]*harness, []*kernelClock, *clustertest.Redis) {
	netnstest.Require(b, "nft")
	r := clustertest.Start(b, redisArgs...)
	var hs []*harness
	var ks []*kernelClock
	for _, name := range []string{"a", "b", "c"} {
		ns := netnstest.New(b)
		k := newKernelClock()
		// No memory limit: it is process-wide (debug.SetMemoryLimit) and
		// sized for one daemon, and here three share the process; with it
		// the 100k burst took about twice the CPU, most of it the
		// collector. A real node is a process of its own.
		hs = append(hs, clusterHarnessWith(b, r, name, "\n[limits]\nmemory_limit = \"off\"\n", Options{NetNS: ns.Path, KernelHook: k.hook}))
		ks = append(ks, k)
	}
	return hs, ks, r
}

func pct(lat []time.Duration, p int) float64 {
	slices.Sort(lat)
	return float64(lat[min(len(lat)-1, len(lat)*p/100)].Microseconds()) / 1000
}

// BenchmarkClusterPropagation measures, per ban, the time from node A's
// kernel accepting a ban it decided (from an appended trap line) to the
// element being in the kernels of B and C: Redis stream, the other
// nodes' reads, their netlink batches. One ban at a time. Reports p50 and
// p99 of the slower of B and C, and of line-append to B/C.
//
//	go test ./daemon -run '^$' -bench ClusterPropagation -benchtime 1000x
func BenchmarkClusterPropagation(b *testing.B) {
	hs, ks, _ := threeNodes(b)
	f, err := os.OpenFile(hs[0].logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	prop := make([]time.Duration, 0, b.N)
	total := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		ip := netip.AddrFrom4([4]byte{100, 64 + byte(i>>16), byte(i >> 8), byte(i)})
		p := netip.PrefixFrom(ip, 32)
		t0 := time.Now()
		if _, err := f.WriteString(clfLine(ip.String(), "/wp-login.php")); err != nil {
			b.Fatal(err)
		}
		done := [3]chan struct{}{ks[0].expect(i + 1), ks[1].expect(i + 1), ks[2].expect(i + 1)}
		for j, ch := range done {
			select {
			case <-ch:
			case <-time.After(5 * time.Second):
				b.Fatalf("ban %d not in node %d's kernel after 5s", i, j)
			}
		}
		ta, _ := ks[0].get(p)
		tb, _ := ks[1].get(p)
		tc, _ := ks[2].get(p)
		last := tb
		if tc.After(last) {
			last = tc
		}
		prop = append(prop, last.Sub(ta))
		total = append(total, last.Sub(t0))
	}
	b.StopTimer()
	b.ReportMetric(pct(prop, 50), "p50-ms")
	b.ReportMetric(pct(prop, 99), "p99-ms")
	b.ReportMetric(pct(total, 50), "line-p50-ms")
	b.ReportMetric(pct(total, 99), "line-p99-ms")
}

// BenchmarkClusterBurst appends 100,000 trap lines (distinct clients) to
// node A's log at once and measures when the last of those bans is in
// A's, B's and C's kernels. burst-s is from the append to the last node;
// spread-s from A's last ban to the last node's (the cluster's own share).
//
// Redis runs with its default durability for an append-only file
// (everysec: fsync once a second), as a site runs it, and with
// appendfsync always (the tests' setting: an fsync per batch of commands
// Redis reads, 16 KB at a time, so a burst's 5 MB are hundreds of fsyncs).
//
//	go test ./daemon -run '^$' -bench ClusterBurst -benchtime 1x
func BenchmarkClusterBurst(b *testing.B) {
	for _, fsync := range []string{"everysec", "always"} {
		b.Run("appendfsync="+fsync, func(b *testing.B) { clusterBurst(b, "--appendfsync", fsync) })
	}
}

func clusterBurst(b *testing.B, redisArgs ...string) {
	const n = 100_000
	hs, ks, r := threeNodes(b, redisArgs...)
	for i := range b.N {
		var sb strings.Builder
		for j := range n {
			sb.WriteString(clfLine(netip.AddrFrom4([4]byte{byte(10 + i), byte(j >> 16), byte(j >> 8), byte(j)}).String(), "/wp-login.php"))
		}
		var chans []chan struct{}
		for _, k := range ks {
			chans = append(chans, k.expect((i+1)*n))
		}
		b.ResetTimer()
		cpu0, rcpu0 := processCPU(), r.CPU()
		t0 := time.Now()
		hs[0].append(sb.String())
		var ends []time.Time
		for j, ch := range chans {
			select {
			case <-ch:
			case <-time.After(60 * time.Second):
				k := ks[j]
				k.mu.Lock()
				got := len(k.at)
				k.mu.Unlock()
				b.Fatalf("node %d has %d of %d bans after 60s", j, got, (i+1)*n)
			}
			ends = append(ends, lastAt(ks[j]))
		}
		b.StopTimer()
		lastOther := ends[1]
		if ends[2].After(lastOther) {
			lastOther = ends[2]
		}
		b.ReportMetric(ends[0].Sub(t0).Seconds(), "a-s")
		b.ReportMetric(lastOther.Sub(t0).Seconds(), "burst-s")
		b.ReportMetric(lastOther.Sub(ends[0]).Seconds(), "spread-s")
		// CPU used by the three daemons (this process) and by Redis: what
		// the burst costs whatever else shares the machine.
		b.ReportMetric((processCPU() - cpu0).Seconds(), "daemons-cpu-s")
		b.ReportMetric((r.CPU() - rcpu0).Seconds(), "redis-cpu-s")
		fmt.Fprintf(os.Stderr, "burst %d: A %s, B %s, C %s after the append\n", i, ends[0].Sub(t0), ends[1].Sub(t0), ends[2].Sub(t0))
		// Where the time goes: when each tenth of the burst was in each
		// kernel (a node that keeps pace with A trails it by a batch).
		for j, k := range ks {
			fmt.Fprintf(os.Stderr, "  %c deciles:%s\n", 'A'+j, deciles(k, t0))
		}
	}
}

// deciles lists when 10 %, 20 % ... 100 % of the prefixes a node holds
// reached its kernel, after t0 (those before t0 ignored).
func deciles(k *kernelClock, t0 time.Time) string {
	k.mu.Lock()
	var ts []time.Duration
	for _, t := range k.at {
		if !t.Before(t0) {
			ts = append(ts, t.Sub(t0))
		}
	}
	k.mu.Unlock()
	slices.Sort(ts)
	var sb strings.Builder
	for q := 1; q <= 10 && len(ts) > 0; q++ {
		fmt.Fprintf(&sb, " %.2f", ts[min(len(ts)-1, len(ts)*q/10)].Seconds())
	}
	return sb.String()
}

func lastAt(k *kernelClock) time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	var last time.Time
	for _, t := range k.at {
		if t.After(last) {
			last = t
		}
	}
	return last
}

// BenchmarkClusterThroughput is the hot-path cost of cluster-scoped
// counting: CPU per judged line of one in-process daemon (dry-run
// backend) replaying the same 200,000 lines (20,000 clients) as a cluster
// node with Redis running, with the same throttle scoped per node
// (cluster-node, the baseline) and scoped to the cluster, counting every
// line (cluster-all, the worst case: each line is matched and counted, and
// up to 20,000 clients' counts are combined through Redis every 50ms) or
// 2 % of them (cluster-2pct, closer to a login or scan rule); alone is the
// same daemon without [cluster]. Those clients stay far below the limit
// (requests = 100000000): under the share protocol no count of theirs is
// ever sent. cluster-near counts every line against a limit of 10 (each
// client has exactly 10 lines): every client turns hot at 5 and is sent
// every batch from then on, never banned: the cost while an attack spread
// over many clients is being counted. The modes take turns within each
// iteration (the machine's load drifts), and each figure is the median
// over the iterations. Compare the cpu-ns/line figures.
//
//	go test ./daemon -run '^$' -bench ClusterThroughput -benchtime 5x
//
// BENCH_MODES (comma-separated) runs only those modes, for a profile of
// one: BENCH_MODES=cluster-near go test ./daemon -run '^$' -bench
// ClusterThroughput -benchtime 20x -cpuprofile near.prof
func BenchmarkClusterThroughput(b *testing.B) {
	const lines = 200_000
	var sb strings.Builder
	for i := range lines {
		ip := netip.AddrFrom4([4]byte{100, 64, byte(i % 20000 >> 8), byte(i % 20000)})
		sb.WriteString(clfLine(ip.String(), fmt.Sprintf("/page/%d", i%50)))
	}
	// In a file, not in this process's heap (see
	// BenchmarkClusterWarmThroughput: the daemon's memory limit is
	// process-wide).
	input := filepath.Join(b.TempDir(), "input.log")
	if err := os.WriteFile(input, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	sb = strings.Builder{}
	perNode, rules := throughputRules()
	all := []string{"alone", "cluster-node", "cluster-all", "cluster-2pct", "cluster-near"}
	modes := all
	if m := os.Getenv("BENCH_MODES"); m != "" {
		// One mode's CPU profile (-cpuprofile), e.g. BENCH_MODES=cluster-near.
		modes = strings.Split(m, ",")
		for _, mode := range modes {
			if !slices.Contains(all, mode) {
				// An unknown one ran as a cluster node with no rule.
				b.Fatalf("BENCH_MODES: unknown mode %q (want %s)", mode, strings.Join(all, ", "))
			}
		}
	}
	cpuPerLine := map[string][]float64{}
	redisPerLine := map[string][]float64{}
	rate := map[string][]float64{}
	for range b.N {
		for _, mode := range modes {
			var h *harness
			var r *clustertest.Redis
			switch mode {
			case "alone":
				h = newHarness(b, perNode)
				h.start(Options{})
			default:
				h, r = startClusterMode(b, mode, rules[mode], "")
			}
			var rc0 time.Duration
			if r != nil {
				rc0 = r.CPU()
			}
			// The garbage of the modes before is collected before this
			// one is timed: the daemon's memory limit keeps the heap
			// goal near the live heap, and a mode that inherits the
			// previous one's garbage pays for its collection.
			runtime.GC()
			t0, c0 := time.Now(), processCPU()
			appendFile(b, h, input)
			waitJudged(b, h, mode, lines)
			wall, cpu := time.Since(t0), processCPU()-c0
			cpuPerLine[mode] = append(cpuPerLine[mode], float64(cpu.Nanoseconds())/lines)
			rate[mode] = append(rate[mode], lines/wall.Seconds())
			if r != nil {
				redisPerLine[mode] = append(redisPerLine[mode], float64((r.CPU()-rc0).Nanoseconds())/lines)
				r.Stop()
			}
			h.stop()
			// The harness stays referenced until the benchmark ends (its
			// cleanup); its daemon, with its tables, must not: with every
			// iteration's daemons live, the heap grew by each and the
			// collector (the memory limit keeps its goal near the live
			// heap) ran twice as often for the modes that hold more.
			h.d = nil
		}
	}
	median := func(xs []float64) float64 {
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	for _, mode := range modes {
		// CPU per line of this process (the daemon, its Redis client and
		// the polling), steadier than lines/s on a shared machine; Redis's
		// own CPU apart.
		b.ReportMetric(median(cpuPerLine[mode]), mode+"-cpu-ns/line")
		b.ReportMetric(median(rate[mode]), mode+"-lines/s")
		if mode != "alone" {
			b.ReportMetric(median(redisPerLine[mode]), mode+"-redis-cpu-ns/line")
		}
		fmt.Fprintf(os.Stderr, "%s cpu-ns/line: %.0f\n", mode, cpuPerLine[mode])
	}
}

// throughputRules are the throttles of the ClusterThroughput benchmarks:
// the one scoped per node (alone's and cluster-node's) and each cluster
// mode's.
func throughputRules() (perNode string, rules map[string]string) {
	const everyLine = `
[[throttle]]
id = "site-flood"
path_prefix = "/"
requests = 100000000
window = "1m"
scope = "cluster"
`
	perNode = strings.Replace(everyLine, `scope = "cluster"`, "", 1)
	rare := strings.Replace(everyLine, `path_prefix = "/"`, `path = "/page/7"`, 1)
	near := strings.Replace(everyLine, "requests = 100000000", "requests = 10", 1)
	return perNode, map[string]string{"cluster-node": perNode, "cluster-all": everyLine, "cluster-2pct": rare, "cluster-near": near}
}

// startClusterMode starts a Redis (on the CPUs of redisCPUs, taskset -c;
// empty: any) and a cluster node judging with rule, and waits for the
// node's shares to start.
func startClusterMode(b *testing.B, mode, rule, redisCPUs string) (*harness, *clustertest.Redis) {
	r := clustertest.StartOn(b, redisCPUs, "--appendfsync", "everysec")
	h := clusterHarness(b, r, "a", rule)
	// A node sends every count for 5 s after its first heartbeat
	// (cluster.Options.ShareGrace): the shares, the steady state measured
	// here, start after it. Not waiting measured that start: far from the
	// limit Redis 650 ns a line instead of 0.
	for deadline := time.Now().Add(15 * time.Second); h.d.clusterNode().SharesNodes() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatalf("%s: the shares did not start", mode)
		}
	}
	return h, r
}

// waitJudged waits until the daemon has judged want lines, polling its
// status every 50ms (the polling's own CPU is in the figures).
func waitJudged(b *testing.B, h *harness, mode string, want uint64) {
	for deadline := time.Now().Add(120 * time.Second); ; {
		st, err := h.d.Status(context.Background())
		if err == nil && len(st.Sources) == 1 && st.Sources[0].Lines >= want {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s: lines not judged after 120s", mode)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBurstAlone is BenchmarkClusterBurst's baseline: the same
// 100,000 trap lines on one daemon without a cluster (nftables in its own
// namespace), so the cluster's share of the burst's CPU can be told apart
// from judging and enforcing on the deciding node.
//
//	go test ./daemon -run '^$' -bench BurstAlone -benchtime 1x
func BenchmarkBurstAlone(b *testing.B) {
	const n = 100_000
	netnstest.Require(b, "nft")
	k := newKernelClock()
	h := nftHarness(b)
	h.start(Options{NetNS: netnstest.New(b).Path, KernelHook: k.hook})
	for i := range b.N {
		var sb strings.Builder
		for j := range n {
			sb.WriteString(clfLine(netip.AddrFrom4([4]byte{byte(10 + i), byte(j >> 16), byte(j >> 8), byte(j)}).String(), "/wp-login.php"))
		}
		all := k.expect((i + 1) * n)
		b.ResetTimer()
		cpu0, t0 := processCPU(), time.Now()
		h.append(sb.String())
		select {
		case <-all:
		case <-time.After(60 * time.Second):
			b.Fatal("the burst is not in the kernel after 60s")
		}
		b.StopTimer()
		b.ReportMetric(lastAt(k).Sub(t0).Seconds(), "a-s")
		b.ReportMetric((processCPU() - cpu0).Seconds(), "cpu-s")
	}
}
