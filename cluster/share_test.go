package cluster

import (
	"context"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// threeCounters starts a Redis and three nodes, waits until each counts
// the three live (their heartbeats), and returns their counters with rule
// "login": limit in an hour, so a share of limit/6.
func threeCounters(t *testing.T, limit int) (*clustertest.Redis, []*Counter, []*Rule) {
	t.Helper()
	r := clustertest.Start(t)
	var ns []*testNode
	for _, name := range []string{"a", "b", "c"} {
		ns = append(ns, startNode(t, r, name, t.TempDir(), nil))
	}
	var cs []*Counter
	var rs []*Rule
	for _, n := range ns {
		waitFor(t, 5*time.Second, "three live nodes", func() bool { return n.liveForShares() == 3 })
		c := n.Counter()
		cs, rs = append(cs, c), append(rs, c.Rule("login", time.Hour, limit))
	}
	if s := rs[0].share(cs[0].nodes()); s != uint64(limit/6) {
		t.Fatalf("share %d, want %d", s, limit/6)
	}
	return r, cs, rs
}

// A client a balancer spreads over three nodes, none of which sees it
// reach the limit, is decided once the combined count passes the limit:
// in the round of flushes in which it passes, whatever the split, though
// each node holds its counts while they are under its share. One node
// decides, once.
func TestShareSpreadClientDecided(t *testing.T) {
	const limit = 60 // a share of 10
	_, cs, rs := threeCounters(t, limit)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 12 {
		client := netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 51, 100, byte(trial)}), 32)
		combined, decided := 0, 0
		for round := 0; decided == 0; round++ {
			if round > 100 {
				t.Fatalf("trial %d: not decided at %d events of a limit of %d", trial, combined, limit)
			}
			over := combined > limit
			for i, c := range cs {
				// 0-4 events a node a round: most rounds leave every
				// node under its share; trial 0 sends 20 at once on
				// one node after the others hold 9 each.
				k := rng.IntN(5)
				if trial == 0 {
					k = map[bool]int{true: 9, false: 0}[round == 0]
					if round == 1 && i == 0 {
						k = 43
					}
				}
				for range k {
					c.Add(rs[i], client)
				}
				combined += k
				tot, err := c.Flush(ctx, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range tot {
					if x.Client != client {
						t.Fatalf("trial %d: %s decided", trial, x.Client)
					}
					decided++
					if combined <= limit {
						t.Fatalf("trial %d: decided at %d events (Redis total %.0f), limit %d", trial, combined, x.Count, limit)
					}
				}
			}
			if over && decided == 0 {
				// One full round of flushes after the combined count
				// passed the limit, it must be decided.
				t.Fatalf("trial %d: %d events of a limit of %d, a round of flushes later not decided", trial, combined, limit)
			}
		}
		if decided != 1 {
			t.Fatalf("trial %d: decided %d times", trial, decided)
		}
	}
}

// Clients under the limit, spread over three nodes in any split, are
// never decided, and cost Redis nothing while each node's share is not
// reached.
func TestShareUnderLimitNeverDecided(t *testing.T) {
	const limit = 60
	_, cs, rs := threeCounters(t, limit)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	const clients = 300
	left := make([]int, clients)
	for i := range left {
		left[i] = limit - rng.IntN(3) // 58..60: at the limit is not over it
	}
	for round := 0; round < 40; round++ {
		for i, c := range cs {
			for j := range clients {
				k := min(left[j], rng.IntN(4))
				left[j] -= k
				for range k {
					c.Add(rs[i], netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 1, byte(j >> 8), byte(j)}), 32))
				}
			}
			if tot, err := c.Flush(ctx, time.Now()); err != nil || len(tot) != 0 {
				t.Fatalf("round %d node %d: %+v %v", round, i, tot, err)
			}
		}
	}
	for j, n := range left {
		if n != 0 {
			t.Fatalf("client %d: %d events not sent by the test", j, n)
		}
	}
	// Far from the limit costs Redis nothing: 300 clients of 9 events a
	// node (under the share of 10) make no counting call. (Two rounds of
	// flushes first: every node learns the clients that turned hot.)
	for range 2 {
		for _, c := range cs {
			if _, err := c.Flush(ctx, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	seq := cs[0].seq
	for j := range clients {
		for range 9 {
			cs[0].Add(rs[0], netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 2, byte(j >> 8), byte(j)}), 32))
		}
	}
	if _, err := cs[0].Flush(ctx, time.Now()); err != nil || cs[0].seq != seq {
		t.Fatalf("clients under the share: %d calls (%v), want none", cs[0].seq-seq, err)
	}
}

