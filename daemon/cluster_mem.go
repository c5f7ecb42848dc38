package daemon

import (
	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/rules"
)

// clusterMemory is what the automatic memory limit budgets for the
// cluster counter: each enabled scope = "cluster" throttle's tables at
// their bounds (cluster.RuleMemoryBound, about 47 MB a rule), when
// [cluster] is set. Before, "auto" budgeted clients and bans only, and a
// node whose live heap sat near its limit paid for the counter's memory
// in collections (docs/cluster.md).
func clusterMemory(cfg *rules.Config) int64 {
	if !cfg.Cluster.Enabled() {
		return 0
	}
	n := 0
	for _, t := range cfg.Throttles {
		if t.Scope == rules.ScopeCluster && !t.Disabled {
			n++
		}
	}
	return int64(n) * cluster.RuleMemoryBound()
}
