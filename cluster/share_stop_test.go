package cluster

import (
	"context"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// SendHeld sends every count held under the shares, as a stopping node
// must (review rev-scale s9: a node's stop lost up to share-1 events per
// client and rule; the daemon calls SendHeld at its stop, see
// daemon.sendHeldCounts), and leaves nothing held.
func TestSendHeldSendsEveryHeldCount(t *testing.T) {
	const limit = 60 // two nodes: a share of 15
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	for _, n := range []*testNode{a, b} {
		waitFor(t, 5*time.Second, "two live nodes", func() bool { return n.liveForShares() == 2 })
	}
	ca := a.Counter()
	ra := ca.Rule("login", time.Hour, limit)
	ctx := context.Background()
	x := netip.MustParsePrefix("198.51.100.7/32")
	y := netip.MustParsePrefix("2001:db8::/64")
	for range 14 {
		ca.Add(ra, x)
	}
	ca.Add(ra, y)
	if _, err := ca.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	if n := countedIn(t, direct, "login", x); n != 0 {
		t.Fatalf("Redis counts %d of x's 14 events before SendHeld: they should be held (share 15)", n)
	}
	if c, e := ca.Held(); c != 2 || e != 15 {
		t.Fatalf("Held() = %d clients, %d events; want 2, 15", c, e)
	}
	// Two more of x since the last flush: Take'n by SendHeld's caller.
	ca.Add(ra, x)
	ca.Add(ra, x)
	ca.Take()
	if _, err := ca.SendHeld(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := countedIn(t, direct, "login", x); n != 16 {
		t.Fatalf("after SendHeld Redis counts %d of x's 16 events", n)
	}
	if n := countedIn(t, direct, "login", y); n != 1 {
		t.Fatalf("after SendHeld Redis counts %d of y's 1 event", n)
	}
	if c, e := ca.Held(); c != 0 || e != 0 {
		t.Fatalf("after SendHeld Held() = %d clients, %d events; want none", c, e)
	}
	// The next flush holds again: SendHeld is for once.
	ca.Add(ra, x)
	if _, err := ca.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := countedIn(t, direct, "login", x); n != 16 {
		t.Fatalf("a flush after SendHeld sent x's event at once (Redis counts %d)", n)
	}
}

// countedIn is Redis's count of client under rule over its buckets.
func countedIn(t *testing.T, direct *redis.Client, rule string, client netip.Prefix) int {
	t.Helper()
	ctx := context.Background()
	keys, err := direct.Keys(ctx, "t:count:"+rule+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, k := range keys {
		if v, err := direct.HGet(ctx, k, client.String()).Result(); err == nil {
			n, _ := strconv.Atoi(v)
			sum += n
		}
	}
	return sum
}
