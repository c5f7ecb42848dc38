package cluster

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// loadedWait bounds a wait on a condition that several nodes' rounds
// (heartbeats, a follower's reads, a queue's commits) make true: seconds
// on an idle machine, more on one loaded by other jobs.
const loadedWait = 60 * time.Second

// Redis losing the cluster's data while the nodes run (FLUSHALL, a restart
// without persistence) is noticed: every node publishes its own active
// bans again (OwnBans), so the snapshot a node joining later reads holds
// them, and forgets the own decisions it was waiting to read back from the
// lost stream. Before, nothing noticed: the snapshot stayed empty, and an
// own network unban sent but not read back yet stayed pending for good, so
// every later ban of another node inside it was never applied here.
//
// Its waits are bounded by loadedWait, not 10 s: each is a condition
// polled (it ends as soon as it holds), and at load 27 under -race the
// heartbeat that notices the loss and the republish took longer than
// 10 s (session 15).
func TestFlushAllRepublishesAndForgets(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	own := netip.MustParsePrefix("203.0.113.50/32")
	gate := make(chan struct{})
	release := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(release)
	var blocked sync.Once
	isBlocked := make(chan struct{})
	// a's follower is held on the first stream batch it applies.
	a := startNodeWith(t, r, "a", t.TempDir(), nil, func(o *Options) {
		apply := o.Apply
		o.Apply = func(ctx context.Context, b Batch) error {
			if !b.Snapshot {
				blocked.Do(func() { close(isBlocked) })
				select {
				case <-gate:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return apply(ctx, b)
		}
	})
	b := startNodeWith(t, r, "b", t.TempDir(), nil, func(o *Options) {
		o.OwnBans = func(context.Context) ([]Decision, error) { return []Decision{ban(own.String(), time.Hour)}, nil }
	})
	waitFor(t, loadedWait, "synced", func() bool { return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 })
	b.Publish(ban(own.String(), time.Hour))
	select {
	case <-isBlocked:
	case <-time.After(loadedWait):
		t.Fatalf("a applied no stream batch within %v", loadedWait)
	}
	// a's unban of 10.0.0.0/8 goes out while its follower is held, and
	// Redis loses everything before a reads it back.
	a.Publish(Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.0.0.0/8"), At: time.Now().UnixMilli()})
	waitFor(t, loadedWait, "a's unban sent", func() bool { return a.Stats().Published == 1 })
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, loadedWait, "b's own ban back in the snapshot, a noticed", func() bool {
		return rdb.Exists(ctx, "t:ban:0:"+own.String()).Val() == 1 && a.epochs.Load() == 1
	})
	release()

	later := netip.MustParsePrefix("10.1.1.1/32")
	b.Publish(ban(later.String(), time.Hour))
	waitFor(t, loadedWait, "a applies b's ban decided after the loss", func() bool { return a.sink.count(OpBan, later) == 1 })
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, loadedWait, "c synced", func() bool { return c.Stats().Snapshots == 1 })
	if c.sink.count(OpBan, own) != 1 {
		t.Errorf("late node c misses b's ban %s: the snapshot lost with Redis's data was not published again", own)
	}
}
