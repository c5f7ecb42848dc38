package cluster

import (
	"context"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
	bolt "go.etcd.io/bbolt"
)

var applyDelay = 100 * time.Millisecond

// storeSim is a daemon's state store as far as OwnBans needs it: own bans
// stay until an unban of them is applied (after the daemon's kernel batch
// and store commit).
type storeSim struct {
	mu   sync.Mutex
	own  map[netip.Prefix]Decision
	sink *sink
}

func (s *storeSim) apply(ctx context.Context, b Batch) error {
	time.Sleep(applyDelay)
	s.mu.Lock()
	for _, d := range b.Decisions {
		if d.Op == OpUnban {
			for p := range s.own {
				if covers(d.Prefix, p) {
					delete(s.own, p)
				}
			}
		}
	}
	s.mu.Unlock()
	return s.sink.apply(ctx, b)
}

func (s *storeSim) ownBans(context.Context) ([]Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Decision
	for _, d := range s.own {
		d.Node, d.Seq = "", 0
		out = append(out, d)
	}
	return out, nil
}

// RB1: node a is down while Redis loses its data; AFTER the loss (so the
// unban is in the new stream) c unbans a's ban X. a starts: its first
// heartbeat sees the new epoch and republishes OwnBans before its follower
// applied c's unban: X is banned again on every node and in the snapshot.
func TestReviewBEpochRepublishResurrectsUnbanAfterLoss(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	x := netip.MustParsePrefix("203.0.113.9/32")
	dirA := t.TempDir()
	st := &storeSim{own: map[netip.Prefix]Decision{}, sink: &sink{}}
	a := startNodeWith(t, r, "a", dirA, nil, func(o *Options) { o.Apply = st.apply; o.OwnBans = st.ownBans })
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && c.Stats().Snapshots == 1 })
	xb := ban(x.String(), time.Hour)
	st.mu.Lock()
	st.own[x] = xb
	st.mu.Unlock()
	a.Publish(xb)
	waitFor(t, 10*time.Second, "c has a's ban", func() bool { return c.sink.count(OpBan, x) == 1 })
	a.stop() // a is down
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "c noticed the loss", func() bool { return c.epochs.Load() == 1 })
	// After the loss: c's operator lifts X (c holds it as a remote ban).
	c.Publish(Decision{Op: OpUnban, Prefix: x, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{x}})
	waitFor(t, 10*time.Second, "c's unban in Redis", func() bool { return c.Stats().Published >= 1 })
	// a comes back with its store (X still there: it never saw the unban).
	st.sink = &sink{}
	startNodeWith(t, r, "a", dirA, nil, func(o *Options) { o.Apply = st.apply; o.OwnBans = st.ownBans })
	waitFor(t, 10*time.Second, "a applied c's unban", func() bool { return st.sink.count(OpUnban, x) >= 1 })
	time.Sleep(time.Second)
	// c's own unban is not in its sink: a ban applied there after the
	// first is a's republished one.
	if n := c.sink.count(OpBan, x); n != 1 {
		t.Errorf("c: ban %s lifted cluster-wide after the data loss applied again (%d bans: a republished it)", x, n)
	}
	if rdb.Exists(ctx, "t:ban:0:"+x.String()).Val() == 1 {
		t.Errorf("snapshot holds %s again: a node joining later bans what was lifted", x)
	}
	d := startNode(t, r, "d", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "d synced", func() bool { return d.Stats().Snapshots == 1 })
	if d.sink.count(OpBan, x) != 0 {
		t.Errorf("late node d bans %s, lifted cluster-wide", x)
	}
}

func TestReviewBEpochRepublishNoDelay(t *testing.T) {
	applyDelay = 0
	defer func() { applyDelay = 100 * time.Millisecond }()
	TestReviewBEpochRepublishResurrectsUnbanAfterLoss(t)
}

// RB2: Redis with RDB persistence only (Debian's default redis.conf)
// killed and restarted rolls back to its last save: the epoch key is in
// that save, so nothing notices; a's ban acknowledged after the save is
// gone from the stream and the snapshot and never published again.
func TestReviewBRDBRollbackLosesAckedBan(t *testing.T) {
	r := clustertest.Start(t, "--appendonly", "no")
	ctx := context.Background()
	rdb := rawClient(t, r)
	p1, p2 := netip.MustParsePrefix("203.0.113.1/32"), netip.MustParsePrefix("203.0.113.2/32")
	// a's store: both bans in force (published again after a loss).
	a := startNodeWith(t, r, "a", t.TempDir(), nil, func(o *Options) {
		o.OwnBans = func(context.Context) ([]Decision, error) {
			return []Decision{ban(p1.String(), time.Hour), ban(p2.String(), time.Hour)}, nil
		}
	})
	waitFor(t, 10*time.Second, "a synced", func() bool { return a.Stats().Snapshots == 1 && a.Stats().Connected })
	time.Sleep(300 * time.Millisecond) // a's beat set the epoch
	a.Publish(ban(p1.String(), time.Hour))
	waitFor(t, 10*time.Second, "first sent", func() bool { return a.Stats().Published == 1 })
	if err := rdb.Save(ctx).Err(); err != nil { // the periodic RDB save
		t.Fatal(err)
	}
	a.Publish(ban(p2.String(), time.Hour))
	waitFor(t, 10*time.Second, "second sent", func() bool { return a.Stats().Published == 2 })
	r.Kill()
	r.Restart()
	time.Sleep(2 * time.Second) // a reconnects, beats, follows
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "c synced", func() bool { return c.Stats().Snapshots == 1 })
	time.Sleep(time.Second)
	if c.sink.count(OpBan, p1) != 1 {
		t.Errorf("c lacks %s (in the RDB save)", p1)
	}
	if c.sink.count(OpBan, p2) != 1 {
		t.Errorf("c lacks %s: acknowledged after the last RDB save, lost by the rollback and never republished (epoch changes noticed: %d)", p2, a.epochs.Load())
	}
}

