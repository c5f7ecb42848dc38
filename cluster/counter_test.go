package cluster

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// Counts of one rule added on two nodes come back as their sum once over
// the limit; the previous window bucket counts in proportion to how much
// of it is still inside the sliding window.
func TestCounterCombinesNodes(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	ca, cb := a.Counter(), b.Counter()
	ctx := context.Background()
	client := netip.MustParsePrefix("198.51.100.9/32")
	other := netip.MustParsePrefix("2001:db8::/64")
	const window = time.Hour // one bucket for the whole test, almost surely
	ra, rb := ca.Rule("login", window, 5), cb.Rule("login", window, 5)
	for range 3 {
		ca.Add(ra, client)
		cb.Add(rb, client)
	}
	for range 4 {
		cb.Add(rb, other)
	}
	now := time.Now()
	if tot, err := ca.Flush(ctx, now); err != nil || len(tot) != 0 {
		t.Fatalf("a's flush, 3 of 5: %v %+v", err, tot)
	}
	tot, err := cb.Flush(ctx, now)
	if err != nil || len(tot) != 1 || tot[0].Rule != "login" || tot[0].Client != client || tot[0].Count != 6 {
		t.Fatalf("b's flush: %v %+v, want %s at 6", err, tot, client)
	}
	if tot, _ := ca.Flush(ctx, now); len(tot) != 0 {
		t.Fatalf("a second flush with nothing counted returned %+v", tot)
	}

	// Half a window later in the next bucket, the previous one counts
	// half: 4 + 4/2 is over 5.
	w := window.Milliseconds()
	bucket := (now.Add(-a.Offset()).UnixMilli())/w + 1
	later := time.UnixMilli(bucket*w + w/2).Add(a.Offset())
	for range 4 {
		ca.Add(ra, other)
	}
	tot, err = ca.Flush(ctx, later)
	if err != nil || len(tot) != 1 || tot[0].Client != other || tot[0].Count < 6-0.01 || tot[0].Count > 6+0.01 {
		t.Fatalf("sliding total %+v (%v), want %s at 4 + 4/2", tot, err, other)
	}
}

// One incident is one node's: three nodes each count 3 of a client's
// requests against a limit of 5 and flush one after another, as their
// flushers do 50 ms apart. The flush that first sees the total over the
// limit gets the client (Redis claims it for that node and resets its
// count); a later flush, which used to see the whole total again and ban
// a second time (two offences for one incident), does not.
func TestCounterOneNodeClaimsAnIncident(t *testing.T) {
	r := clustertest.Start(t)
	var cs []*Counter
	var rs []*Rule
	for _, name := range []string{"a", "b", "c"} {
		c := startNode(t, r, name, t.TempDir(), nil).Counter()
		cs, rs = append(cs, c), append(rs, c.Rule("login", time.Hour, 5))
	}
	ctx := context.Background()
	client := netip.MustParsePrefix("198.51.100.9/32")
	now := time.Now()
	var got []string
	for i, c := range cs {
		for range 3 {
			c.Add(rs[i], client)
		}
		tot, err := c.Flush(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range tot {
			got = append(got, fmt.Sprintf("node %d: %s %.0f", i, x.Client, x.Count))
		}
	}
	if len(got) != 1 || got[0] != "node 1: 198.51.100.9/32 6" {
		t.Fatalf("over the limit: %q, want once, on the second node's flush", got)
	}
	// The count started again: 5 more on a are not over the limit.
	for range 5 {
		cs[0].Add(rs[0], client)
	}
	if tot, err := cs[0].Flush(ctx, now); err != nil || len(tot) != 0 {
		t.Fatalf("after the claim: %+v %v", tot, err)
	}
}

// A flush whose reply is lost (the connection drops after Redis ran the
// script) is retried by the client (MaxRetries); the retry must neither
// add the counts a second time nor lose the client the first run claimed.
func TestCounterRetryCountsOnce(t *testing.T) {
	r := clustertest.Start(t)
	px := startFaultProxy(t, r.Socket)
	n := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = "unix://" + px.socket })
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	ctx := context.Background()
	if err := countScript.Load(ctx, direct).Err(); err != nil { // EVALSHA runs at once
		t.Fatal(err)
	}
	c := n.Counter()
	rule := c.Rule("login", time.Hour, 5)
	under, over := netip.MustParsePrefix("198.51.100.1/32"), netip.MustParsePrefix("198.51.100.2/32")
	for range 3 {
		c.Add(rule, under)
	}
	for range 6 {
		c.Add(rule, over)
	}
	px.dropNextReplyTo("eval")
	tot, err := c.Flush(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if px.dropped.Load() != 1 {
		t.Fatalf("the proxy dropped %d replies, want 1", px.dropped.Load())
	}
	if len(tot) != 1 || tot[0].Client != over || tot[0].Count != 6 {
		t.Errorf("totals after a retried flush: %+v, want %s 6 once", tot, over)
	}
	keys, err := direct.Keys(ctx, "t:count:login:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("bucket keys %q %v", keys, err)
	}
	if v, err := direct.HGet(ctx, keys[0], under.String()).Int(); err != nil || v != 3 {
		t.Errorf("%s counted %d times in Redis (%v), want 3", under, v, err)
	}
}

