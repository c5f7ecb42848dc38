//go:build linux

package daemon

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// benchPin is where BENCH_PIN ("node=0,redis=1") puts the node and Redis
// in BenchmarkClusterWarmThroughput. Issue 10's deployment runs Redis on
// another host (redis_url = "redis://10.0.0.5:6379/0"): the node's CPU
// does not pay for Redis's work. On this 2-core machine an unpinned
// redis-server shares both cores with the node, and near the limit
// (Redis at 500-1,000 ns a line) its work competes with the node's for
// them. Pinned, this process (every thread, GOMAXPROCS 1) runs on one CPU
// and redis-server (every thread) on another, in every mode: alone runs
// with a redis-server started and idle, so the modes differ only in the
// counting.
type benchPin struct {
	node  int    // the CPU of this process (the node); -1: unpinned
	redis string // redis-server's CPU list (taskset -c)
}

func benchPinFromEnv(b *testing.B) benchPin {
	p := benchPin{node: -1}
	v := os.Getenv("BENCH_PIN")
	if v == "" {
		return p
	}
	for f := range strings.SplitSeq(v, ",") {
		k, val, _ := strings.Cut(f, "=")
		switch k {
		case "node":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n >= runtime.NumCPU() {
				b.Fatalf("BENCH_PIN: node=%q is not a CPU of this machine (0-%d)", val, runtime.NumCPU()-1)
			}
			p.node = n
		case "redis":
			p.redis = val
		default:
			b.Fatalf("BENCH_PIN: %q: want node=N,redis=M", f)
		}
	}
	if p.node < 0 || p.redis == "" {
		b.Fatalf("BENCH_PIN=%q: want node=N,redis=M", v)
	}
	return p
}

// pinProcess binds every thread of this process to cpu and sets
// GOMAXPROCS to 1 (one P for one CPU), both undone when the benchmark
// ends. The runtime makes threads by cloning one that exists, and a
// clone inherits its mask: a pass over /proc/self/task may miss a thread
// made meanwhile, so it passes three times and then checks every thread.
func pinProcess(b *testing.B, cpu int) {
	var old unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		b.Fatalf("sched_getaffinity: %v", err)
	}
	prev := runtime.GOMAXPROCS(1)
	var set unix.CPUSet
	set.Set(cpu)
	if err := setThreadsAffinity(&set); err != nil {
		b.Fatalf("pin this process to CPU %d: %v", cpu, err)
	}
	want := strconv.Itoa(cpu)
	for i, a := range clustertest.ThreadAffinity("/proc/self") {
		if a != want {
			b.Fatalf("pin this process to CPU %d: thread %d still allowed on %s", cpu, i, a)
		}
	}
	b.Cleanup(func() {
		_ = setThreadsAffinity(&old)
		runtime.GOMAXPROCS(prev)
	})
}

func setThreadsAffinity(set *unix.CPUSet) error {
	for range 3 {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return err
		}
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			if err := unix.SchedSetaffinity(tid, set); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("thread %d: %w", tid, err)
			}
		}
	}
	return nil
}

// checkPinned fails the benchmark when a thread of this process runs
// outside cpu (a thread the pinning missed), and says where the node's
// and redis-server's threads were allowed: the evidence of the setup.
func checkPinned(b *testing.B, pin benchPin, redisAffinity []string) string {
	self := clustertest.ThreadAffinity("/proc/self")
	want := strconv.Itoa(pin.node)
	for _, a := range self {
		if a != want {
			b.Fatalf("a thread of the node left CPU %d: allowed on %s", pin.node, a)
		}
	}
	return fmt.Sprintf("node: %d threads on CPU %s, GOMAXPROCS %d; redis-server: %d threads on CPUs %s",
		len(self), want, runtime.GOMAXPROCS(0), len(redisAffinity), strings.Join(redisAffinity, ","))
}
