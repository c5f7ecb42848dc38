package daemon

import (
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// The share protocol through three daemons (cluster/share.go): with a
// limit of 60 each node holds up to 9 events of a client (60 / (2 x 3))
// before it sends them, so the three hold under 30 and Redis marks a
// client hot at 30. A client a balancer spreads over the three, 19 votes
// on each (57), then 6 more on one node (63), is banned on every node;
// one with 19 on each (57) is not, however the nodes' flushes fall. With
// shares of 20 (limit/N) each node held its 19, Redis saw none of them,
// and the 63 were never decided.
func TestClusterScopedThrottleShares(t *testing.T) {
	r := clustertest.Start(t)
	// The flood behaviour off: 40 votes in a moment are a flood on their
	// own; only the throttle is under test.
	rule := strings.Replace(splitThrottle, "requests = 5", "requests = 60", 1) + "\n[flood]\ndisabled = true\n"
	var hs []*harness
	for _, name := range []string{"a", "b", "c"} {
		hs = append(hs, clusterHarness(t, r, name, rule))
	}
	for _, h := range hs {
		// The shares start 5 s after a node's first heartbeat (every
		// count is sent until then): wait for them, or nothing is held.
		eventually(t, 15*time.Second, "three live nodes for the shares", func() bool { return h.d.clusterNode().SharesNodes() == 3 })
	}
	over, under := "198.51.100.60", "198.51.100.61"
	for range 19 {
		for _, h := range hs {
			h.append(vote(over), vote(under))
		}
		time.Sleep(5 * time.Millisecond) // spread over several batches
	}
	time.Sleep(300 * time.Millisecond) // six batch intervals: every count that is due is sent
	for _, h := range hs {
		if _, ok := h.banned(over); ok {
			t.Fatal("a client with 57 votes of 60 in the cluster was banned")
		}
	}
	for range 6 {
		hs[0].append(vote(over))
	}
	for _, h := range hs {
		eventually(t, 10*time.Second, "the spread client banned on every node", func() bool { _, ok := h.banned(over); return ok })
		if b, _ := h.banned(over); !strings.HasPrefix(b.Reason, "vote-split") {
			t.Errorf("banned for %q, want the cluster-scoped throttle", b.Reason)
		}
	}
	time.Sleep(500 * time.Millisecond) // ten more batch intervals
	for _, h := range hs {
		if _, ok := h.banned(under); ok {
			t.Fatal("a client with 57 votes of 60 in the cluster was banned")
		}
	}
}