// RB3: sequence numbers above 2^53 compare as doubles in the publish
// script: the next decision rounds onto the last and is dropped as a
// resend, and the sender counted it sent. Now such numbers are refused
// (Validate), and a queue file holding one numbers from the clock again
// (before, a node started from it lost every other decision).
func TestReviewBSeqAbove2p53(t *testing.T) {
	d := ban("198.51.100.1/32", time.Hour)
	d.Node, d.Seq = "a", 1<<53
	if err := d.Validate(); err == nil {
		t.Errorf("sequence number 2^53 accepted")
	}
	r := clustertest.Start(t)
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "c synced", func() bool { return c.Stats().Snapshots == 1 })
	dir := t.TempDir()
	out, err := openOutbox(dir, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySeq, be(1<<53+1)) }); err != nil {
		t.Fatal(err)
	}
	out.Close()
	cfg, err := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "a", KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(cfg, Options{Dir: dir, Apply: (&sink{}).apply})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.out.Close(); a.rdb.Close() })
	ctx := context.Background()
	var ps []netip.Prefix
	for i := range 4 {
		p := addr4(198, 51, i)
		ps = append(ps, p)
		a.Publish(ban(p.String(), time.Hour))
		a.queuePending()
		if _, err := a.sendQueue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 10*time.Second, "c got them", func() bool { return c.sink.count(OpBan, ps[3]) == 1 })
	for _, p := range ps {
		if c.sink.count(OpBan, p) != 1 {
			t.Errorf("c never got %s: dropped as a resend; a counted published=%d", p, a.Stats().Published)
		}
	}
}

// RB4: stop while Redis hangs (SIGSTOP: the socket accepts, nothing
// answers) is bounded.
func TestReviewBStopWhileRedisHangs(t *testing.T) {
	r := clustertest.Start(t)
	rdb := rawClient(t, r)
	info, err := rdb.InfoMap(context.Background(), "server").Result()
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(info["Server"]["process_id"])
	a := startNode(t, r, "a", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "a synced", func() bool { return a.Stats().Snapshots == 1 })
	syscall.Kill(pid, syscall.SIGSTOP)
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
	for i := range 50 {
		a.Publish(ban(addr4(198, 51, i).String(), time.Hour))
	}
	time.Sleep(300 * time.Millisecond)
	t0 := time.Now()
	a.stop()
	el := time.Since(t0)
	t.Logf("stop took %s with Redis stopped; queued %d", el, a.out.len())
	if el > 10*time.Second {
		t.Errorf("stop took %s", el)
	}
}

// RB5: a /8 unban that lifted 300,000 bans (74 copies) goes out in one
// entry and reaches the follower.
func TestReviewBHugeSplitUnban(t *testing.T) {
	r := clustertest.Start(t)
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "c synced", func() bool { return c.Stats().Snapshots == 1 })
	a := newIdleNode(t, r, "a")
	u := Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.0.0.0/8"), At: time.Now().UnixMilli()}
	for i := range 300_000 {
		u.Lifted = append(u.Lifted, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32))
	}
	a.Publish(u)
	a.queuePending()
	t0 := time.Now()
	if _, err := a.sendQueue(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("sent in %s, queue %d", time.Since(t0), a.out.len())
	waitFor(t, 20*time.Second, "c applied", func() bool { return c.sink.count(OpUnban, u.Prefix) >= 1 })
	rdb := rawClient(t, r)
	t.Logf("stream entries %d, c got %d unban copies", rdb.XLen(context.Background(), "t:decisions").Val(), c.sink.count(OpUnban, u.Prefix))
}

