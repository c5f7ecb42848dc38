package cluster

import (
	"context"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// FuzzMarkKey: the IPv4 fast path of markKey gives the answer
// netip.ParsePrefix gives (the client, and whether it is a canonical,
// masked prefix) for every name it takes, and markKey as a whole takes
// exactly the names the read took before.
func FuzzMarkKey(f *testing.F) {
	for _, s := range []string{"10.0.0.1/32", "10.0.0.0/24", "10.0.0.1/24", "010.0.0.1/32", "10.0.0.1/032",
		"255.255.255.255/32", "256.0.0.1/32", "1.2.3.4/33", "1.2.3.4", "::1/128", "2001:db8::/48",
		"::ffff:1.2.3.4/128", "1.2.3.4/32\n", " 1.2.3.4/32", "0.0.0.0/0", "1.2.3.4/", "1..3.4/32", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := netip.ParsePrefix(s)
		want := err == nil && p == p.Masked()
		if fast, ok := parseIPv4Prefix(s); ok && (err != nil || fast != p) {
			t.Fatalf("parseIPv4Prefix(%q) = %v, netip: %v, %v", s, fast, p, err)
		}
		k, good := markKey(s)
		if good != want || (good && k != keyOf(p)) {
			t.Fatalf("markKey(%q) = %v %v, netip: %v %v", s, k, good, p, err)
		}
	})
}

// hotSetWith writes marks (member -> number) into rule's hot set and the
// counter at top, as the count script and a stranger would.
func hotSetWith(t testing.TB, r *clustertest.Redis, c *Counter, rule *Rule, top int, marks ...redis.Z) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	ctx := context.Background()
	if err := rdb.ZAdd(ctx, c.k.hot(rule.id), marks...).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Set(ctx, c.k.hotSeq(rule.id), top, 0).Err(); err != nil {
		t.Fatal(err)
	}
}

// A member that is not the script's may hold the reply's separators (a
// newline, spaces, digits): the read takes it whole (by its length),
// counts it once as malformed, and reads the good marks around it.
func TestFetchHotReadsOddMembersWhole(t *testing.T) {
	r := clustertest.Start(t)
	c := startNode(t, r, "a", t.TempDir(), nil).Counter()
	rule := c.Rule("login", time.Hour, 8)
	good1, good2 := netip.MustParsePrefix("10.0.0.1/32"), netip.MustParsePrefix("2001:db8::/48")
	hotSetWith(t, r, c, rule, 4,
		redis.Z{Score: 1, Member: good1.String()},
		redis.Z{Score: 2, Member: "7 13 10.0.0.9/32\n3 11 10.0.0.8/32\n"},
		redis.Z{Score: 3, Member: ""},
		redis.Z{Score: 4, Member: good2.String()})
	c.fetchHot(context.Background(), []*Rule{rule}, time.Now().UnixMilli())
	if len(rule.hot) != 2 || rule.hot[keyOf(good1)] == 0 || rule.hot[keyOf(good2)] == 0 {
		t.Fatalf("hot after the read: %v, want %v and %v only", rule.hot, good1, good2)
	}
	if rule.hotSeen != 4 {
		t.Fatalf("read up to mark %d, want 4", rule.hotSeen)
	}
	if n := c.Malformed(); n != 2 {
		t.Fatalf("malformed %d, want 2 (the odd member and the empty one)", n)
	}
}

// nodeWithMarks starts Redis and a node whose rule login has n marks
// in its hot set (clients marksClient(0..n-1), numbered 1..n).
func nodeWithMarks(t *testing.T, n int) (*clustertest.Redis, *Counter, *Rule) {
	t.Helper()
	r := clustertest.Start(t)
	c := startNode(t, r, "a", t.TempDir(), nil).Counter()
	rule := c.Rule("login", time.Hour, 8)
	zs := make([]redis.Z, n)
	for i := range zs {
		zs[i] = redis.Z{Score: float64(i + 1), Member: marksClient(i).String()}
	}
	hotSetWith(t, r, c, rule, n, zs...)
	return r, c, rule
}

// Reading the marks allocates nothing a mark: near the limit every client
// of an attack is marked once a window, and go-redis's []redis.Z reply
// was a string and an interface value a mark (2 objects: the objects a
// node allocated per line in the daemon's near-limit benchmark went
// from 0.01 alone to 0.11-0.30, with the collector's work for them).
func TestFetchHotAllocatesNothingPerMark(t *testing.T) {
	const marks = 5000
	_, c, rule := nodeWithMarks(t, marks)
	ctx := context.Background()
	hot := make(map[countKey]int64, marks) // the map's own growth is not the read's
	allocs := testing.AllocsPerRun(5, func() {
		clear(hot)
		rule.hotSeen, rule.hot, rule.epoch, rule.fresh = 0, hot, "", rule.fresh[:0]
		c.fetchHot(ctx, []*Rule{rule}, time.Now().UnixMilli())
	})
	if len(rule.hot) != marks {
		t.Fatalf("%d clients learned hot, want %d", len(rule.hot), marks)
	}
	if per := allocs / marks; per > 0.05 {
		t.Fatalf("%.0f allocations for %d marks (%.2f a mark), want a few a read", allocs, marks, per)
	}
}

