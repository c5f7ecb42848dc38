package daemon

import (
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// A node with no cluster-scoped events stops its count flusher's ticker
// (cluster/park.go); the first event after the sleep wakes it, and a
// brute force split over the nodes is still banned by the cluster-scoped
// rule on every node. Without the wake-up the counts would never reach
// Redis and nobody would ban.
func TestClusterScopedThrottleAfterIdle(t *testing.T) {
	t.Parallel()
	r := clustertest.Start(t)
	var hs []*harness
	for _, name := range []string{"a", "b", "c"} {
		hs = append(hs, clusterHarness(t, r, name, splitThrottle))
	}
	parked := func(h *harness) bool {
		c := h.d.cluster.counter.Load()
		if c == nil {
			return false
		}
		h.d.mu.Lock()
		defer h.d.mu.Unlock()
		return c.Parked()
	}
	for _, h := range hs {
		eventually(t, 10*time.Second, "the idle node's flusher asleep", func() bool { return parked(h) })
	}
	// 3 votes on each node: 9 in the cluster, none alone over 5.
	for _, h := range hs {
		h.append(vote("198.51.100.60"), vote("198.51.100.60"), vote("198.51.100.60"))
	}
	for _, h := range hs {
		eventually(t, 10*time.Second, "the split flood banned on every node after a sleep", func() bool { _, ok := h.banned("198.51.100.60"); return ok })
		if b, _ := h.banned("198.51.100.60"); !strings.HasPrefix(b.Reason, "vote-split") {
			t.Errorf("banned for %q, want the cluster-scoped throttle", b.Reason)
		}
	}
	// Quiet again: asleep again.
	for _, h := range hs {
		eventually(t, 10*time.Second, "the flusher asleep again", func() bool { return parked(h) })
	}
}
