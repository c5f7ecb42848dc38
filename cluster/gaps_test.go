package cluster

import (
	"context"
	"net"
	"net/netip"
	"path/filepath"
	"slices"
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
	// What is measured is the stream Redis keeps, not the queue's
	// durability: 550 sends are over 1,100 queue commits, each an
	// fdatasync that took seconds on a loaded disk (the test timed out
	// at load 27 in session 15, in bbolt's fdatasync).
	a.out.db.NoSync = true
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

// A network unban lifts every ban inside it from the snapshot, also those
// the deciding node did not hold (here: it never saw them, its follower
// is held), and keeps the bans published after it: before, only the
// prefix's own key and the deciding node's lifted bans left the snapshot,
// and a node joining later banned what every node had lifted.
func TestNetworkUnbanClearsSnapshot(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	a, _, _ := gatedNode(t, r, "a", nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool {
		return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 && c.Stats().Snapshots == 1
	})
	x, y := netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("10.1.9.0/24")
	later := netip.MustParsePrefix("10.1.7.7/32")
	net16 := netip.MustParsePrefix("10.1.0.0/16")
	b.Publish(ban(x.String(), time.Hour), ban(y.String(), 0))
	waitFor(t, 10*time.Second, "c bans", func() bool { return c.sink.count(OpBan, x) == 1 && c.sink.count(OpBan, y) == 1 })
	a.Publish(Decision{Op: OpUnban, Prefix: net16, At: time.Now().UnixMilli()})
	waitFor(t, 10*time.Second, "c unbans "+net16.String(), func() bool { return c.sink.count(OpUnban, net16) == 1 })
	b.Publish(ban(later.String(), time.Hour), ban(x.String(), time.Hour))
	waitFor(t, 10*time.Second, "c bans again", func() bool { return c.sink.count(OpBan, later) == 1 && c.sink.count(OpBan, x) == 2 })
	d := startNode(t, r, "d", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "d synced", func() bool { return d.Stats().Snapshots == 1 })
	if d.sink.count(OpBan, y) != 0 {
		t.Errorf("late node d banned %s from the snapshot; a, b, c lifted it with a's unban of %s", y, net16)
	}
	if d.sink.count(OpBan, later) != 1 || d.sink.count(OpBan, x) != 1 {
		t.Errorf("late node d misses the bans published after the unban (%s: %d, %s: %d)", later, d.sink.count(OpBan, later), x, d.sink.count(OpBan, x))
	}
	waitFor(t, 10*time.Second, "the records cleaned", func() bool { return rdb.Exists(context.Background(), "t:unbans").Val() == 0 })
	ks, _ := rdb.Keys(context.Background(), "t:ban:*").Result()
	slices.Sort(ks)
	if want := []string{"t:ban:0:" + x.String(), "t:ban:0:" + later.String()}; !slices.Equal(ks, want) {
		t.Errorf("snapshot keys %v, want %v", ks, want)
	}
}

// Until the keys a network unban lifted are deleted (the deciding node
// crashed right after publishing it), a snapshot reader leaves them out,
// and keeps a ban published after the unban.
func TestSnapshotHonoursPendingNetworkUnban(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	a := newIdleNode(t, r, "a")
	b := newIdleNode(t, r, "b")
	send := func(n *Node, ds ...Decision) {
		t.Helper()
		n.Publish(ds...)
		n.queuePending()
		if _, err := publish(ctx, n.rdb, n.k, 1000, n.out.items, 0); err != nil { // no cleanup
			t.Fatal(err)
		}
		if err := n.out.done(n.out.items[len(n.out.items)-1].d.Seq); err != nil {
			t.Fatal(err)
		}
	}
	x, y := netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("10.1.7.7/32")
	send(b, ban(x.String(), time.Hour))
	send(a, Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.1.0.0/16"), At: time.Now().UnixMilli()})
	send(b, ban(y.String(), time.Hour))
	bans, err := a.readSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bans) != 1 || bans[0].Prefix != y {
		t.Errorf("snapshot %v, want only %s", bans, y)
	}
	if err := cleanUnbans(ctx, a.rdb, a.k); err != nil {
		t.Fatal(err)
	}
	if n := rawClient(t, r).Exists(ctx, "t:ban:0:"+x.String(), "t:unbans").Val(); n != 0 {
		t.Errorf("%d of the lifted key and the record left after the cleanup", n)
	}
}

// Decisions handed over while a send hangs (Redis stopped answering) reach
// the disk queue at once: before, they waited in memory for the send to
// time out, and a crash meanwhile lost them.
func TestPublishQueuesWhileSendHangs(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "hang.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var mu sync.Mutex
	var conns []net.Conn
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // read by no one, never answered
			mu.Unlock()
		}
	}()
	cfg, err := FromRules(rules.ClusterConfig{RedisURL: "unix://" + sock, Node: "a", KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(cfg, Options{Dir: t.TempDir(), Apply: (&sink{}).apply})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Run(ctx); close(done) }()
	defer func() { cancel(); <-done; n.Close() }()
	n.Publish(ban("203.0.113.1/32", time.Hour))
	waitFor(t, time.Second, "the first decision queued", func() bool { return n.queued.Load() == 1 })
	time.Sleep(100 * time.Millisecond) // the sender is stuck in its send
	n.Publish(ban("203.0.113.2/32", time.Hour))
	waitFor(t, time.Second, "the second decision queued on disk", func() bool { return n.queued.Load() == 2 })
}