// RB6: on noticing the loss, lostData forgets every own decision Redis
// took (acked), also those taken AFTER the loss, which are in the new
// stream and not read back yet: a's /24 unban published after the loss is
// forgotten, and c's ban inside it, before the unban in the new stream,
// is applied on a when its lagging follower reads it: banned on a, lifted
// everywhere else.
func TestReviewBLostDataForgetsOwnDecisionsOfNewEpoch(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	gate := make(chan struct{})
	release := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(release)
	var once sync.Once
	held := make(chan struct{})
	a := startNodeWith(t, r, "a", t.TempDir(), nil, func(o *Options) {
		o.HeartbeatEvery = 3 * time.Second
		apply := o.Apply
		o.Apply = func(ctx context.Context, b Batch) error {
			if !b.Snapshot {
				once.Do(func() { close(held) })
				select {
				case <-gate:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return apply(ctx, b)
		}
	})
	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && c.Stats().Snapshots == 1 })
	time.Sleep(200 * time.Millisecond)
	c.Publish(ban("198.51.100.1/32", time.Hour))
	<-held
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "c noticed", func() bool { return c.epochs.Load() == 1 })
	x := netip.MustParsePrefix("10.1.1.1/32")
	c.Publish(ban(x.String(), time.Hour))
	waitFor(t, 10*time.Second, "c's ban sent", func() bool { return c.Stats().Published == 2 })
	a.Publish(Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.1.1.0/24"), At: time.Now().UnixMilli()})
	waitFor(t, 10*time.Second, "a's unban sent", func() bool { return a.Stats().Published == 1 })
	if a.epochs.Load() != 0 {
		t.Skip("timing: a noticed the loss before its unban was sent")
	}
	waitFor(t, 10*time.Second, "a noticed", func() bool { return a.epochs.Load() == 1 })
	release()
	waitFor(t, 10*time.Second, "a read c's ban", func() bool { return a.own.Load() >= 1 || a.superseded.Load() >= 1 || a.sink.count(OpBan, x) > 0 })
	time.Sleep(500 * time.Millisecond)
	t.Logf("a: banned=%v c: banned=%v", a.sink.bannedAtEnd(x), c.sink.bannedAtEnd(x))
	if !c.sink.bannedAtEnd(x) && a.sink.bannedAtEnd(x) {
		t.Errorf("a enforces c's ban %s though a's own later /24 unban lifted it on every other node", x)
	}
}

// RB7: AOF rewrite, then a restart: no data lost, no epoch change.
func TestReviewBAOFRewriteRestartNoFalseLoss(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "synced", func() bool { return a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1 })
	time.Sleep(300 * time.Millisecond)
	a.Publish(ban("203.0.113.1/32", time.Hour))
	waitFor(t, 10*time.Second, "sent", func() bool { return a.Stats().Published == 1 })
	rdb.BgRewriteAOF(ctx)
	time.Sleep(time.Second)
	r.Stop()
	r.Restart()
	time.Sleep(2 * time.Second)
	a.Publish(ban("203.0.113.2/32", time.Hour))
	waitFor(t, 10*time.Second, "b got both", func() bool { return b.sink.count(OpBan, netip.MustParsePrefix("203.0.113.2/32")) == 1 })
	if a.epochs.Load()+b.epochs.Load() != 0 {
		t.Errorf("false data-loss detection after an AOF rewrite and restart")
	}
}

// RB9 (the fix): a network unban lifting more than liftedInline bans
// leaves their snapshot keys to the cleaner: one script deleting a million
// keys ran over 5 s (Redis's busy limit: BUSY for every node). Readers
// leave the lifted bans out at once (the unban record); the cleaner
// deletes the keys.
func TestReviewBHugeUnbanKeysLeftToCleaner(t *testing.T) {
	r := clustertest.Start(t)
	ctx := context.Background()
	rdb := rawClient(t, r)
	b := newIdleNode(t, r, "b")
	const n = liftedInline + 10_000
	lifted := make([]netip.Prefix, n)
	bans := make([]Decision, n)
	for i := range n {
		lifted[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
		bans[i] = ban(lifted[i].String(), time.Hour)
	}
	b.Publish(bans...)
	b.queuePending()
	if _, err := b.sendQueue(ctx); err != nil {
		t.Fatal(err)
	}
	keys := func() int64 { return int64(len(rdb.Keys(ctx, "t:ban:*").Val())) }
	if k := keys(); k != n {
		t.Fatalf("%d ban keys, want %d", k, n)
	}
	a := newIdleNode(t, r, "a")
	a.Publish(Decision{Op: OpUnban, Prefix: netip.MustParsePrefix("10.0.0.0/8"), At: time.Now().UnixMilli(), Lifted: lifted})
	a.queuePending()
	if _, err := a.sendQueue(ctx); err != nil {
		t.Fatal(err)
	}
	if k := keys(); k != n {
		t.Errorf("the publish script deleted %d of %d lifted keys itself (one script, Redis busy meanwhile)", n-k, n)
	}
	c := newIdleNode(t, r, "c")
	snap, err := c.readSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap) != 0 {
		t.Errorf("snapshot holds %d bans the unban lifted", len(snap))
	}
	a.cleanup(ctx)
	if k := keys(); k != 0 {
		t.Errorf("%d lifted keys left after the cleaner ran", k)
	}
}