// faultProxy passes a unix socket through to Redis; armed, it closes the
// client's connection instead of passing on the reply to the first
// command that contains a word, after Redis has run it.
type faultProxy struct {
	socket  string
	mu      sync.Mutex
	match   string
	dropped atomic.Int64
	// downAfterDrop: once a reply is dropped, every connection is closed
	// (the client's retry fails too) until down is cleared.
	downAfterDrop bool
	down          atomic.Bool
}

func startFaultProxy(t *testing.T, upstream string) *faultProxy {
	dir, err := os.MkdirTemp("", "gcp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := &faultProxy{socket: filepath.Join(dir, "p.sock")}
	l, err := net.Listen("unix", p.socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if p.down.Load() {
				c.Close()
				continue
			}
			u, err := net.Dial("unix", upstream)
			if err != nil {
				c.Close()
				continue
			}
			go p.serve(c, u)
		}
	}()
	return p
}

func (p *faultProxy) dropNextReplyTo(word string) {
	p.mu.Lock()
	p.match = word
	p.mu.Unlock()
}

func (p *faultProxy) serve(c, u net.Conn) {
	defer c.Close()
	defer u.Close()
	var drop atomic.Bool
	go func() {
		defer c.Close()
		defer u.Close()
		buf := make([]byte, 64<<10)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				if p.down.Load() {
					return
				}
				p.mu.Lock()
				if p.match != "" && bytes.Contains(bytes.ToLower(buf[:n]), []byte(p.match)) {
					p.match = ""
					drop.Store(true)
					if p.downAfterDrop {
						p.down.Store(true)
					}
				}
				p.mu.Unlock()
				if _, err := u.Write(buf[:n]); err != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := u.Read(buf)
		if n > 0 {
			if drop.Load() {
				p.dropped.Add(1)
				return // Redis ran it; the client never hears
			}
			if p.down.Load() {
				return
			}
			if _, err := c.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Values in Redis that are not counts (another program, another version,
// a hand edit) are counted as malformed and overwritten, not a failed
// flush that would keep every other client of the rule from counting.
func TestCounterMalformedValuesInRedis(t *testing.T) {
	c, rule, direct, now, bucket := counterInBucket(t)
	ctx := context.Background()
	const window = time.Hour
	k := keysFor("t:")
	bad, prevBad, good := netip.MustParsePrefix("198.51.100.1/32"), netip.MustParsePrefix("198.51.100.2/32"), netip.MustParsePrefix("198.51.100.3/32")
	direct.HSet(ctx, k.counter("login", bucket), bad.String(), "many")
	direct.HSet(ctx, k.counter("login", bucket-1), prevBad.String(), "lots")
	for _, p := range []netip.Prefix{bad, prevBad, good} {
		for range 6 {
			c.Add(rule, p)
		}
	}
	tot, err := c.Flush(ctx, now)
	if err != nil {
		t.Fatalf("flush with malformed counts in Redis: %v", err)
	}
	if len(tot) != 3 {
		t.Errorf("totals %+v, want all three clients over 5", tot)
	}
	if c.Malformed() != 2 {
		t.Errorf("malformed %d, want 2", c.Malformed())
	}
	// A bucket that is not a hash is replaced.
	direct.Set(ctx, k.counter("scan", bucket), "x", 0)
	scan := c.Rule("scan", window, 5)
	for range 6 {
		c.Add(scan, good)
	}
	if tot, err := c.Flush(ctx, now); err != nil || len(tot) != 1 || c.Malformed() != 3 {
		t.Fatalf("flush into a bucket that is a string: %+v %v, malformed %d", tot, err, c.Malformed())
	}
}

// Redis away: a flush fails (no panic) and its counts are lost, as
// documented (the throttle counts on each node alone meanwhile), not sent
// again later on top of what came after. Redis back, without the script
// in its cache: the next flush loads it and counts.
func TestCounterFlushAcrossRedisRestart(t *testing.T) {
	r := clustertest.Start(t)
	n := startNode(t, r, "a", t.TempDir(), nil)
	c := n.Counter()
	rule := c.Rule("login", time.Hour, 5)
	client := netip.MustParsePrefix("198.51.100.7/32")
	ctx := context.Background()
	add := func(k int) {
		for range k {
			c.Add(rule, client)
		}
	}
	add(3)
	if tot, err := c.Flush(ctx, time.Now()); err != nil || len(tot) != 0 {
		t.Fatalf("3 of 5: %+v %v", tot, err)
	}
	r.Kill()
	add(3)
	if tot, err := c.Flush(ctx, time.Now()); err == nil || len(tot) != 0 {
		t.Fatalf("flush with Redis down: %+v %v, want an error", tot, err)
	}
	r.Restart()
	// go-redis's pool, after failed dials, answers with the last dial
	// error until its background redial (once a second) gets through:
	// a flush in that second fails and loses its counts, as documented.
	// Wait until this node's own client reaches Redis again (bounded),
	// so the flush below tests the script reload, not the pool's pause
	// (CI failed here once: "dial unix ...: no such file or directory").
	waitFor(t, 10*time.Second, "the node's client reaching the restarted redis-server", func() bool { return n.rdb.Ping(ctx).Err() == nil })
	add(1)
	if tot, err := c.Flush(ctx, time.Now()); err != nil || len(tot) != 0 {
		t.Fatalf("after the restart, 3 + 1 (the failed 3 dropped): %+v %v", tot, err)
	}
	add(2)
	tot, err := c.Flush(ctx, time.Now())
	if err != nil || len(tot) != 1 || tot[0].Count != 6 {
		t.Fatalf("3 + 1 + 2: %+v %v, want 6", tot, err)
	}
}

// The script's reply is input: the malformed-values count first, then
// "client total" lines; lines that are not a canonical prefix and a
// positive finite total are counted and skipped.
func TestParseTotals(t *testing.T) {
	c := &Counter{}
	got := c.parseTotals(nil, "r", "2\n198.51.100.1/32 6.000\n198.51.100.1/24 7\nx 3\n2001:db8::/64 NaN\n2001:db8::/64 -1\n2001:db8::/64 1e999\n2001:db8::/64\n\n2001:db8::/64 9.5")
	want := []Total{{"r", netip.MustParsePrefix("198.51.100.1/32"), 6}, {"r", netip.MustParsePrefix("2001:db8::/64"), 9.5}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("totals %v, want %v", got, want)
	}
	if c.Malformed() != 2+6 {
		t.Errorf("malformed %d, want 8", c.Malformed())
	}
	c.parseTotals(nil, "r", "zz")
	if c.Malformed() != 9 {
		t.Errorf("a reply without its count: malformed %d, want 9", c.Malformed())
	}
}

func FuzzParseTotals(f *testing.F) {
	f.Add("0\n198.51.100.1/32 6.000")
	f.Add("3\n2001:db8::/64 1e3\nx")
	f.Fuzz(func(t *testing.T, s string) {
		c := &Counter{}
		for _, x := range c.parseTotals(nil, "r", s) {
			if !x.Client.IsValid() || x.Client != x.Client.Masked() || !(x.Count > 0) || math.IsInf(x.Count, 0) {
				t.Fatalf("%q gave %+v", s, x)
			}
		}
	})
}

// A flush larger than one call and one round trip: every client counted
// once, every client over the limit returned once, wherever the chunk
// boundaries fall.
func TestCounterChunks(t *testing.T) {
	r := clustertest.Start(t, "--appendfsync", "everysec")
	n := startNode(t, r, "a", t.TempDir(), nil)
	c := n.Counter()
	rule := c.Rule("flood", time.Hour, 2)
	const clients = chunksPerTrip*chunkClients + chunkClients/2 + 7
	over := map[netip.Prefix]bool{}
	for i := range clients {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
		k := 1
		if i%97 == 0 {
			k, over[p] = 3, true
		}
		for range k {
			c.Add(rule, p)
		}
	}
	ctx := context.Background()
	tot, err := c.Flush(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range tot {
		if !over[x.Client] || x.Count != 3 {
			t.Fatalf("unexpected total %+v", x)
		}
		delete(over, x.Client)
	}
	if len(over) != 0 || c.seq != clients/chunkClients+1 {
		t.Fatalf("%d clients over the limit not returned; %d calls", len(over), c.seq)
	}
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	keys, _ := direct.Keys(ctx, "t:count:flood:*").Result()
	if len(keys) != 1 {
		t.Fatalf("bucket keys %q", keys)
	}
	// A claimed client's count is its claim.
	if n, err := direct.HLen(ctx, keys[0]).Result(); err != nil || n != int64(clients) {
		t.Fatalf("%d clients in the bucket (%v), want %d", n, err, clients)
	}
}

// A claim whose reply is lost, and whose retry fails too (the connection
// drops after Redis ran the script and Redis stays out of reach a moment),
// comes back to the node that made it at its next flush: the call is
// asked for again by its name, whose reply Redis keeps. Before, the claim
// held the client for the throttle's shortest ban and the count was
// reset, so no node banned it for that long.
func TestCounterLostReplyClaimComesBack(t *testing.T) {
	t.Parallel()
	r := clustertest.Start(t)
	px := startFaultProxy(t, r.Socket)
	px.downAfterDrop = true
	a := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = "unix://" + px.socket })
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	ctx := context.Background()
	c := a.Counter()
	rule := c.RuleHeld("login", time.Hour, 5, 10*time.Minute)
	// A first call, so that the next goes by EVALSHA in a pipeline (two
	// events: one node's share of a limit of 5).
	c.Add(rule, netip.MustParsePrefix("192.0.2.1/32"))
	c.Add(rule, netip.MustParsePrefix("192.0.2.1/32"))
	if _, err := c.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	client := netip.MustParsePrefix("198.51.100.2/32")
	for range 6 {
		c.Add(rule, client)
	}
	px.dropNextReplyTo("evalsha")
	tot, err := c.Flush(ctx, time.Now())
	if err == nil || len(tot) != 0 || px.dropped.Load() != 1 {
		t.Fatalf("flush whose reply and retry are lost: %+v %v (dropped %d)", tot, err, px.dropped.Load())
	}
	if left := claimLeft(t, direct, "login", client); left <= 0 {
		t.Fatalf("Redis did not run the lost call: no claim of %s", client)
	}
	px.down.Store(false)
	tot, err = c.Flush(ctx, time.Now())
	if err != nil || len(tot) != 1 || tot[0].Client != client || tot[0].Count != 6 {
		t.Fatalf("next flush, Redis back: %+v %v, want the lost claim of %s at 6", tot, err, client)
	}
	if tot, err := c.Flush(ctx, time.Now()); err != nil || len(tot) != 0 {
		t.Fatalf("a third flush returned the claim again: %+v %v", tot, err)
	}
}

// A node that claims a client and never bans it (it crashed between the
// script and the ban, or the client is protected there) holds the
// incident only a few seconds: the claim lives long enough for a ban to
// reach the other nodes, not for the throttle's ban. After it, another
// node that goes on seeing the client over the limit gets it.
func TestCounterClaimIsShort(t *testing.T) {
	t.Parallel()
	r, ca, ra, cb, rb := twoCounters(t, 10*time.Minute)
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	ctx := context.Background()
	client := netip.MustParsePrefix("198.51.100.3/32")
	for range 6 {
		ca.Add(ra, client)
	}
	if tot, err := ca.Flush(ctx, time.Now()); err != nil || len(tot) != 1 {
		t.Fatalf("a's claim: %+v %v", tot, err)
	}
	claimed := time.Now()
	ttl := claimLeft(t, direct, "login", client)
	if ttl <= 0 || ttl > 5*time.Second {
		t.Fatalf("claim lives %v, want a few seconds", ttl)
	}
	// a is gone; the client goes on at b.
	for time.Since(claimed) < ttl+2*time.Second {
		for range 10 {
			cb.Add(rb, client)
		}
		tot, err := cb.Flush(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(tot) > 0 {
			if d := time.Since(claimed); d < ttl-200*time.Millisecond {
				t.Fatalf("b got the client %v after a's claim of %v: one incident decided twice", d, ttl)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no node got the client within %v of a's claim (claim %v)", time.Since(claimed), ttl)
}

// A client unbanned by hand (or whose ban a node refused) right after its
// claim is banned again once it is over the limit again, within a few
// seconds: nothing deletes the claim, so it must not outlive a ban's
// propagation by much.
func TestCounterClaimAfterUnban(t *testing.T) {
	t.Parallel()
	_, ca, ra, cb, rb := twoCounters(t, 10*time.Minute)
	client := netip.MustParsePrefix("198.51.100.5/32")
	ctx := context.Background()
	for range 6 {
		ca.Add(ra, client)
	}
	if tot, _ := ca.Flush(ctx, time.Now()); len(tot) != 1 {
		t.Fatalf("first claim: %+v", tot)
	}
	// Unbanned at once; it goes on at both nodes.
	start := time.Now()
	for time.Since(start) < 8*time.Second {
		for range 5 {
			ca.Add(ra, client)
			cb.Add(rb, client)
		}
		x, err := ca.Flush(ctx, time.Now())
		y, err2 := cb.Flush(ctx, time.Now())
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		if len(x)+len(y) > 0 {
			if len(x)+len(y) != 1 {
				t.Fatalf("claimed twice: %+v %+v", x, y)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the client went on over the limit for 8 s after an unban and no node got it")
}

// Counts held in Redis must be what the script writes: non-negative
// decimal numbers. Lua's tonumber took "nan", "inf", "-1000", "0x10" and
// "1e3" (strtod) as numbers: a NaN total is never over the limit, a
// negative one hides a brute force, an infinite one is claimed and then
// refused by the reply's parser. Each is malformed: counted and
// overwritten.
func TestCounterStrictNumbers(t *testing.T) {
	t.Parallel()
	c, rule, direct, now, bucket := counterInBucket(t)
	ctx := context.Background()
	k := keysFor("t:")
	vals := []string{"nan", "inf", "-1000", "0x10", "1e3", " 7", "2.5.1"}
	want := map[netip.Prefix]bool{}
	for i, v := range vals {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 51, 100, byte(i + 1)}), 32)
		want[p] = true
		direct.HSet(ctx, k.counter("login", bucket), p.String(), v)
		for range 6 {
			c.Add(rule, p)
		}
	}
	// A prefix's good value is still added (fractional: a count written
	// by another version); two events, the node's share of a limit of 5.
	good := netip.MustParsePrefix("198.51.100.99/32")
	direct.HSet(ctx, k.counter("login", bucket), good.String(), "2.5")
	c.Add(rule, good)
	c.Add(rule, good)
	tot, err := c.Flush(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range tot {
		if !want[x.Client] || x.Count != 6 {
			t.Errorf("total %+v, want 6 events each, the stored value dropped", x)
		}
		delete(want, x.Client)
	}
	if len(want) != 0 || c.Malformed() != uint64(len(vals)) {
		t.Errorf("not returned: %v; malformed %d, want %d", want, c.Malformed(), len(vals))
	}
	if v, err := direct.HGet(ctx, k.counter("login", bucket), good.String()).Result(); err != nil || v != "4.5" {
		t.Errorf("a fractional count plus two: %q %v, want 4.5", v, err)
	}
}

// Counts another node sends in the batch after a claim (events of the
// incident before its ban reached that node) are discarded, not kept for
// the client's next incident: after the ban a client is counted afresh.
func TestCounterPreBanCountsDiscarded(t *testing.T) {
	t.Parallel()
	const hold = 300 * time.Millisecond // the throttle's ban, shorter than a claim
	_, ca, ra, cb, rb := twoCounters(t, hold)
	client := netip.MustParsePrefix("198.51.100.4/32")
	ctx := context.Background()
	for range 6 {
		ca.Add(ra, client)
	}
	for range 3 {
		cb.Add(rb, client)
	}
	now := time.Now()
	if tot, _ := ca.Flush(ctx, now); len(tot) != 1 {
		t.Fatalf("a's claim: %+v", tot)
	}
	if tot, _ := cb.Flush(ctx, now); len(tot) != 0 {
		t.Fatalf("b's flush after a's claim: %+v", tot)
	}
	time.Sleep(hold + 100*time.Millisecond) // the ban is over
	for range 3 {
		ca.Add(ra, client)
	}
	if tot, _ := ca.Flush(ctx, time.Now()); len(tot) != 0 {
		t.Fatalf("after the ban, 3 new events of a limit of 5 banned again: %+v (b's 3 from before the ban counted)", tot)
	}
	for range 3 {
		cb.Add(rb, client)
	}
	if tot, _ := cb.Flush(ctx, time.Now()); len(tot) != 1 || tot[0].Count != 6 {
		t.Fatalf("3 + 3 after the ban: %+v, want 6", tot)
	}
}

// twoCounters starts a Redis and two nodes, a and b, and returns their
// counters with the rule "login" (a limit of 5 in an hour, whose shortest
// ban is ban).
func twoCounters(t *testing.T, ban time.Duration) (r *clustertest.Redis, ca *Counter, ra *Rule, cb *Counter, rb *Rule) {
	r = clustertest.Start(t)
	ca, cb = startNode(t, r, "a", t.TempDir(), nil).Counter(), startNode(t, r, "b", t.TempDir(), nil).Counter()
	return r, ca, ca.RuleHeld("login", time.Hour, 5, ban), cb, cb.RuleHeld("login", time.Hour, 5, ban)
}

// counterInBucket starts a Redis and a node, and returns its counter with
// the rule "login" (a limit of 5 in an hour), a client of that Redis, the
// time, and the rule's bucket at that time.
func counterInBucket(t *testing.T) (*Counter, *Rule, *redis.Client, time.Time, int64) {
	r := clustertest.Start(t)
	n := startNode(t, r, "a", t.TempDir(), nil)
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	t.Cleanup(func() { direct.Close() })
	// Until its first heartbeat a node sends every count (share 1).
	waitFor(t, 5*time.Second, "the node's first heartbeat", func() bool { return n.liveForShares() > 0 })
	c := n.Counter()
	now := time.Now()
	return c, c.Rule("login", time.Hour, 5), direct, now, now.Add(-n.Offset()).UnixMilli() / time.Hour.Milliseconds()
}

// claimLeft is how long the claim of client for rule has to live, by
// Redis's clock (0 without a live claim): the marker its bucket holds.
func claimLeft(t *testing.T, direct *redis.Client, rule string, client netip.Prefix) time.Duration {
	t.Helper()
	ctx := context.Background()
	keys, err := direct.Keys(ctx, "t:count:"+rule+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	now, err := direct.Time(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	var left time.Duration
	for _, k := range keys {
		v, err := direct.HGet(ctx, k, client.String()).Result()
		if err != nil {
			continue
		}
		var end int64
		var node string
		if n, _ := fmt.Sscanf(v, "c%d:%s", &end, &node); n == 2 {
			left = max(left, time.UnixMilli(end).Sub(now))
		}
	}
	return left
}

// The daemon's way: one goroutine adds events under a lock (the loop's),
// another takes the logs under that lock and sends them outside it while
// the adding goes on. Every event is counted once, in Redis or held by
// the node (a share of 50 events a client), none lost between a Take and
// the next (the race detector checks that Add, which takes no lock of its
// own, and Send never touch the same memory).
func TestCounterTakeWhileAdding(t *testing.T) {
	t.Parallel()
	c, _, direct, _, _ := counterInBucket(t)
	rule := c.Rule("flood", time.Hour, 1<<30)
	c.nodes = func() int { return 1 << 30 / 100 } // a share of 50
	ps := make([]netip.Prefix, 50)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(i)}), 32)
	}
	const events = 20_000
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range events {
			mu.Lock()
			c.Add(rule, ps[i%len(ps)])
			mu.Unlock()
		}
	}()
	ctx := context.Background()
	send := func() {
		mu.Lock()
		c.Take()
		mu.Unlock()
		if tot, err := c.Send(ctx, time.Now()); err != nil || len(tot) != 0 {
			t.Fatalf("send: %+v %v", tot, err)
		}
	}
	sends := 0
	for waiting := true; waiting; sends++ {
		select {
		case <-done:
			waiting = false
		case <-time.After(2 * time.Millisecond):
		}
		send()
	}
	if c.Dropped() != 0 {
		t.Fatalf("%d events dropped", c.Dropped())
	}
	keys, err := direct.Keys(ctx, "t:count:flood:*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("no bucket: %v %v", keys, err)
	}
	sum := 0
	for _, k := range keys {
		vals, err := direct.HGetAll(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			var n int
			if _, err := fmt.Sscan(v, &n); err != nil {
				t.Fatalf("%s holds %q", k, v)
			}
			sum += n
		}
	}
	held := 0
	for i := range rule.held.keys {
		held += int(rule.held.counts[i] + rule.held.prev[i])
	}
	if sum+held != events || sum == 0 {
		t.Fatalf("Redis holds %d events and the node %d after %d sends, want %d", sum, held, sends, events)
	}
}