// Redis away: flushes fail and each node goes on (its own detector
// judges alone meanwhile); the counts a node holds are not lost with
// the calls that failed, and once Redis is back a spread client over
// the limit is decided again, one under it is not.
func TestShareRedisOutage(t *testing.T) {
	const limit = 60
	r, cs, rs := threeCounters(t, limit)
	ctx := context.Background()
	over := netip.MustParsePrefix("198.51.100.20/32")
	under := netip.MustParsePrefix("198.51.100.21/32")
	round := func(k int, p netip.Prefix, wantErr bool) []Total {
		var out []Total
		for i, c := range cs {
			for range k {
				c.Add(rs[i], p)
			}
			tot, err := c.Flush(ctx, time.Now())
			if (err != nil) != wantErr {
				t.Fatalf("node %d: %v (Redis down: %v)", i, err, wantErr)
			}
			out = append(out, tot...)
		}
		return out
	}
	// 9 a node held (27), 6 more a node sent (45): over half, hot.
	round(9, over, false)
	round(6, over, false)
	round(9, under, false) // held; every node learns over is hot
	r.Kill()
	// Sent and lost: Redis is away (the calls fail, no panic, and the
	// counts are not sent again later on top of what came after).
	round(5, over, true)
	round(9, under, true)
	r.Restart()
	for _, c := range cs {
		waitFor(t, 5*time.Second, "Redis back", func() bool { return c.rdb.Ping(ctx).Err() == nil })
	}
	// Redis kept its data (append-only file): 45 counted before the
	// outage; 6 more a node pass the limit at the third node's flush.
	if tot := round(6, over, false); len(tot) != 1 || tot[0].Client != over || tot[0].Count != 63 {
		t.Fatalf("after the outage: %+v, want %s decided at 45 + 18", tot, over)
	}
	// under: 54 events, never over 60 however flushed.
	for range 3 {
		if tot := round(0, under, false); len(tot) != 0 {
			t.Fatalf("under the limit decided: %+v", tot)
		}
	}
}

// The window is the sliding one estimated from two fixed buckets, as
// before: counts a node held go to the bucket they were counted in, the
// previous bucket counts in proportion to how much of it is still in the
// window, and held counts two buckets old are dropped.
func TestShareWindowBuckets(t *testing.T) {
	c, _, direct, _, bucket := counterInBucket(t)
	c.nodes = func() int { return 3 }
	rule := c.Rule("flood", time.Hour, 60) // a share of 10
	ctx := context.Background()
	w := time.Hour.Milliseconds()
	at := func(b int64, frac float64) time.Time {
		return time.UnixMilli(b*w + int64(frac*float64(w))).Add(c.offset())
	}
	k := keysFor("t:")
	get := func(b int64, p netip.Prefix) string {
		v, _ := direct.HGet(ctx, k.counter("flood", b), p.String()).Result()
		return v
	}
	add := func(p netip.Prefix, n int) {
		for range n {
			c.Add(rule, p)
		}
	}
	held := netip.MustParsePrefix("192.0.2.1/32")
	slide := netip.MustParsePrefix("192.0.2.2/32")
	old := netip.MustParsePrefix("192.0.2.3/32")
	add(held, 9) // held: under the share
	add(slide, 50)
	add(old, 9)
	if tot, err := c.Flush(ctx, at(bucket, 0.9)); err != nil || len(tot) != 0 {
		t.Fatalf("first bucket: %+v %v", tot, err)
	}
	if get(bucket, held) != "" || get(bucket, slide) != "50" {
		t.Fatalf("first bucket holds %q and %q, want nothing and 50", get(bucket, held), get(bucket, slide))
	}
	// Half into the next bucket: held's 9 go to the bucket they were
	// counted in, its 1 new one to the new bucket.
	add(held, 1)
	add(slide, 30) // 30 + 50/2 = 55: not over 60
	if tot, err := c.Flush(ctx, at(bucket+1, 0.5)); err != nil || len(tot) != 0 {
		t.Fatalf("next bucket, 55 of 60: %+v %v", tot, err)
	}
	if get(bucket, held) != "9" || get(bucket+1, held) != "1" {
		t.Fatalf("held counts went to %q and %q, want 9 in the first bucket and 1 in the next", get(bucket, held), get(bucket+1, held))
	}
	add(slide, 6) // 36 + 25 = 61
	tot, err := c.Flush(ctx, at(bucket+1, 0.5))
	if err != nil || len(tot) != 1 || tot[0].Client != slide || tot[0].Count < 60.9 || tot[0].Count > 61.1 {
		t.Fatalf("36 + 50/2: %+v %v, want %s at 61", tot, err, slide)
	}
	// Two buckets on, old's 9 held from the first bucket are out of the
	// window: 1 more is held, not sent with them.
	add(old, 1)
	if _, err := c.Flush(ctx, at(bucket+2, 0.1)); err != nil {
		t.Fatal(err)
	}
	for b := bucket; b <= bucket+2; b++ {
		if v := get(b, old); v != "" {
			t.Fatalf("bucket %d holds %q of %s, want nothing", b-bucket, v, old)
		}
	}
	if j := rule.held.find(keyOf(old)); j < 0 || rule.held.counts[j] != 1 || rule.held.prev[j] != 0 {
		t.Fatalf("%s held %d", old, j)
	}
}

