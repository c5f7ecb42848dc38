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

// Tests of how nodes read the hot marks (share.go), from review 9.

// sharingCounters starts a redis-server and two nodes' counters that count
// nodes live nodes, each with the rule "login" of limit events an hour.
func sharingCounters(t *testing.T, nodes, limit int) (r *clustertest.Redis, a, b *Counter, ra, rb *Rule) {
	r = clustertest.Start(t)
	a = startNode(t, r, "a", t.TempDir(), nil).Counter()
	b = startNode(t, r, "b", t.TempDir(), nil).Counter()
	a.nodes = func() int { return nodes }
	b.nodes = func() int { return nodes }
	return r, a, b, a.Rule("login", time.Hour, limit), b.Rule("login", time.Hour, limit)
}

func marksClient(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
}

// More than hotFetchMax new marks between two reads of a node: the read
// is cut and the next one reads on. With a call's marks sharing one
// number the cut fell inside them and the next read started after that
// number: 500 of 100,500 marks were never read.
func TestShareFetchCutsNoMarks(t *testing.T) {
	_, a, b, ra, rb := sharingCounters(t, 2, 8) // share 2, hot at 4
	ctx := context.Background()
	const hot = 100_500
	// b holds 1 of every client (under its share of 2).
	for i := range hot + 500 {
		b.Add(rb, marksClient(i))
	}
	if _, err := b.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	// a: the first 500 clients sent at 2 (not hot), the next 100,500 at 4 (hot).
	for i := range hot + 500 {
		n := 4
		if i < 500 {
			n = 2
		}
		for range n {
			a.Add(ra, marksClient(i))
		}
	}
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := b.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UnixMilli()
	missed := 0
	for i := 500; i < hot+500; i++ {
		if !rb.isHot(keyOf(marksClient(i)), now) {
			missed++
		}
	}
	if missed > 0 || len(rb.hot) != hot {
		t.Errorf("b knows %d hot, never learned %d of %d marked (hotSeen %d)", len(rb.hot), missed, hot, rb.hotSeen)
	}
}

// A node knows at most maxHot clients hot per rule; past it the rule is
// hot for every client: the counts the node held go at once and every
// count after them is sent, so no hot client's counts stay held. Before,
// the map took every client marked (a million at half a limit: +95 MB
// on every node).
func TestShareHotKnownBounded(t *testing.T) {
	r, a, b, ra, rb := sharingCounters(t, 2, 8) // share 2, hot at 4
	b.maxHot = 1000
	ctx := context.Background()
	const n = 5000
	for i := range n {
		b.Add(rb, marksClient(i)) // held on b
		for range 4 {
			a.Add(ra, marksClient(i)) // sent by a: hot
		}
	}
	if _, err := b.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Flush(ctx, time.Now()); err != nil { // reads the marks, sends what it held
		t.Fatal(err)
	}
	now := time.Now()
	if len(rb.hot) > 1000 || rb.hotAll <= now.UnixMilli() {
		t.Fatalf("b knows %d clients hot (bound 1000), hot for all until %d (now %d)", len(rb.hot), rb.hotAll, now.UnixMilli())
	}
	if rb.held.len() != 0 {
		t.Errorf("b still holds counts of %d clients", rb.held.len())
	}
	// A client b never learned by name: its next count goes at once.
	last := marksClient(n - 1)
	b.Add(rb, last)
	if _, err := b.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	bucket := now.Add(-b.offset()).UnixMilli() / time.Hour.Milliseconds()
	key := b.k.counter("login", bucket)
	vals, err := direct.HMGet(ctx, key, marksClient(0).String(), marksClient(n/2).String(), last.String()).Result()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"5", "5", "6"} {
		if vals[i] != want {
			t.Errorf("client %d: Redis counts %v, want %s (every count of a hot client sent)", i, vals[i], want)
		}
	}
}

