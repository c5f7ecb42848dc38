//go:build linux

package daemon

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// BenchmarkClusterWarmThroughput is BenchmarkClusterThroughput's cost of
// cluster-scoped counting measured as a ratio within each iteration (the
// session 8 review's variant). Each daemon judges a first input of
// 200,000 lines (20,000 clients of 100.64.x.x: a fresh daemon's first
// batches, "cold") and then a second of the same shape from other
// clients (100.66.x.x: the steady state, "warm"), both timed apart. Each
// iteration runs every mode once, in an order rotated by the iteration
// (the machine's load drifts), and a cluster mode's cost is its CPU per
// line over alone's in the SAME iteration; the figures are the medians
// of those per-iteration ratios, their spread, and how many iterations
// were under the 10 % target (issue 10). On a machine whose load moves
// the whole process by several points between runs, the ratio of two
// separate medians mixes iterations run at different loads.
//
//	go test ./daemon -run '^$' -bench ClusterWarmThroughput -benchtime 12x
//
// (Not named ClusterThroughput*: -bench ClusterThroughput runs that
// benchmark alone, as before.) BENCH_MODES (comma-separated, alone
// first) picks the modes; the
// default is alone,cluster-all,cluster-near (see BenchmarkClusterThroughput).
//
// alone-near is alone with cluster-near's rule (requests = 10) scoped per
// node: the same detector work as cluster-near's (its local detector runs
// the rule too, at its limit of 10, which alone's limit of 100,000,000
// never nears), without the cluster. With it in BENCH_MODES
// (alone,alone-near,cluster-all,cluster-near), cluster-near's cost is
// also given over alone-near in the same iteration ("cluster-near-vs-
// alone-near-" figures): what counting cluster-wide costs on top of
// counting the same rule on the node alone, which is issue 10's measure
// (a node's throughput with the rule scoped to the cluster against the
// same node without a cluster). Over alone, cluster-near's figures hold
// the detector's work near a limit of 10 as well (session 14: the
// near-limit throttle's own per-line work, not the counting).
func BenchmarkClusterWarmThroughput(b *testing.B) {
	const lines = 200_000
	mk := func(second byte) string {
		var sb strings.Builder
		for i := range lines {
			ip := netip.AddrFrom4([4]byte{100, second, byte(i % 20000 >> 8), byte(i % 20000)})
			sb.WriteString(clfLine(ip.String(), fmt.Sprintf("/page/%d", i%50)))
		}
		return sb.String()
	}
	// Built once, before anything is timed, and kept in files, not in
	// this process's heap: the daemon's memory limit is process-wide and
	// keeps the heap goal a little above the live heap (daemon/memlimit.go),
	// so 38 MB of inputs held live here left the daemon under test about
	// half the room to allocate into that a real node has, and every MB
	// the cluster node holds more than alone (its held table, known-hot
	// clients, log chunks: about 8 MB) then cost it a collection cycle
	// more per few MB allocated (session 9: 9 cycles alone against 12-21
	// in the cluster modes per warm phase; with the limit off, 1 each and
	// no excess shown).
	dir := b.TempDir()
	inputs := [2]string{filepath.Join(dir, "cold.log"), filepath.Join(dir, "warm.log")}
	for i, second := range []byte{64, 66} {
		if err := os.WriteFile(inputs[i], []byte(mk(second)), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	perNode, rules := throughputRules()
	// BENCH_PIN=node=0,redis=1: the node on CPU 0 (GOMAXPROCS 1), Redis
	// on CPU 1, in every mode (see benchPin).
	pin := benchPinFromEnv(b)
	if pin.node >= 0 {
		pinProcess(b, pin.node)
	}
	var pinned []string // the setup's evidence, once per mode
	modes := []string{"alone", "cluster-all", "cluster-near"}
	if m := os.Getenv("BENCH_MODES"); m != "" {
		modes = strings.Split(m, ",")
	}
	if modes[0] != "alone" {
		b.Fatalf("BENCH_MODES: the first mode must be alone (the baseline), got %q", modes[0])
	}
	// alone-near: cluster-near's rule, scoped per node (see above).
	rules["alone-near"] = strings.Replace(rules["cluster-near"], `scope = "cluster"`, "", 1)
	alone := func(mode string) bool { return mode == "alone" || mode == "alone-near" }
	for _, mode := range modes[1:] {
		if rules[mode] == "" {
			b.Fatalf("BENCH_MODES: unknown mode %q", mode)
		}
	}
	// cpu[phase][mode][iteration]: CPU ns per line of this process (the
	// node); rcpu: redis-server's, apart (on a real site Redis runs on
	// another machine; here it shares the two cores).
	cpu := [2]map[string][]float64{{}, {}}
	rcpu := [2]map[string][]float64{{}, {}}
	// gcs, allocs: the collector's cycles and the bytes allocated per
	// phase (runtime/metrics, process-wide): the collector's work for the
	// node's allocations is CPU the node pays.
	gcs := [2]map[string][]float64{{}, {}}
	allocs := [2]map[string][]float64{{}, {}}
	live := [2]map[string][]float64{{}, {}}
	// faults: the process's page faults per 1,000 lines (getrusage
	// minflt): a first touch of memory (fresh, or given back to the
	// system by the scavenger) costs a fault, several microseconds of
	// system CPU in this machine's nested virtual machine.
	faults := [2]map[string][]float64{{}, {}}
	// sys: the kernel's share of cpu (getrusage stime), per line: an
	// excess there is the node's waits and wake-ups (futexes, epoll,
	// timers, signals), not its Go code.
	sys := [2]map[string][]float64{{}, {}}
	// sched: the load-independent counts of each phase (see schedCounts),
	// printed per iteration.
	sched := [2]map[string][]schedCounts{{}, {}}
	iter := 0
	var loads []string // the 1-minute load average at each iteration's start
	for range b.N {
		if la, err := os.ReadFile("/proc/loadavg"); err == nil {
			loads = append(loads, strings.Fields(string(la))[0])
		}
		for k := range modes {
			mode := modes[(k+iter)%len(modes)]
			// The daemon's goroutines inherit the mode's label: a CPU
			// profile (-cpuprofile) tells the modes apart with
			// go tool pprof -tagfocus mode=cluster-near.
			pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("mode", mode)))
			var h *harness
			var r *clustertest.Redis
			if alone(mode) {
				if pin.node >= 0 {
					// Redis runs, idle, in the baseline too.
					r = clustertest.StartOn(b, pin.redis, "--appendfsync", "everysec")
				}
				rule := perNode
				if mode != "alone" {
					rule = rules[mode]
				}
				h = newHarness(b, rule)
				h.start(Options{})
			} else {
				h, r = startClusterMode(b, mode, rules[mode], pin.redis)
			}
			if pin.node >= 0 && iter == 0 {
				pinned = append(pinned, mode+": "+checkPinned(b, pin, r.Affinity()))
			}
			for phase, input := range inputs {
				if phase == 1 {
					time.Sleep(200 * time.Millisecond) // the first input's last flushes
				}
				runtime.GC()
				var rc0 time.Duration
				if r != nil {
					rc0 = r.CPU()
				}
				g0, a0 := gcStats()
				s0, t0 := schedSnapshot(), time.Now()
				stopProfile := phaseProfile(b, mode, []string{"cold", "warm"}[phase], iter)
				f0, k0 := pageFaults(), systemCPU()
				c0 := processCPU()
				appendFile(b, h, input)
				waitJudged(b, h, mode, uint64((phase+1)*lines))
				cpu[phase][mode] = append(cpu[phase][mode], float64((processCPU()-c0).Nanoseconds())/lines)
				faults[phase][mode] = append(faults[phase][mode], float64(pageFaults()-f0)/(lines/1000))
				sys[phase][mode] = append(sys[phase][mode], float64((systemCPU()-k0).Nanoseconds())/lines)
				stopProfile()
				// Read after the CPU (its /proc reads are not the node's).
				sched[phase][mode] = append(sched[phase][mode], schedSnapshot().since(s0, time.Since(t0)))
				g1, a1 := gcStats()
				gcs[phase][mode] = append(gcs[phase][mode], float64(g1-g0))
				allocs[phase][mode] = append(allocs[phase][mode], float64(a1-a0)/lines)
				live[phase][mode] = append(live[phase][mode], float64(liveHeap()>>20))
				if r != nil {
					rcpu[phase][mode] = append(rcpu[phase][mode], float64((r.CPU()-rc0).Nanoseconds())/lines)
				}
			}
			if pin.node >= 0 {
				checkPinned(b, pin, nil) // no thread left the node's CPU
			}
			if r != nil {
				r.Stop()
			}
			h.stop()
			h.d = nil // see BenchmarkClusterThroughput
		}
		iter++
	}
	pprof.SetGoroutineLabels(context.Background())
	median := func(xs []float64) float64 {
		xs = slices.Clone(xs)
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	fmt.Fprintf(os.Stderr, "load average at each iteration's start: %s\n", strings.Join(loads, " "))
	if pin.node >= 0 {
		fmt.Fprintf(os.Stderr, "pinned (BENCH_PIN=%s):\n  %s\n", os.Getenv("BENCH_PIN"), strings.Join(pinned, "\n  "))
	} else {
		fmt.Fprintf(os.Stderr, "not pinned: node and redis-server on any CPU, GOMAXPROCS %d\n", runtime.GOMAXPROCS(0))
	}
	for phase, name := range []string{"cold", "warm"} {
		for _, mode := range modes {
			fmt.Fprintf(os.Stderr, "%s %s: GC cycles %.0f, bytes allocated per line %.0f, live heap MiB %.0f, page faults per 1k lines %.0f, system CPU ns per line %.0f\n", mode, name, gcs[phase][mode], allocs[phase][mode], live[phase][mode], faults[phase][mode], sys[phase][mode])
			for i, c := range sched[phase][mode] {
				fmt.Fprintf(os.Stderr, "  sched %s %s #%d: %s\n", mode, name, i, c.format(lines))
			}
		}
		b.ReportMetric(median(cpu[phase]["alone"]), "alone-"+name+"-cpu-ns/line")
		// over reports mode's cost over base's, per iteration, its
		// figures named prefix+name.
		over := func(mode, base, prefix string) {
			ratios := make([]float64, iter)
			// extra: the mode's CPU ns per line over alone's in the same
			// iteration, and its bytes allocated per line over alone's.
			// The absolute figure, not the ratio: load inflates alone's
			// CPU per line and hides a fixed cost per line in a ratio
			// (session 12: +5-9 % loaded, +7-22 % idle, same code).
			// extraNoGC leaves out the collector's CPU (runtime/metrics'
			// estimate): a phase's one or two cycles come whole, or
			// partly past the phase's end, by where the heap goal falls,
			// which moves a mode's CPU per line by 10-20 %; what the mode
			// costs the collector is in its bytes allocated and its live
			// heap, printed apart.
			extra := make([]float64, iter)
			extraNoGC := make([]float64, iter)
			extraAlloc := make([]float64, iter)
			under := 0
			gcPerLine := func(mode string, i int) float64 { return 1e9 * sched[phase][mode][i].gcCPU / lines }
			for i := range ratios {
				ratios[i] = 100 * (cpu[phase][mode][i]/cpu[phase][base][i] - 1)
				extra[i] = cpu[phase][mode][i] - cpu[phase][base][i]
				extraNoGC[i] = extra[i] - gcPerLine(mode, i) + gcPerLine(base, i)
				extraAlloc[i] = allocs[phase][mode][i] - allocs[phase][base][i]
				if ratios[i] < 10 {
					under++
				}
			}
			b.ReportMetric(median(extra), prefix+name+"-extra-cpu-ns/line")
			b.ReportMetric(median(extraNoGC), prefix+name+"-extra-nogc-cpu-ns/line")
			b.ReportMetric(median(extraAlloc), prefix+name+"-extra-B/line")
			fmt.Fprintf(os.Stderr, "%s %s: extra CPU ns per line over %s per iteration %.0f (median %.0f, min %.0f, max %.0f); without the collector's %.0f (median %.0f, min %.0f, max %.0f); extra bytes allocated per line %.0f\n",
				mode, name, base, extra, median(extra), slices.Min(extra), slices.Max(extra),
				extraNoGC, median(extraNoGC), slices.Min(extraNoGC), slices.Max(extraNoGC), extraAlloc)
			b.ReportMetric(median(cpu[phase][mode]), prefix+name+"-cpu-ns/line")
			b.ReportMetric(median(rcpu[phase][mode]), prefix+name+"-redis-cpu-ns/line")
			b.ReportMetric(median(ratios), prefix+name+"-%")
			b.ReportMetric(float64(under), prefix+name+"-under10")
			fmt.Fprintf(os.Stderr, "%s %s: cost over %s per iteration %.1f %% (median %.1f, min %.1f, max %.1f; %d of %d under 10 %%); redis-server CPU ns per line %.0f\n",
				mode, name, base, ratios, median(ratios), slices.Min(ratios), slices.Max(ratios), under, iter, rcpu[phase][mode])
		}
		for _, mode := range modes[1:] {
			over(mode, "alone", mode+"-")
		}
		if slices.Contains(modes, "alone-near") && slices.Contains(modes, "cluster-near") {
			over("cluster-near", "alone-near", "cluster-near-vs-alone-near-")
		}
	}
}

// phaseProfile profiles one timed phase alone when BENCH_PHASE_PROFILE
// names a directory: <dir>/<mode>-<phase>-<iteration>.prof, to merge by
// mode and phase (go tool pprof -proto <dir>/cluster-near-cold-*.prof).
// -cpuprofile covers the whole run, the daemons' starts and stops and
// the waits between phases included, which are not what a mode's figures
// measure. Not with -cpuprofile (one profile at a time).
// BENCH_PHASE_PROFILE_HZ raises the sampling rate.
func phaseProfile(b *testing.B, mode, phase string, iter int) (stop func()) {
	dir := os.Getenv("BENCH_PHASE_PROFILE")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-%s-%d.prof", mode, phase, iter)))
	if err != nil {
		b.Fatal(err)
	}
	if hz, _ := strconv.Atoi(os.Getenv("BENCH_PHASE_PROFILE_HZ")); hz > 0 {
		// A phase is ~0.3 s: 30 samples at the default 100 Hz. The
		// runtime keeps the first rate set (StartCPUProfile then warns
		// and samples at hz); pprof still scales the samples as 100 Hz:
		// compare the figures with each other, not with the CPU time.
		runtime.SetCPUProfileRate(hz)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		b.Fatalf("BENCH_PHASE_PROFILE: %v (not with -cpuprofile)", err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// systemCPU is the process's CPU time in the kernel so far.
func systemCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Stime.Nano())
}

// pageFaults is the process's minor and major page faults so far.
func pageFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Minflt + ru.Majflt
}

// gcStats reads the collector's cycles and the bytes allocated so far.
func gcStats() (cycles, allocated uint64) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// appendFile appends the file at path to h's log (copy_file_range: the
// lines never pass through this process's heap).
func appendFile(b *testing.B, h *harness, path string) {
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(h.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
}
