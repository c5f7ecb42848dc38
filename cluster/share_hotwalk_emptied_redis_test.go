package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// Review s12 (rev-cluster item 1), fab2c9d through real Redis and Flush: a rule
// with a window of 1 s, node b knowing at most 5 clients hot. Once b's
// map of known-hot clients has emptied at a sweep (hotNext = MaxInt64),
// it is never swept again: 5 clients learned later and long expired fill
// it, and the next client marked turns the rule hot for EVERY client
// (every count of every client sent every batch for 3 windows). Before
// fab2c9d the expired five were dropped and the sixth was learned.
func TestShareHotMapEmptiedThroughFlush(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil).Counter()
	b := startNode(t, r, "b", t.TempDir(), nil).Counter()
	a.nodes = func() int { return 2 }
	b.nodes = func() int { return 2 }
	b.maxHot = 5
	ra, rb := a.Rule("login", time.Second, 8), b.Rule("login", time.Second, 8) // share 2, hot at 4
	ctx := context.Background()
	mark := func(clients ...int) { // a marks them; b reads
		t.Helper()
		for _, i := range clients {
			for range 4 {
				a.Add(ra, marksClient(i))
			}
		}
		if _, err := a.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		b.Add(rb, marksClient(1<<20)) // b holds: it reads at every flush
		if _, err := b.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	mark(1)
	time.Sleep(3200 * time.Millisecond) // its three windows end
	mark()                              // b's sweep empties its map
	mark(2, 3, 4, 5, 6)                 // five more: b's map at its bound
	if len(rb.hot) != 5 {
		t.Fatalf("b knows %d hot, want 5", len(rb.hot))
	}
	time.Sleep(3200 * time.Millisecond) // all five expired
	mark(7)
	now := time.Now().UnixMilli()
	if rb.hotAll > now || !rb.isHot(keyOf(marksClient(7)), now) {
		t.Fatalf("b: %d clients in its map (all but the new one expired), hot for every client for %d ms more; client 7 learned: %v",
			len(rb.hot), rb.hotAll-now, rb.isHot(keyOf(marksClient(7)), now) && rb.hotAll <= now)
	}
}
