package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// A node that decides before it ever measured its clock offset (it started
// while Redis was away, and restarted before Redis came back) sends those
// decisions converted with the offset measured when they are sent: before,
// Publish converted them when they were handed over, with offset 0, and a
// node 10 s ahead made every other node end those bans 10 s late.
func TestDecisionBeforeFirstOffsetKeepsEnd(t *testing.T) {
	r := clustertest.Start(t)
	const skew = 10 * time.Second
	ahead := func() time.Time { return time.Now().Add(skew) }
	a := startNode(t, r, "a", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "a synced", func() bool { return a.Stats().Snapshots == 1 })

	cfg, err := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "b", KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// b decides with its fast clock and queues on disk, never reaching
	// Redis (no Run), then stops.
	b1, err := New(cfg, Options{Dir: dir, Now: ahead, Apply: (&sink{}).apply})
	if err != nil {
		t.Fatal(err)
	}
	p := netip.MustParsePrefix("203.0.113.90/32")
	end := ahead().Add(time.Hour)
	b1.Publish(Decision{Op: OpBan, Prefix: p, At: ahead().UnixMilli(), Expires: end.UnixMilli(), Reason: "trap"})
	if !b1.queuePending() {
		t.Fatal("not queued")
	}
	b1.Close()

	// The next process of b reaches Redis and sends them.
	b2, err := New(cfg, Options{Dir: dir, Now: ahead, Apply: (&sink{}).apply, HeartbeatEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b2.Run(ctx); close(done) }()
	defer func() { cancel(); <-done; b2.Close() }()

	waitFor(t, 10*time.Second, "a applies b's ban", func() bool { return a.sink.count(OpBan, p) == 1 })
	got := a.sink.last(p).ExpiresAt(a.Offset())
	if d := got.Sub(end.Add(-skew)); d > time.Second || d < -time.Second {
		t.Errorf("a ends b's ban %s off (at %s, want %s): converted with offset 0", d, got, end.Add(-skew))
	}
}