// The counting calls grow with the clients near their limit, not with all
// clients: 5,000 clients far under the limit and 10 near it make calls
// for the 10 only.
func TestShareCallsGrowWithNearClients(t *testing.T) {
	c, _, direct, now, bucket := counterInBucket(t)
	rule := c.Rule("flood", time.Hour, 1000) // one node: a share of 500
	ctx := context.Background()
	for range 5 {
		for j := range 5000 {
			for range 3 {
				c.Add(rule, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 3, byte(j >> 8), byte(j)}), 32))
			}
		}
		for j := range 10 {
			for range 200 {
				c.Add(rule, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 4, 0, byte(j)}), 32))
			}
		}
		if _, err := c.Flush(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	n, err := direct.HLen(ctx, keysFor("t:").counter("flood", bucket)).Result()
	if err != nil || n != 10 {
		t.Fatalf("%d clients in Redis (%v), want the 10 near the limit", n, err)
	}
	// The 10 were sent at 600 (over the share) and are hot from then on
	// (600 >= 500): sent every flush after, one call each.
	if c.seq > 5 {
		t.Fatalf("%d calls for 5 flushes", c.seq)
	}
	for j := range 10 {
		v, _ := direct.HGet(ctx, keysFor("t:").counter("flood", bucket), "10.4.0."+strconv.Itoa(j)+"/32").Result()
		if v != "1000" {
			t.Fatalf("client %d at %q, want 1000: every event once", j, v)
		}
	}
}

// A table holding counts of more clients than maxHeld sends them all (as
// if each were at its share) and starts empty: memory stays bounded under
// a spray of distinct clients, and no count is lost.
func TestShareHeldTableBounded(t *testing.T) {
	c, _, direct, now, bucket := counterInBucket(t)
	c.maxHeld = 100
	rule := c.Rule("flood", time.Hour, 1000) // one node: a share of 500
	ctx := context.Background()
	for j := range 150 {
		for range 2 {
			c.Add(rule, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 5, 0, byte(j)}), 32))
		}
	}
	if _, err := c.Flush(ctx, now); err != nil {
		t.Fatal(err)
	}
	if n := rule.held.len(); n != 0 {
		t.Fatalf("%d clients held after a spill", n)
	}
	vals, err := direct.HGetAll(ctx, keysFor("t:").counter("flood", bucket)).Result()
	if err != nil || len(vals) != 150 {
		t.Fatalf("%d clients in Redis (%v), want 150", len(vals), err)
	}
	for p, v := range vals {
		if v != "2" {
			t.Fatalf("%s at %q, want 2", p, v)
		}
	}
}

// The hot set is input like any other: a member that is not a canonical
// prefix is counted as malformed and skipped, a hot key of another type
// is replaced by the next mark, and a hotseq that is not a number is
// counted and started again; the counting goes on.
func TestShareMalformedHotSet(t *testing.T) {
	c, _, direct, now, _ := counterInBucket(t)
	c.nodes = func() int { return 3 }
	rule := c.Rule("flood", time.Hour, 60) // a share of 10
	ctx := context.Background()
	k := keysFor("t:")
	direct.ZAdd(ctx, k.hot("flood"), redis.Z{Score: 5, Member: "junk"}, redis.Z{Score: 6, Member: "10.0.0.1/8"},
		redis.Z{Score: 7, Member: "192.0.2.9/32"})
	direct.Set(ctx, k.hotSeq("flood"), "7", 0)
	held := netip.MustParsePrefix("192.0.2.8/32")
	c.Add(rule, held)
	if _, err := c.Flush(ctx, now); err != nil {
		t.Fatal(err)
	}
	if c.Malformed() != 2 || !rule.isHot(keyOf(netip.MustParsePrefix("192.0.2.9/32")), now.UnixMilli()) {
		t.Fatalf("malformed %d, want 2 (junk, 10.0.0.1/8); the good member hot: %v", c.Malformed(), rule.hot)
	}
	// A hot key that is not a sorted set, a hotseq that is not a number.
	direct.Set(ctx, k.hot("flood"), "x", 0)
	direct.Set(ctx, k.hotSeq("flood"), "y", 0)
	over := netip.MustParsePrefix("192.0.2.10/32")
	for range 40 {
		c.Add(rule, over)
	}
	if _, err := c.Flush(ctx, now); err != nil {
		t.Fatalf("flush beside a bad hot key: %v", err)
	}
	if n, err := direct.ZCard(ctx, k.hot("flood")).Result(); err != nil || n != 1 {
		t.Fatalf("hot set after the mark: %d %v, want 1", n, err)
	}
	if c.Malformed() != 4 {
		t.Fatalf("malformed %d, want 4 (the hot key the read met, the hotseq the script replaced)", c.Malformed())
	}
	// Met again by the next reads: not counted again.
	direct.Set(ctx, k.hotSeq("flood"), "z", 0)
	for range 3 {
		if _, err := c.Flush(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	if c.Malformed() != 5 {
		t.Fatalf("malformed %d after 3 reads of one bad hotseq, want 5", c.Malformed())
	}
}