// The marks are read with a plain ZRANGE, never a script: a script runs
// whole and blocks the shared Redis for every node while it runs, and
// one building the reply as a string took 4-9 us of wall a mark (84-176
// ms for a read of 20,000; another client's PING waited up to 1 s
// during a read of 100,000) against 0.7-3.6 us for ZRANGE, with Redis's
// CPU a mark 1,250-1,550 ns against 225 (rev-early s11). Every node reads
// every mark, so Redis's time a read is paid once per node.
func TestFetchHotRunsNoScript(t *testing.T) {
	const marks = 2000
	r, c, rule := nodeWithMarks(t, marks)
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	ctx := context.Background()
	if err := rdb.ConfigResetStat(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	c.fetchHot(ctx, []*Rule{rule}, time.Now().UnixMilli())
	if len(rule.hot) != marks {
		t.Fatalf("%d clients learned hot, want %d", len(rule.hot), marks)
	}
	stats, err := rdb.Info(ctx, "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(stats, "\n") {
		for _, script := range []string{"cmdstat_eval", "cmdstat_evalsha", "cmdstat_fcall"} {
			if strings.HasPrefix(line, script+":") {
				t.Errorf("the read ran a script on Redis: %s", strings.TrimSpace(line))
			}
		}
	}
	if !strings.Contains(stats, "cmdstat_zrange:calls=1,") {
		t.Errorf("the read did not read the marks with one ZRANGE:\n%s", stats)
	}
}

// The raw reply is read the same in RESP2 (a flat array, scores as bulk
// strings) and RESP3 (pairs, scores as doubles): a node's Redis URL may
// ask for either. Both replies of a real Redis, hostile members
// included, give the marks go-redis's own reader gives.
func TestMarkReplyBothProtocols(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	members := []string{"10.0.0.1/32", "", "\r\n", "$3\r\nabc\r\n", "*2\r\n,1\r\n", ",5", "2001:db8::/48", strings.Repeat("x", 70_000)}
	seed := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer seed.Close()
	for i, m := range members {
		if err := seed.ZAdd(ctx, "k", redis.Z{Score: float64(i) + 0.5, Member: m}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.ZAdd(ctx, "k", redis.Z{Score: math.Inf(1), Member: "inf"}).Err(); err != nil {
		t.Fatal(err)
	}
	want, err := seed.ZRangeWithScores(ctx, "k", 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, proto := range []int{2, 3} {
		rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket, Protocol: proto})
		raw, err := rdb.DoRaw(ctx, "zrange", "k", "-inf", "+inf", "byscore", "withscores").Result()
		rdb.Close()
		if err != nil {
			t.Fatal(err)
		}
		m, errLine, ok := readMarkReply(string(raw))
		if !ok || errLine != "" || m.n != len(want) {
			t.Fatalf("RESP%d: head %v %q, %d marks, want %d", proto, ok, errLine, m.n, len(want))
		}
		for i := range want {
			sc, member, ok := m.next()
			score, err := strconv.ParseFloat(sc, 64)
			if !ok || err != nil || member != want[i].Member || score != want[i].Score {
				t.Fatalf("RESP%d mark %d: %q %q %v, want %q %v", proto, i, member, sc, ok, want[i].Member, want[i].Score)
			}
		}
		if _, _, ok := m.next(); ok || m.n != 0 || m.rest != "" {
			t.Fatalf("RESP%d: read past the marks (%d left, %q)", proto, m.n, m.rest)
		}
	}
}

// FuzzMarkReply: any bytes as a reply are read without a panic, every
// member and score read is a part of the reply, and no more marks are
// read than the head announced.
func FuzzMarkReply(f *testing.F) {
	for _, s := range []string{"*0\r\n", "*2\r\n$11\r\n10.0.0.1/32\r\n$1\r\n1\r\n", "*1\r\n*2\r\n$0\r\n\r\n,1\r\n",
		"-WRONGTYPE Operation against a key\r\n", "*3\r\n", "*2\r\n$-1\r\n$1\r\n1\r\n", "*1\r\n*2\r\n$5\r\nab\r\n", "*-1\r\n", "_\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, _, ok := readMarkReply(raw)
		if !ok {
			return
		}
		head := m.n
		read := 0
		for m.n > 0 {
			sc, member, ok := m.next()
			if !ok {
				break
			}
			read++
			if !strings.Contains(raw, member) || !strings.Contains(raw, sc) {
				t.Fatalf("mark %q %q is not in the reply", member, sc)
			}
		}
		if read > head {
			t.Fatalf("%d marks read, head said %d", read, head)
		}
	})
}
