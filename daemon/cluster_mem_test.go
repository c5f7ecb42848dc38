package daemon

import (
	"runtime/debug"
	"testing"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/cluster/clustertest"
)

// A cluster node's automatic memory limit budgets the counter of each
// enabled cluster-scoped throttle (cluster.RuleMemoryBound), on top of
// clients and bans; a per-node throttle and a disabled one add nothing.
// Before, "auto" ignored the counter (up to ~47 MB a rule): a node near
// its limit paid for it in collections.
func TestClusterMemoryLimitBudgetsCounter(t *testing.T) {
	restoreMemoryLimit(t)
	t.Setenv("GOMEMLIMIT", "")
	r := clustertest.Start(t)
	h := clusterHarness(t, r, "a", `
[[throttle]]
id = "site-flood"
path_prefix = "/"
requests = 1000
window = "1m"
scope = "cluster"

[[throttle]]
id = "login-spread"
path_prefix = "/login"
requests = 20
window = "1m"
scope = "cluster"

[[throttle]]
id = "off"
path_prefix = "/x"
requests = 20
window = "1m"
scope = "cluster"
disabled = true

[[throttle]]
id = "per-node"
path_prefix = "/"
requests = 1000
window = "1m"
`)
	auto := autoMemoryLimit(h.d.cfg.Limits)
	want := auto + 2*cluster.RuleMemoryBound()
	got := debug.SetMemoryLimit(-1)
	floor := memFloor(0, liveHeap())
	if got < want || (got > want && got > floor) {
		t.Fatalf("memory limit %.1f MB, want %.1f (auto %.1f + 2 cluster-scoped rules of %.1f; live-heap floor %.1f)",
			mb(got), mb(want), mb(auto), mb(cluster.RuleMemoryBound()), mb(floor))
	}
	if n := clusterMemory(h.d.cfg); n != 2*cluster.RuleMemoryBound() {
		t.Fatalf("clusterMemory %d, want 2 rules' %d", n, 2*cluster.RuleMemoryBound())
	}
}

func mb(n int64) float64 { return float64(n) / 1e6 }
