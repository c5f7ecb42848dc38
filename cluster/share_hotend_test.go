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

// The report reads whether a client is hot from the held table's copy of
// the hot map's value (heldTable.hotEnd), not from the map: the copy is
// taken when the client enters the table and written with the map when
// a mark is read. A client learned hot while in the table, and one
// known hot before it entered the table, have every later count sent
// at the next flush, as the map said before (session 9; this fails with
// either copy left out: the counts stay held under the share).
func TestShareHotEndFollowsMarks(t *testing.T) {
	const limit = 60 // two nodes: a share of 15
	r := clustertest.Start(t)
	var cs []*Counter
	var rs []*Rule
	var ns []*testNode
	for _, name := range []string{"a", "b"} {
		ns = append(ns, startNode(t, r, name, t.TempDir(), nil))
	}
	for _, n := range ns {
		waitFor(t, 5*time.Second, "two live nodes", func() bool { return n.liveForShares() == 2 })
		c := n.Counter()
		cs, rs = append(cs, c), append(rs, c.Rule("login", time.Hour, limit))
	}
	if s := rs[0].share(cs[0].nodes()); s != 15 {
		t.Fatalf("share %d, want 15", s)
	}
	ctx := context.Background()
	direct := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer direct.Close()
	inRedis := func(client netip.Prefix) int {
		t.Helper()
		keys, err := direct.Keys(ctx, "t:count:login:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, k := range keys {
			v, err := direct.HGet(ctx, k, client.String()).Result()
			if err == redis.Nil {
				continue
			}
			n, perr := strconv.Atoi(v)
			if err != nil || perr != nil {
				t.Fatalf("%s %s: %q %v", k, client, v, err)
			}
			sum += n
		}
		return sum
	}
	add := func(i, n int, client netip.Prefix) {
		t.Helper()
		for range n {
			cs[i].Add(rs[i], client)
		}
		if tot, err := cs[i].Flush(ctx, time.Now()); err != nil || len(tot) != 0 {
			t.Fatalf("node %d: totals %v, %v", i, tot, err)
		}
	}
	x := netip.MustParsePrefix("198.51.100.7/32")
	y := netip.MustParsePrefix("198.51.100.8/32")
	// a holds 5 of x (under its share); b sends 30 of x and of y: half
	// the limit, both marked hot.
	add(0, 5, x)
	add(1, 30, x)
	add(1, 30, y)
	if got := inRedis(x); got != 30 {
		t.Fatalf("x: Redis holds %d, want b's 30 (a holds its 5)", got)
	}
	// a's next flush reads the marks and sends the 5 it held of x.
	add(0, 0, x)
	if got := inRedis(x); got != 35 {
		t.Fatalf("x: Redis holds %d after a read the mark, want 35", got)
	}
	// x was in a's table when it learned x hot: one more event of x
	// goes at the next flush, under the share.
	add(0, 1, x)
	if got := inRedis(x); got != 36 {
		t.Fatalf("x: Redis holds %d, want 36: a held a hot client's count", got)
	}
	// y was not in a's table when a learned it hot: its first event
	// there enters the table hot and is sent.
	add(0, 1, y)
	if got := inRedis(y); got != 31 {
		t.Fatalf("y: Redis holds %d, want 31: a held a hot client's count", got)
	}
	// A client not hot is still held.
	z := netip.MustParsePrefix("198.51.100.9/32")
	add(0, 3, z)
	if got := inRedis(z); got != 0 {
		t.Fatalf("z: Redis holds %d, want 0 (held under the share)", got)
	}
}

// A bucket's end compacts the held table (the clients with nothing held
// leave it): each client kept keeps its own hot end.
func TestHeldRollKeepsHotEnd(t *testing.T) {
	a, b, c := keyOf(netip.MustParsePrefix("192.0.2.1/32")), keyOf(netip.MustParsePrefix("192.0.2.2/32")), keyOf(netip.MustParsePrefix("192.0.2.3/32"))
	hot := map[countKey]int64{b: 100, c: 300}
	h := newHeldTable()
	h.roll(7)
	h.begin()
	h.count([][]countKey{{a, b, c, c}}, hot)
	h.counts[h.find(b)] = 0 // b's counts were sent: it leaves at the roll
	h.roll(8)
	if h.len() != 2 || h.find(b) >= 0 {
		t.Fatalf("after the roll: %d clients, b at %d; want a and c", h.len(), h.find(b))
	}
	if got := h.hotEnd[h.find(a)]; got != 0 {
		t.Fatalf("a's hot end %d, want 0", got)
	}
	if got := h.hotEnd[h.find(c)]; got != 300 {
		t.Fatalf("c's hot end %d, want 300", got)
	}
	if h.prev[h.find(c)] != 2 {
		t.Fatalf("c's previous-bucket count %d, want 2", h.prev[h.find(c)])
	}
}
