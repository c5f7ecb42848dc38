package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// Tests of the share protocol's edges (share.go), from the review of
// session 6: marks made again at every call, the cold start, a shrinking
// share.

// A hot client counted at every flush is marked once a window, not at
// every call: the mark counter and the other nodes' reads stay put while
// its counts go on reaching Redis every batch. Once its mark is a window
// old the next call marks it again. Before, every call marked it again,
// and every node read and parsed that mark at every flush.
func TestShareHotMarkedOncePerWindow(t *testing.T) {
	_, a, b, ra, rb := sharingCounters(t, 3, 60) // share 10, hot at 30
	ctx := context.Background()
	k := a.k
	x := marksClient(7)
	flush := func(c *Counter) {
		t.Helper()
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for range 35 {
		a.Add(ra, x)
	}
	flush(a)
	flush(b) // b holds nothing: it reads no marks
	b.Add(rb, marksClient(8))
	flush(b) // now it holds: it reads x's mark
	// The first mark is numbered from Redis's clock (512 a ms).
	first, err := a.rdb.Get(ctx, k.hotSeq("login")).Uint64()
	if err != nil || first < uint64(time.Now().Add(-time.Minute).UnixMilli())*512 {
		t.Fatalf("mark counter %d (%v), want Redis's clock in ms times 512", first, err)
	}
	if !rb.isHot(keyOf(x), time.Now().UnixMilli()) || rb.hotSeen != first {
		t.Fatalf("b: x hot %v, place %d; want hot at place %d", rb.isHot(keyOf(x), time.Now().UnixMilli()), rb.hotSeen, first)
	}
	for range 10 {
		a.Add(ra, x)
		flush(a)
		flush(b)
	}
	seq, err := a.rdb.Get(ctx, k.hotSeq("login")).Uint64()
	if err != nil || seq != first {
		t.Fatalf("mark counter %d (%v) after 10 more calls counting x, want %d: x marked again", seq, err, first)
	}
	// The mark a window old (as an hour later): the next call marks x
	// again, and b reads it.
	if err := a.rdb.ZAdd(ctx, k.hotAt("login"), redis.Z{Score: float64(time.Now().Add(-time.Hour - time.Second).UnixMilli()), Member: x.String()}).Err(); err != nil {
		t.Fatal(err)
	}
	a.Add(ra, x)
	flush(a)
	flush(b)
	if seq, _ := a.rdb.Get(ctx, k.hotSeq("login")).Uint64(); seq != first+1 || rb.hotSeen != first+1 {
		t.Fatalf("after a window: counter %d, b's place %d; want %d and %d", seq, rb.hotSeen, first+1, first+1)
	}
	// A node keeps a client hot three windows from the mark it read: the
	// client's last count may come a window after its last mark and stays
	// in the sliding window two more.
	now := time.Now().UnixMilli()
	if !rb.isHot(keyOf(x), now+2*time.Hour.Milliseconds()+time.Minute.Milliseconds()) {
		t.Errorf("x not hot on b two windows after the mark")
	}
	if rb.isHot(keyOf(x), now+3*time.Hour.Milliseconds()+time.Minute.Milliseconds()) {
		t.Errorf("x hot on b past three windows")
	}
}

// Marks three windows old leave the hot set (and the set of mark times)
// at the next call that marks: a client whose total left the sliding
// window is no longer listed for a node that reads the set from its
// start. Before, members left only by rank, past 1,048,576 marks.
func TestShareOldMarksLeave(t *testing.T) {
	_, a, _, ra, _ := sharingCounters(t, 3, 60)
	ctx := context.Background()
	k := a.k
	old := float64(time.Now().Add(-3*time.Hour - time.Second).UnixMilli())
	a.rdb.ZAdd(ctx, k.hot("login"), redis.Z{Score: 1, Member: "192.0.2.1/32"}, redis.Z{Score: 2, Member: "192.0.2.2/32"})
	a.rdb.ZAdd(ctx, k.hotAt("login"), redis.Z{Score: old, Member: "192.0.2.1/32"},
		redis.Z{Score: float64(time.Now().Add(-2 * time.Hour).UnixMilli()), Member: "192.0.2.2/32"})
	a.rdb.Set(ctx, k.hotSeq("login"), "2", 0)
	for range 35 {
		a.Add(ra, marksClient(9))
	}
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := a.rdb.ZRange(ctx, k.hot("login"), 0, -1).Result()
	if err != nil || len(got) != 2 || got[0] != "192.0.2.2/32" || got[1] != marksClient(9).String() {
		t.Fatalf("hot set %v (%v), want the mark two windows old and the new one", got, err)
	}
	if n, _ := a.rdb.ZCard(ctx, k.hotAt("login")).Result(); n != 2 {
		t.Fatalf("%d mark times, want 2", n)
	}
	if ttl, _ := a.rdb.PTTL(ctx, k.hot("login")).Result(); ttl < 3*time.Hour {
		t.Errorf("hot set expires in %s, want three windows and a second", ttl)
	}
}

// Before its first heartbeat a node does not know how many nodes count:
// it sends every count (a share of 1). Before, it counted itself alone and
// held up to limit/2 of a client for that second, so nodes starting
// together could let a spread client pass the limit undecided.
func TestShareColdStartSendsAll(t *testing.T) {
	r := clustertest.Start(t)
	cfg, err := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "a", KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(cfg, Options{Dir: t.TempDir(), Apply: (&sink{}).apply})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	c := n.Counter() // not running: no heartbeat yet
	rule := c.Rule("login", time.Hour, 60)
	x := netip.MustParsePrefix("192.0.2.1/32")
	for range 20 {
		c.Add(rule, x)
	}
	now := time.Now()
	if _, err := c.Flush(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	t.Cleanup(func() { direct.Close() })
	bucket := now.UnixMilli() / time.Hour.Milliseconds()
	var v string
	for _, b := range []int64{bucket, bucket - 1} { // no offset measured: local time
		if v, _ = direct.HGet(context.Background(), keysFor("t:").counter("login", b), x.String()).Result(); v != "" {
			break
		}
	}
	if v != "20" {
		t.Fatalf("x at %q in Redis before the first heartbeat, want 20: held at a share of 30", v)
	}
}

// More nodes come up: the share shrinks, and the counts a node holds at
// or above the new share go at its next flush, not at the client's next
// event there (which may never come). Before, 20 events held under a
// share of 30 stayed held when the share fell to 10.
func TestShareShrinkSendsHeld(t *testing.T) {
	c, _, direct, now, bucket := counterInBucket(t)
	nodes := 1
	c.nodes = func() int { return nodes }
	rule := c.Rule("flood", time.Hour, 60) // share 30, then 10
	x, y := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("192.0.2.2/32")
	for range 20 {
		c.Add(rule, x)
	}
	for range 5 {
		c.Add(rule, y)
	}
	ctx := context.Background()
	if _, err := c.Flush(ctx, now); err != nil {
		t.Fatal(err)
	}
	key := keysFor("t:").counter("flood", bucket)
	if n, _ := direct.HLen(ctx, key).Result(); n != 0 {
		t.Fatalf("%d clients sent under a share of 30", n)
	}
	nodes = 3
	if _, err := c.Flush(ctx, now); err != nil {
		t.Fatal(err)
	}
	if v, _ := direct.HGet(ctx, key, x.String()).Result(); v != "20" {
		t.Fatalf("x at %q after the share fell to 10, want 20", v)
	}
	if v, _ := direct.HGet(ctx, key, y.String()).Result(); v != "" {
		t.Fatalf("y (5, under the new share) sent: %q", v)
	}
}
