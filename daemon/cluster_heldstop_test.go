package daemon

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// heldRule is splitThrottle with a limit of 60, the flood behaviour off
// (14 votes in a moment are a flood on their own): with two nodes each
// holds up to 14 events of a client (share 60 / (2 x 2) = 15).
var heldRule = strings.Replace(splitThrottle, "requests = 5", "requests = 60", 1) + "\n[flood]\ndisabled = true\n"

// clusterCount is what Redis counts for client under rule, over the
// window buckets.
func clusterCount(t *testing.T, r *clustertest.Redis, rule, client string) int {
	t.Helper()
	ctx := context.Background()
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	keys, err := direct.Keys(ctx, "d:count:"+rule+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, k := range keys {
		if v, err := direct.HGet(ctx, k, client).Result(); err == nil {
			n, _ := strconv.Atoi(v)
			sum += n
		}
	}
	return sum
}

// twoSharingNodes starts daemons a and b on r with heldRule and waits
// for their shares.
func twoSharingNodes(t *testing.T, r *clustertest.Redis) (a, b *harness) {
	a, b = clusterHarness(t, r, "a", heldRule), clusterHarness(t, r, "b", heldRule)
	for _, h := range []*harness{a, b} {
		// The shares start 5 s after a node's first heartbeat.
		eventually(t, 15*time.Second, "two live nodes for the shares", func() bool { return h.d.clusterNode().SharesNodes() == 2 })
	}
	return a, b
}

// A node that stops cleanly (restart, upgrade) sends the counts it held
// under its share: review rev-scale s9 found the count flusher returned
// at the daemon's stop without a last send, and a client's 14 events on
// the stopping node vanished from the cluster-wide count.
func TestClusterHeldCountsSentAtStop(t *testing.T) {
	r := clustertest.Start(t)
	a, _ := twoSharingNodes(t, r)
	const x = "198.51.100.70"
	for range 14 {
		a.append(vote(x))
	}
	time.Sleep(300 * time.Millisecond) // six batch intervals: all 14 counted and held
	if n := clusterCount(t, r, "vote-split", x+"/32"); n != 0 {
		t.Fatalf("before the stop Redis counts %d of x's events: none should have been sent (share 15), the test proves nothing", n)
	}
	a.stop()
	if n := clusterCount(t, r, "vote-split", x+"/32"); n != 14 {
		t.Fatalf("after node a stopped the cluster counts %d of x's 14 events on a", n)
	}
}

// A Redis that does not answer holds up a node's stop by the last send's
// bound (2 s) at most, plus what the rest of the stop takes: the held
// counts are then lost (and logged), not the daemon's stop.
func TestClusterHeldCountsStopWithRedisHung(t *testing.T) {
	r := clustertest.Start(t)
	a, _ := twoSharingNodes(t, r)
	for range 14 {
		a.append(vote("198.51.100.71"))
	}
	time.Sleep(300 * time.Millisecond)
	r.Pause()
	start := time.Now()
	a.stop()
	// A generous bound (a loaded CI machine): without the last send's own
	// timeout go-redis's retries on read timeouts take far longer.
	d := time.Since(start)
	t.Logf("stop took %v with Redis hung", d)
	if d > 20*time.Second {
		t.Fatalf("the daemon's stop took %v with Redis hung", d)
	}
}
