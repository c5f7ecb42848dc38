package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// A network unban over many bans it did not hold leaves their snapshot
// keys to a cleanup (unbans.go) that reads and compare-and-deletes each.
// The next decision is sent while that cleanup runs: before, the sender ran
// it inline, one round trip per key, and a /8 unban over 60,000 bans held
// every decision after it for as long (~20 s on a loaded machine; with
// these 30,000, over a minute under -race).
func TestSendDoesNotWaitForUnbanCleanup(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	b := newIdleNode(t, r, "b")
	const inside = 30_000
	bans := make([]Decision, inside)
	for i := range bans {
		bans[i] = ban(addr4(10, byte(i>>16), i).String(), time.Hour)
	}
	b.Publish(bans...)
	b.queuePending()
	if _, err := b.sendQueue(ctx); err != nil {
		t.Fatal(err)
	}
	a := startNodeWith(t, r, "a", t.TempDir(), nil, func(o *Options) {
		o.Apply = func(context.Context, Batch) error { return nil } // b's bans are not the point
	})
	waitFor(t, 10*time.Second, "a synced", func() bool { return a.Stats().Snapshots == 1 })

	a.Publish(Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.0.0.0/8"), At: time.Now().UnixMilli()})
	waitFor(t, 10*time.Second, "the unban sent", func() bool { return a.Stats().Published == 1 })
	t0 := time.Now()
	a.Publish(ban("203.0.113.5/32", time.Hour))
	waitFor(t, 60*time.Second, "the next ban sent", func() bool { return a.Stats().Published == 2 })
	sent := time.Since(t0)
	left, _ := rdb.Exists(ctx, "t:unbans").Result()
	waitFor(t, 60*time.Second, "the cleanup done", func() bool { return rdb.Exists(ctx, "t:unbans").Val() == 0 })
	t.Logf("next ban sent after %s; cleanup of %d keys done after %s", sent, inside, time.Since(t0))
	if left == 0 {
		t.Errorf("the ban after the unban was sent only once the cleanup of %d snapshot keys had ended (%s)", inside, sent)
	}
	if n, _ := rdb.Keys(ctx, "t:ban:0:10.*").Result(); len(n) != 0 {
		t.Errorf("%d snapshot keys left inside the unban", len(n))
	}
}
