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
				p.mu.Lock()
				if p.match != "" && bytes.Contains(bytes.ToLower(buf[:n]), []byte(p.match)) {
					p.match = ""
					drop.Store(true)
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
	r := clustertest.Start(t)
	n := startNode(t, r, "a", t.TempDir(), nil)
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	ctx := context.Background()
	c := n.Counter()
	const window = time.Hour
	rule := c.Rule("login", window, 5)
	now := time.Now()
	w := window.Milliseconds()
	bucket := now.Add(-n.Offset()).UnixMilli() / w
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
	if n, err := direct.HLen(ctx, keys[0]).Result(); err != nil || n != int64(clients-len(tot)) {
		t.Fatalf("%d clients in the bucket (%v), want %d", n, err, clients-len(tot))
	}
}
