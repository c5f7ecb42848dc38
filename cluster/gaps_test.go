package cluster

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// gatedNode is a node whose Apply of stream entries (not snapshots) blocks
// until release: the test makes its follower lag while connected. blocked
// is done once the first stream batch is waiting.
func gatedNode(t *testing.T, r *clustertest.Redis, name string, tweak func(*rules.ClusterConfig)) (_ *testNode, blocked *sync.WaitGroup, release func()) {
	t.Helper()
	gate := make(chan struct{})
	blocked = &sync.WaitGroup{}
	blocked.Add(1)
	once := sync.OnceFunc(blocked.Done)
	a := startNodeWith(t, r, name, t.TempDir(), tweak, func(o *Options) {
		apply := o.Apply
		o.Apply = func(ctx context.Context, b Batch) error {
			if !b.Snapshot {
				once()
				select {
				case <-gate:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return apply(ctx, b)
		}
	})
	release = sync.OnceFunc(func() { close(gate) })
	t.Cleanup(release)
	return a, blocked, release
}

// A follower that lags while connected (its kernel batch is slow) and
// whose position is trimmed meanwhile must load the snapshot: reading on
// after the gap skipped the trimmed decisions for good (found against a
// real Redis: a missed 700 of 1,000 bans).
func TestLaggingFollowerLoadsSnapshotAfterTrim(t *testing.T) {
	r := clustertest.Start(t)
	small := func(c *rules.ClusterConfig) { c.StreamMaxLen = 300 }
	a, blocked, release := gatedNode(t, r, "a", small)
	b := startNode(t, r, "b", t.TempDir(), small)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 })
	b.Publish(ban("198.51.100.1/32", time.Hour))
	blocked.Wait() // a holds the position before b's first ban
	var ds []Decision
	for i := range 1000 {
		ds = append(ds, ban(addr4(203, 0, i).String(), time.Hour))
	}
	b.Publish(ds...)
	waitFor(t, 10*time.Second, "b publishes", func() bool { return b.Stats().Published == 1001 })
	release()
	missing := func() int {
		m := 0
		for _, d := range ds {
			if a.sink.count(OpBan, d.Prefix) == 0 {
				m++
			}
		}
		return m
	}
	deadline := time.Now().Add(5 * time.Second)
	for missing() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if m := missing(); m > 0 {
		t.Errorf("a misses %d of 1000 bans (snapshots %d, applied %d)", m, a.Stats().Snapshots, a.Stats().Applied)
	}
	if a.Stats().Snapshots < 2 {
		t.Errorf("a loaded %d snapshots; the trim past its position needs a second", a.Stats().Snapshots)
	}
}

// The stream holds about stream_max_len decisions whatever the mix of
// single decisions and burst entries: MAXLEN counted every entry as full
// as the newest, so one burst entry after 500 single bans cut the stream
// to 10 entries (found against a real Redis: 110 of 700 decisions kept
// with stream_max_len 1000).
func TestTrimByDecisions(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	ctx := context.Background()
	cfg, _ := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "a", KeyPrefix: "t:", StreamMaxLen: 1000})
	a, err := New(cfg, Options{Dir: t.TempDir(), Apply: (&sink{}).apply})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { a.out.Close(); a.rdb.Close() }()
	send := func(ds ...Decision) {
		t.Helper()
		a.Publish(ds...)
		a.queuePending()
		if _, err := a.sendQueue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	held := func() (entries, decisions int) {
		msgs, err := rdb.XRange(ctx, "t:decisions", "-", "+").Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if b, ok := m.Values["b"].(string); ok {
				decisions += strings.Count(b, "\n") + 1
			} else {
				decisions++
			}
		}
		return len(msgs), decisions
	}
	for i := range 500 {
		send(ban(addr4(198, 51, i).String(), time.Hour))
	}
	var ds []Decision
	for i := range 200 {
		ds = append(ds, ban(addr4(203, 0, i).String(), time.Hour))
	}
	send(ds...)
	if e, d := held(); d != 700 {
		t.Errorf("stream_max_len 1000, 700 decisions published: the stream holds %d entries, %d decisions", e, d)
	}
	// Past the limit it is trimmed, to at least 1000 decisions and less
	// than 1000 plus one entry.
	ds = ds[:0]
	for i := range 1000 {
		ds = append(ds, ban(addr4(203, 1, i).String(), time.Hour))
	}
	send(ds...)
	for i := range 50 {
		send(ban(addr4(198, 52, i).String(), time.Hour))
	}
	if e, d := held(); d < 1000 || d >= 1100 {
		t.Errorf("stream_max_len 1000, 1750 decisions published: the stream holds %d entries, %d decisions", e, d)
	}
}

// An unban that lifted more bans than one decision may name (maxLifted) is
// published, in several decisions, and every other node lifts them, the
// snapshot keys included: before, Validate refused it and no other node
// ever heard of it.
func TestUnbanLiftingManyIsPublished(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 })
	net8 := netip.MustParsePrefix("10.0.0.0/8")
	var bans []Decision
	u := Decision{Op: OpUnban, Prefix: net8, At: time.Now().UnixMilli()}
	for i := range 5000 {
		p := addr4(10, byte(9+i>>16), i)
		bans = append(bans, ban(p.String(), time.Hour))
		u.Lifted = append(u.Lifted, p)
	}
	a.Publish(bans...)
	waitFor(t, 10*time.Second, "b bans", func() bool { return b.Stats().Applied >= 5000 })
	a.Publish(u)
	waitFor(t, 10*time.Second, "b unbans "+net8.String(), func() bool { return b.sink.count(OpUnban, net8) >= 1 })
	if n, _ := rdb.Keys(context.Background(), "t:ban:*").Result(); len(n) != 0 {
		t.Errorf("%d snapshot keys left after the unban of %s", len(n), net8)
	}
}
