package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// Review s12 (rev-cluster item 2): Redis restarted from an older RDB save (or a
// failover to a replica that had not yet received the last writes) loses
// a node's last call's marks but keeps the epoch, and the mark counter
// goes back only to a number at or above the node's place. The node's own
// range, recorded from that call's reply, now names numbers Redis will
// give to OTHER nodes' next marks: the node's gap reads skip them and it
// never learns those clients hot (until they are marked again a window
// later). Before f4761f0 the read took everything above the place; since
// the fix the read checks the newest own mark first (ownmarks.go).
func TestShareOwnRangeAfterRollback(t *testing.T) {
	r := clustertest.Start(t, "--appendonly", "no")
	a := startNode(t, r, "a", t.TempDir(), nil).Counter()
	b := startNode(t, r, "b", t.TempDir(), nil).Counter()
	a.nodes = func() int { return 2 }
	b.nodes = func() int { return 2 }
	ra, rb := a.Rule("login", time.Hour, 8), b.Rule("login", time.Hour, 8) // share 2, hot at 4
	ctx := context.Background()
	held := marksClient(1 << 20)
	flush := func(c *Counter, rl *Rule, clients ...int) {
		t.Helper()
		for _, i := range clients {
			for range 4 {
				c.Add(rl, marksClient(i))
			}
		}
		c.Add(rl, held) // 1 event, held: the node reads the marks at every flush
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	flush(a, ra)
	flush(b, rb, 1)                               // b marks x1
	flush(a, ra)                                  // a reads it: a's place is at x1's mark
	flush(b, rb, 2)                               // b marks x2 (a has not read it)
	if err := a.rdb.Save(ctx).Err(); err != nil { // the RDB Redis will restart from
		t.Fatal(err)
	}
	seqSaved, _ := a.rdb.Get(ctx, a.k.hotSeq("login")).Uint64()
	flush(a, ra, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109) // a marks 10 clients: its own range
	seqA, _ := a.rdb.Get(ctx, a.k.hotSeq("login")).Uint64()
	t.Logf("counter at the save %d; after a's call %d", seqSaved, seqA)

	r.Kill() // Redis crashes; restarts from the save: a's 10 marks are lost
	r.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for a.rdb.Ping(ctx).Err() != nil || b.rdb.Ping(ctx).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis not back")
		}
		time.Sleep(20 * time.Millisecond)
	}
	seqBack, _ := a.rdb.Get(ctx, a.k.hotSeq("login")).Uint64()
	t.Logf("counter after the restart %d", seqBack)

	// b marks 10 new clients: numbered where a's lost marks were.
	zs := []int{200, 201, 202, 203, 204, 205, 206, 207, 208, 209}
	flush(b, rb, zs...)
	flush(a, ra) // a reads the marks
	flush(a, ra) // and once more
	now := time.Now().UnixMilli()
	missed := 0
	for _, z := range zs {
		if !ra.isHot(keyOf(marksClient(z)), now) {
			missed++
		}
	}
	if !ra.isHot(keyOf(marksClient(2)), now) {
		t.Errorf("x2 (marked before the save) not hot on a")
	}
	// The consequence: each z has 4 events in Redis (b's); a now sees 5
	// more of each, one a flush: 9 in the cluster, over the limit of 8. A node that
	// knows z hot sends all 5; one that does not holds one under its
	// share of 2, Redis sees 8, and z is not decided.
	var out []Total
	for range 5 { // one event of each z a flush, as a balancer spreads them
		for _, z := range zs {
			a.Add(ra, marksClient(z))
		}
		o, err := a.Flush(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o...)
	}
	decided := 0
	for _, tot := range out {
		for _, z := range zs {
			if tot.Client == marksClient(z) {
				decided++
			}
		}
	}
	if missed > 0 || decided != len(zs) {
		t.Fatalf("%d of %d clients b marked after the restart are not hot on a (counter %d); %d of them decided at 9 events of a limit of 8", missed, len(zs), seqBack, decided)
	}
}