// Members the script did not write are counted once each and removed: a
// junk name above the good marks (counted at every flush before), a good
// name numbered above the counter (1000, or a huge number: that sent the node's place
// past the counter and back to 0 at every flush before) and a number
// that is not whole. The good marks are read.
func TestShareJunkMarksCountedOnce(t *testing.T) {
	c, _, direct, now, _ := counterInBucket(t)
	c.nodes = func() int { return 3 }
	rule := c.Rule("flood", time.Hour, 60)
	ctx := context.Background()
	k := keysFor("t:")
	direct.ZAdd(ctx, k.hot("flood"), redis.Z{Score: 5, Member: "192.0.2.9/32"}, redis.Z{Score: 6, Member: "192.0.2.5/32"},
		redis.Z{Score: 6.5, Member: "192.0.2.6/32"}, redis.Z{Score: 9, Member: "junk"}, redis.Z{Score: 1000, Member: "192.0.2.4/32"},
		redis.Z{Score: 1e300, Member: "192.0.2.7/32"})
	direct.Set(ctx, k.hotSeq("flood"), "9", 0)
	c.Add(rule, netip.MustParsePrefix("192.0.2.8/32"))
	for range 5 {
		if _, err := c.Flush(ctx, now); err != nil {
			t.Fatal(err)
		}
		if rule.hotSeen > 9 {
			t.Fatalf("the node's place %d is past the counter 9", rule.hotSeen)
		}
	}
	if c.Malformed() != 4 {
		t.Errorf("malformed %d after 5 flushes, want 4 (junk, 6.5, 1000, 1e300 each once)", c.Malformed())
	}
	for _, h := range []string{"192.0.2.9/32", "192.0.2.5/32"} {
		if !rule.isHot(keyOf(netip.MustParsePrefix(h)), now.UnixMilli()) {
			t.Errorf("%s not hot", h)
		}
	}
	left, err := direct.ZRangeWithScores(ctx, k.hot("flood"), 0, -1).Result()
	if err != nil || len(left) != 2 {
		t.Errorf("hot set after the reads: %v %v, want the 2 good marks", left, err)
	}
	// mark sends 40 events of client (over the limit: marked) and
	// returns the number of its mark.
	mark := func(client string) float64 {
		for range 40 {
			c.Add(rule, netip.MustParsePrefix(client))
		}
		if _, err := c.Flush(ctx, now); err != nil {
			t.Fatal(err)
		}
		s, err := direct.ZScore(ctx, k.hot("flood"), client).Result()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// The next mark numbers on from the counter.
	if s := mark("192.0.2.10/32"); s != 10 {
		t.Errorf("new mark numbered %v, want 10", s)
	}
	// The counter gone (the set kept): the next mark numbers on from
	// Redis's clock (512 a ms), or the set's highest if higher; never
	// from 1 under the nodes' places.
	direct.Del(ctx, k.hotSeq("flood"))
	if s, floor := mark("192.0.2.11/32"), float64(time.Now().Add(-time.Minute).UnixMilli()*512); s < floor {
		t.Errorf("mark after the counter was lost numbered %v, want Redis's clock times 512 (over %v)", s, floor)
	}
	huge := float64(time.Now().Add(time.Hour).UnixMilli() * 512)
	direct.ZAdd(ctx, k.hot("flood"), redis.Z{Score: huge, Member: "192.0.2.12/32"})
	direct.Del(ctx, k.hotSeq("flood"))
	if s := mark("192.0.2.13/32"); s != huge+1 {
		t.Errorf("mark after the counter was lost, beside a mark ahead of the clock, numbered %v, want %v", s, huge+1)
	}
}

// The mark counter expires with the marks (three windows and a second
// after the last), and a counter started again numbers above every place
// a node holds: a node that read marks before the expiry and holds counts
// of a client marked after it reads that mark. Before, hotseq had no
// expiry (a key for every rule id ever counted), and expiring it started
// the numbers at 1 again, under the node's place.
func TestShareMarkCounterExpires(t *testing.T) {
	_, a, b, ra, rb := sharingCounters(t, 3, 60) // share 10, hot at 30
	ctx := context.Background()
	k := a.k
	flush := func(c *Counter) {
		t.Helper()
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	x, y := marksClient(1), marksClient(2)
	b.Add(rb, marksClient(3)) // b holds counts: it reads the marks
	for range 35 {
		a.Add(ra, x)
	}
	flush(a)
	flush(b)
	if !rb.isHot(keyOf(x), time.Now().UnixMilli()) {
		t.Fatal("b did not read x's mark")
	}
	place := rb.hotSeen
	life := 3*time.Hour + time.Second
	for _, key := range []string{k.hotSeq("login"), k.hot("login"), k.hotAt("login")} {
		ttl, err := a.rdb.PTTL(ctx, key).Result()
		if err != nil || ttl <= life-time.Minute || ttl > life {
			t.Fatalf("%s expires in %v (%v), want about %v", key, ttl, err, life)
		}
	}
	// As their expiry does: the counter and both sets go.
	a.rdb.Del(ctx, k.hotSeq("login"), k.hot("login"), k.hotAt("login"))
	b.Add(rb, y) // b holds 1 of y
	flush(b)
	for range 35 {
		a.Add(ra, y)
	}
	flush(a)
	flush(b)
	if !rb.isHot(keyOf(y), time.Now().UnixMilli()) || rb.hotSeen <= place {
		t.Fatalf("after the counter expired: y hot on b %v, b's place %d (was %d)", rb.isHot(keyOf(y), time.Now().UnixMilli()), rb.hotSeen, place)
	}
}

// Redis loses its data (FLUSHALL), and other nodes' marks run the
// counter past this node's last place before it reads again: the marks
// numbered under its place were never read (its held counts of a client
// marked then stayed held). The epoch changed: the node reads the set
// from its start.
func TestShareSeqAfterLossReadFromStart(t *testing.T) {
	_, a, b, ra, rb := sharingCounters(t, 3, 60) // share 10, hot at 30
	ctx := context.Background()
	// The epoch as the nodes' first heartbeat sets it (if it has not yet).
	if err := a.rdb.SetNX(ctx, a.k.epoch, "before", 0).Err(); err != nil {
		t.Fatal(err)
	}
	// Before the loss: 5 marks, b reads them. Their numbers run an hour
	// of Redis's clock ahead (as after a burst of more than 512 marks a
	// ms): the numbers after the loss start under b's place, and only
	// the epoch's change tells b to read from the start.
	ahead := uint64(time.Now().Add(time.Hour).UnixMilli()) * 512
	if err := a.rdb.Set(ctx, a.k.hotSeq("login"), strconv.FormatUint(ahead, 10), 0).Err(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		for range 30 {
			a.Add(ra, marksClient(1000+i))
		}
		if _, err := a.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	x := marksClient(1)
	for range 9 {
		b.Add(rb, x) // held on b
	}
	if _, err := b.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if rb.hotSeen != ahead+5 {
		t.Fatalf("b read up to %d, want %d", rb.hotSeen, ahead+5)
	}
	if err := a.rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	// A node's heartbeat sets a new epoch.
	if err := a.rdb.Set(ctx, a.k.epoch, "after-"+strconv.Itoa(int(time.Now().UnixNano())), 0).Err(); err != nil {
		t.Fatal(err)
	}
	// After: x marked first, then 5 more marks, numbered from the clock
	// (under b's place).
	for range 30 {
		a.Add(ra, x)
	}
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		for range 30 {
			a.Add(ra, marksClient(2000+i))
		}
		if _, err := a.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if _, err := b.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if !rb.isHot(keyOf(x), time.Now().UnixMilli()) {
		t.Fatalf("b never learned x hot (place %d): its 9 held stay held", rb.hotSeen)
	}
	if rb.held.find(keyOf(x)) >= 0 && rb.held.counts[rb.held.find(keyOf(x))] != 0 {
		t.Errorf("b still holds x's counts")
	}
}
