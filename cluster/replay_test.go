package cluster

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// A crash between applying decisions and saving the stream position makes
// a node re-read entries it applied. Its own entries among them must be
// replayed too, in stream order: another node's ban followed by this
// node's unban of the same client ends unbanned, as on every other node,
// and so does its own ban followed by its own unban.
func TestCrashReplayAppliesOwnDecisionsInOrder(t *testing.T) {
	r := clustertest.Start(t)
	adir := t.TempDir()
	a := startNode(t, r, "a", adir, nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool {
		return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 && *a.saved.Load() != ""
	})
	a.stop()
	o, err := openOutbox(adir, 100)
	if err != nil {
		t.Fatal(err)
	}
	pos, seen, err := o.position()
	o.Close()
	if err != nil {
		t.Fatal(err)
	}

	a2 := startNode(t, r, "a", adir, nil)
	x1, x2 := netip.MustParsePrefix("203.0.113.1/32"), netip.MustParsePrefix("203.0.113.2/32")
	a2.Publish(ban(x1.String(), time.Hour))
	a2.Publish(Decision{Op: OpUnban, Prefix: x1, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{x1}})
	b.Publish(ban(x2.String(), time.Hour))
	waitFor(t, 10*time.Second, "a applies b's ban", func() bool { return a2.sink.count(OpBan, x2) == 1 })
	a2.Publish(Decision{Op: OpUnban, Prefix: x2, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{x2}})
	waitFor(t, 10*time.Second, "b applies a's unbans", func() bool { return b.sink.count(OpUnban, x1) == 1 && b.sink.count(OpUnban, x2) == 1 })
	a2.stop()

	// The crash: the position saved is the one before these decisions.
	o, err = openOutbox(adir, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.setPosition(pos, seen); err != nil {
		t.Fatal(err)
	}
	o.Close()

	a3 := startNode(t, r, "a", adir, nil)
	waitFor(t, 10*time.Second, "a re-reads the entries", func() bool { return a3.sink.count(OpBan, x2) == 1 })
	time.Sleep(200 * time.Millisecond)
	for _, p := range []netip.Prefix{x1, x2} {
		if got := a3.sink.last(p); got.Op != OpUnban {
			t.Errorf("after the replay a's last decision on %s is %q from %s, want its own unban", p, got.Op, got.Node)
		}
	}
	// A decision of the restarted node is applied where it was decided,
	// never again from the stream.
	x3 := netip.MustParsePrefix("203.0.113.3/32")
	a3.Publish(ban(x3.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's new ban", func() bool { return b.sink.count(OpBan, x3) == 1 })
	time.Sleep(200 * time.Millisecond)
	if n := a3.sink.count(OpBan, x3); n != 0 {
		t.Errorf("a applied its own new ban from the stream %d times", n)
	}
}

// A follower behind the stream (a burst, a slow store) reads other nodes'
// decisions published before this node's own newer ones, which are in
// force here already. Every other node applies them in stream order, so
// here too the own decision must win: another node's ban before an own
// unban of the client is not applied, and another node's unban before
// an own ban is followed by the own ban again.
func TestLaggingFollowerKeepsOwnLaterDecisions(t *testing.T) {
	r := clustertest.Start(t)
	a, blocked, release := gatedNode(t, r, "a", nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 })

	q, p1, p2 := netip.MustParsePrefix("198.51.100.1/32"), netip.MustParsePrefix("203.0.113.1/32"), netip.MustParsePrefix("203.0.113.2/32")
	b.Publish(ban(q.String(), time.Hour))
	blocked.Wait() // a's follower holds b's first ban
	b.Publish(ban(p1.String(), time.Hour), Decision{Op: OpUnban, Prefix: p2, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{p2}})
	waitFor(t, 10*time.Second, "b publishes", func() bool { return b.Stats().Published == 3 })
	a.Publish(Decision{Op: OpUnban, Prefix: p1, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{p1}}, ban(p2.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's decisions", func() bool { return b.sink.count(OpUnban, p1) == 1 && b.sink.count(OpBan, p2) == 1 })
	release()
	waitFor(t, 10*time.Second, "a reads everything", func() bool { return a.sink.count(OpUnban, p2) == 1 && a.Stats().Applied >= 2 })
	time.Sleep(100 * time.Millisecond)
	if n := a.sink.count(OpBan, p1); n != 0 {
		t.Errorf("a applied b's ban of %s, which its own later unban lifted", p1)
	}
	if got := a.sink.last(p2); got.Op != OpBan || got.Node != "a" {
		t.Errorf("a's last decision on %s is %s from %s, want its own later ban again", p2, got.Op, got.Node)
	}
}

// A batch whose Apply fails is read again; what it skipped (a malformed
// entry) is counted once, not once per try.
func TestRetriedBatchCountsOnce(t *testing.T) {
	r := clustertest.Start(t)
	var fails sync.Once
	b := startNodeWith(t, r, "b", t.TempDir(), nil, func(o *Options) {
		apply := o.Apply
		o.Apply = func(ctx context.Context, bt Batch) error {
			failed := false
			if !bt.Snapshot {
				fails.Do(func() { failed = true })
			}
			if failed {
				return errors.New("store refuses (once)")
			}
			return apply(ctx, bt)
		}
	})
	waitFor(t, 10*time.Second, "b synced", func() bool { return b.Stats().Snapshots == 1 })
	good := ban("203.0.113.5/32", time.Hour)
	good.Node, good.Seq = "z", 1
	payload, _ := good.Encode()
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	ctx := context.Background()
	_, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAdd(ctx, &redis.XAddArgs{Stream: "t:decisions", Values: map[string]any{"d": "not a decision"}})
		p.XAdd(ctx, &redis.XAddArgs{Stream: "t:decisions", Values: map[string]any{"d": payload}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the good entry applied after the retry", func() bool { return b.sink.count(OpBan, good.Prefix) == 1 })
	if m := b.Stats().Malformed; m != 1 {
		t.Fatalf("malformed = %d, want 1", m)
	}
}
