package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// bannedAtEnd says whether p is banned after the decisions s applied, in
// their order.
func (s *sink) bannedAtEnd(p netip.Prefix) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	banned := false
	for _, d := range s.decisions {
		switch {
		case d.Op == OpBan && d.Prefix == p:
			banned = true
		case d.Op == OpUnbanAll, d.Op == OpUnban && covers(d.Prefix, p):
			banned = false
		}
	}
	return banned
}

// An unban that lifted more than one decision may carry is published as
// several copies of it; a send that ends between two copies (here: the
// queue's head of 100 ends after the first) let another node's later ban
// inside the prefix in between, and the next copy lifted it, on every
// follower and in the snapshot, though the unban was decided before it.
// The copies now travel in one stream entry, one script call.
func TestSplitUnbanLiftsNothingLater(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "c synced", func() bool { return c.Stats().Snapshots == 1 })
	a := newIdleNode(t, r, "a")
	b := newIdleNode(t, r, "b")
	sendHead := func(n *Node, max int) {
		t.Helper()
		res, err := publish(ctx, n.rdb, n.k, 1_000_000, n.out.head(max), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.out.done(res.last); err != nil {
			t.Fatal(err)
		}
	}

	net8 := netip.MustParsePrefix("10.0.0.0/8")
	later := netip.MustParsePrefix("10.9.9.9/32")
	var ds []Decision
	for i := range 99 {
		ds = append(ds, ban(addr4(198, 51, i).String(), time.Hour))
	}
	u := Decision{Op: OpUnban, Prefix: net8, At: time.Now().UnixMilli()}
	for i := range 5000 {
		u.Lifted = append(u.Lifted, addr4(10, 1, i))
	}
	u.Lifted[4500] = later // a held an earlier ban of it: in the second copy
	a.Publish(append(ds, u)...)
	a.queuePending()
	sendHead(a, 100)

	b.Publish(ban(later.String(), time.Hour)) // decided after the unban
	b.queuePending()
	sendHead(b, 100)
	sendHead(a, 1000)

	waitFor(t, 10*time.Second, "c applies b's ban", func() bool { return c.sink.count(OpBan, later) == 1 })
	waitFor(t, 10*time.Second, "c reads all of a's queue", func() bool { return a.out.len() == 0 && c.sink.count(OpUnban, net8) >= 1 })
	time.Sleep(200 * time.Millisecond) // anything still to read
	if !c.sink.bannedAtEnd(later) {
		t.Errorf("c lifted b's ban of %s, decided after a's unban of %s", later, net8)
	}
	if err := cleanUnbans(ctx, a.rdb, a.k); err != nil {
		t.Fatal(err)
	}
	if rawClient(t, r).Exists(ctx, "t:ban:0:"+later.String()).Val() != 1 {
		t.Errorf("the snapshot lost b's ban of %s, decided after a's unban of %s", later, net8)
	}
}
