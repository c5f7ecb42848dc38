//go:build linux

package daemon

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// BenchmarkClusterIdleWakeups counts what an idle node does: a daemon
// with a cluster-scoped rule and no lines to judge, alone (Redis running
// idle beside it) and as a cluster node, each watched for 2 s per
// iteration after it settled. Its figures are counts per second of the
// whole process (the benchmark's own goroutine sleeps): context switches
// of every thread (each one a thread that slept and was woken: on a
// virtual CPU with nothing else to run, a wake-up of the CPU) and
// goroutines made to run (/sched/latencies, sampled by the runtime).
//
//	go test ./daemon -run '^$' -bench ClusterIdleWakeups -benchtime 3x
func BenchmarkClusterIdleWakeups(b *testing.B) {
	perNode, rules := throughputRules()
	const watch = 2 * time.Second
	for _, mode := range []string{"alone", "cluster-all"} {
		var ctx, runs []float64
		for range b.N {
			r := clustertest.Start(b, "--appendfsync", "everysec")
			var h *harness
			if mode == "alone" {
				h = newHarness(b, perNode)
				h.start(Options{})
			} else {
				h = clusterHarness(b, r, "a", rules[mode])
				for deadline := time.Now().Add(15 * time.Second); h.d.clusterNode().SharesNodes() == 0; time.Sleep(20 * time.Millisecond) {
					if time.Now().After(deadline) {
						b.Fatal("the shares did not start")
					}
				}
			}
			time.Sleep(500 * time.Millisecond) // settled: the start's work done
			s0 := schedSnapshot()
			time.Sleep(watch)
			c := schedSnapshot().since(s0, watch)
			ctx = append(ctx, float64(c.volCtx+c.involCtx)/watch.Seconds())
			runs = append(runs, float64(c.runs)/watch.Seconds())
			r.Stop()
			h.stop()
			h.d = nil
		}
		fmt.Fprintf(os.Stderr, "%s idle: context switches per second %.1f, goroutines run per second %.1f (sampled)\n", mode, ctx, runs)
		b.ReportMetric(medianOf(ctx), mode+"-ctxsw/s")
		b.ReportMetric(medianOf(runs), mode+"-runs/s")
	}
}

func medianOf(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}