// A skewed node applies its first snapshot, and sends its first decisions,
// with its measured offset: before, the follower and the sender could run
// before the first heartbeat measured it, with offset 0, and a node 10 s
// ahead ended every ban of the snapshot 10 s early.
func TestFirstSnapshotUsesMeasuredOffset(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	const skew = 10 * time.Second
	a := newIdleNode(t, r, "a")
	a.Publish(ban("203.0.113.80/32", time.Hour))
	a.queuePending()
	if _, err := a.sendQueue(ctx); err != nil {
		t.Fatal(err)
	}
	cfg, _ := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "b", KeyPrefix: "t:"})
	var offs []time.Duration
	b, err := New(cfg, Options{Dir: t.TempDir(), Now: func() time.Time { return time.Now().Add(skew) },
		Apply: func(_ context.Context, bt Batch) error { offs = append(offs, bt.Offset); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { b.out.Close(); b.rdb.Close() }()
	if err := b.catchUp(ctx); err != nil { // no heartbeat yet
		t.Fatal(err)
	}
	if len(offs) != 1 {
		t.Fatalf("%d batches applied, want the snapshot", len(offs))
	}
	if d := offs[0] - skew; d > time.Second || d < -time.Second {
		t.Errorf("b (10s ahead) applied the snapshot with offset %s: its bans end %s early in b's clock", offs[0], skew-offs[0])
	}
}

// A generation key that is not a number (a hand edit, another program)
// fails the publish script before it writes anything: Redis does not undo
// a failed script's writes, and the INCR of an unban --all failing after
// the XADD added the entry again at every retry.
func TestBadGenerationWritesNothing(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	ctx := context.Background()
	a := newIdleNode(t, r, "a")
	rdb.Set(ctx, "t:generation", "x", 0)
	a.Publish(Decision{Op: OpUnbanAll, At: time.Now().UnixMilli()})
	a.queuePending()
	for range 3 {
		if _, err := a.sendQueue(ctx); err == nil {
			t.Fatal("published with a generation key that is not a number")
		}
	}
	if n, _ := rdb.XLen(ctx, "t:decisions").Result(); n != 0 {
		t.Errorf("a refused decision left %d stream entries", n)
	}
	rdb.Set(ctx, "t:generation", "3", 0)
	if _, err := a.sendQueue(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := rdb.XLen(ctx, "t:decisions").Result(); n != 1 {
		t.Errorf("%d stream entries, want 1", n)
	}
}

// The reply of an unban --all lost: the resend finds it in Redis already,
// and its stale generation's keys must still be deleted (before, only a
// reply saying "new generation" started the deletion, so they stayed for
// good; a permanent ban's key never expires).
func TestStaleGenerationDeletedAfterLostReply(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	ctx := context.Background()
	a := newIdleNode(t, r, "a")
	send := func() {
		t.Helper()
		a.queuePending()
		if _, err := a.sendQueue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a.Publish(ban("203.0.113.7/32", 0)) // permanent
	send()
	a.Publish(Decision{Op: OpUnbanAll, At: time.Now().UnixMilli()})
	a.queuePending()
	// Redis runs the script; the reply is lost (the node never sees it).
	if _, err := publish(ctx, a.rdb, a.k, a.cfg.StreamMaxLen, a.out.items, 0); err != nil {
		t.Fatal(err)
	}
	send()         // the resend
	a.cleanup(ctx) // what the running node's cleaner does after it
	if ks, _ := rdb.Keys(ctx, "t:ban:0:*").Result(); len(ks) > 0 {
		t.Errorf("stale generation keys left: %v", ks)
	}
}
