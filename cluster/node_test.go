package cluster

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// sink is a test's Apply: it remembers what a node was given.
type sink struct {
	mu        sync.Mutex
	decisions []Decision
	snapshots [][]Decision
}

func (s *sink) apply(_ context.Context, b Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.Snapshot {
		s.snapshots = append(s.snapshots, b.Decisions)
	}
	s.decisions = append(s.decisions, b.Decisions...)
	return nil
}

func (s *sink) last(p netip.Prefix) Decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.decisions) - 1; i >= 0; i-- {
		if s.decisions[i].Prefix == p {
			return s.decisions[i]
		}
	}
	return Decision{}
}

func (s *sink) count(op Op, p netip.Prefix) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, d := range s.decisions {
		if d.Op == op && d.Prefix == p {
			n++
		}
	}
	return n
}

type testNode struct {
	*Node
	sink   *sink
	cancel context.CancelFunc
	done   chan struct{}
}

func startNode(t testing.TB, r *clustertest.Redis, name, dir string, tweak func(*rules.ClusterConfig)) *testNode {
	t.Helper()
	return startNodeAt(t, r, name, dir, tweak, time.Now)
}

// startNodeAt starts a node whose clock is now.
func startNodeAt(t testing.TB, r *clustertest.Redis, name, dir string, tweak func(*rules.ClusterConfig), now func() time.Time) *testNode {
	t.Helper()
	return startNodeWith(t, r, name, dir, tweak, func(o *Options) { o.Now = now })
}

// startNodeWith starts a node whose options opts adjusts.
func startNodeWith(t testing.TB, r *clustertest.Redis, name, dir string, tweak func(*rules.ClusterConfig), opts func(*Options)) *testNode {
	t.Helper()
	rc := rules.ClusterConfig{RedisURL: r.URL(), Node: name, KeyPrefix: "t:"}
	if tweak != nil {
		tweak(&rc)
	}
	cfg, err := FromRules(rc)
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	// The shares start 3 beats after the first (5 s in production).
	o := Options{Dir: dir, Apply: s.apply, HeartbeatEvery: 100 * time.Millisecond, ShareGrace: 300 * time.Millisecond}
	opts(&o)
	n, err := New(cfg, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tn := &testNode{Node: n, sink: s, cancel: cancel, done: make(chan struct{})}
	go func() { n.Run(ctx); close(tn.done) }()
	t.Cleanup(tn.stop)
	return tn
}

func (tn *testNode) stop() {
	tn.cancel()
	<-tn.done
	tn.Close()
}

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func ban(p string, d time.Duration) Decision {
	now := time.Now()
	dec := Decision{Op: OpBan, Prefix: netip.MustParsePrefix(p), At: now.UnixMilli(), Reason: "trap", Rules: []string{"trap"}, Offence: 1, Origin: "auto"}
	if d > 0 {
		dec.Expires = now.Add(d).UnixMilli()
	}
	return dec
}

func TestBanAndUnbanReachOtherNodes(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	p := netip.MustParsePrefix("203.0.113.7/32")
	// Synced: a snapshot loaded after the ban would hold a's own ban.
	waitFor(t, 10*time.Second, "both nodes synced", func() bool {
		return a.Stats().Connected && b.Stats().Connected && a.Stats().Snapshots == 1 && b.Stats().Snapshots == 1
	})

	a.Publish(ban(p.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's ban", func() bool { return b.sink.count(OpBan, p) == 1 })
	if a.sink.count(OpBan, p) != 0 {
		t.Fatal("a applied its own decision")
	}
	got := b.sink.decisions[len(b.sink.decisions)-1]
	if got.Node != "a" || got.Seq == 0 || got.Reason != "trap" {
		t.Fatalf("b got %+v", got)
	}
	// The expiry survives the trip within the clock offset's precision.
	if end := got.ExpiresAt(b.Offset()); time.Until(end) < 59*time.Minute || time.Until(end) > 61*time.Minute {
		t.Fatalf("ban ends at %s", end)
	}

	b.Publish(Decision{Op: OpUnban, Prefix: p, At: time.Now().UnixMilli(), Lifted: []netip.Prefix{p}})
	waitFor(t, 10*time.Second, "a applies b's unban", func() bool { return a.sink.count(OpUnban, p) == 1 })
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	if n, _ := rdb.Exists(context.Background(), "t:ban:0:203.0.113.7/32").Result(); n != 0 {
		t.Fatal("the snapshot still holds the ban after the unban")
	}
}

func TestSnapshotForLateNodeAndTrimmedStream(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.StreamMaxLen = 10 })
	var ds []Decision
	for i := range 300 {
		ds = append(ds, ban(netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)}).String()+"/32", time.Hour))
	}
	ds = append(ds, ban("192.0.2.1/32", time.Millisecond)) // ended before c starts
	a.Publish(ds...)
	waitFor(t, 10*time.Second, "a publishes", func() bool { return a.Stats().Published == 301 })
	time.Sleep(5 * time.Millisecond)

	c := startNode(t, r, "c", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "c loads the snapshot", func() bool { return c.Stats().Snapshots == 1 })
	if n := len(c.sink.snapshots[0]); n != 300 {
		t.Fatalf("snapshot had %d bans, want the 300 active ones", n)
	}

	// c stops, a decides 300 more: the stream (trimmed to ~10) no longer
	// holds c's position, so c reads the snapshot again at its restart.
	dir := t.TempDir()
	d := startNode(t, r, "d", dir, nil)
	waitFor(t, 10*time.Second, "d synced", func() bool { return d.Stats().Snapshots == 1 })
	d.stop()
	var more []Decision
	for i := range 300 {
		more = append(more, ban(netip.AddrFrom4([4]byte{100, 64, byte(i >> 8), byte(i)}).String()+"/32", time.Hour))
	}
	a.Publish(more...)
	waitFor(t, 10*time.Second, "a publishes", func() bool { return a.Stats().Published == 601 })
	d2 := startNode(t, r, "d", dir, nil)
	waitFor(t, 10*time.Second, "d reloads the snapshot", func() bool { return d2.Stats().Snapshots == 1 })
	if n := len(d2.sink.snapshots[0]); n != 600 {
		t.Fatalf("second snapshot had %d bans, want 600", n)
	}
}

func TestCatchUpFromPositionWithoutSnapshot(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	dir := t.TempDir()
	b := startNode(t, r, "b", dir, nil)
	waitFor(t, 10*time.Second, "b synced", func() bool { return b.Stats().Snapshots == 1 })
	b.stop()
	var ds []Decision
	for i := range 1000 {
		ds = append(ds, ban(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}).String()+"/32", time.Hour))
	}
	a.Publish(ds...)
	waitFor(t, 10*time.Second, "a publishes", func() bool { return a.Stats().Published == 1000 })
	b2 := startNode(t, r, "b", dir, nil)
	waitFor(t, 10*time.Second, "b catches up", func() bool { return b2.Stats().Applied == 1000 })
	if s := b2.Stats().Snapshots; s != 0 {
		t.Fatalf("b read the snapshot %d times; its position was still in the stream", s)
	}
	seen := map[string]bool{}
	for _, d := range b2.sink.decisions {
		if seen[d.ID()] {
			t.Fatalf("decision %s applied twice", d.ID())
		}
		seen[d.ID()] = true
	}
}

func TestRedisDownQueuesDurably(t *testing.T) {
	r := clustertest.Start(t)
	adir := t.TempDir()
	a := startNode(t, r, "a", adir, nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "connected", func() bool { return a.Stats().Connected && b.Stats().Connected })

	r.Kill()
	p1 := netip.MustParsePrefix("203.0.113.1/32")
	a.Publish(ban(p1.String(), time.Hour))
	waitFor(t, 10*time.Second, "a queues while Redis is away", func() bool { return a.Stats().Queued == 1 && !a.Stats().Connected })
	// a restarts while Redis is still away: the queue is on disk.
	a.stop()
	a2 := startNode(t, r, "a", adir, nil)
	p2 := netip.MustParsePrefix("203.0.113.2/32")
	a2.Publish(ban(p2.String(), time.Hour))
	waitFor(t, 10*time.Second, "both queued", func() bool { return a2.Stats().Queued == 2 })

	r.Restart()
	waitFor(t, 10*time.Second, "b gets both after Redis returns", func() bool { return b.sink.count(OpBan, p1) == 1 && b.sink.count(OpBan, p2) == 1 })
	waitFor(t, 10*time.Second, "queue empty", func() bool { return a2.Stats().Queued == 0 })
}

// A decision sent twice (a reply lost, a crash before the queue was
// trimmed) is added to the stream once: Redis knows the node's last
// sequence number. A resend grouped differently (the queue grew between
// the sends) adds only what is new.
func TestResendIsAppliedOnce(t *testing.T) {
	r := clustertest.Start(t)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "b synced", func() bool { return b.Stats().Snapshots == 1 })
	cfg, err := FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "a", KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	rdb := cfg.Client()
	defer rdb.Close()
	k := keysFor(cfg.KeyPrefix)
	var qs []queued
	for i, p := range []string{"203.0.113.9/32", "203.0.113.10/32"} {
		d := ban(p, time.Hour)
		d.Node, d.Seq = "a", uint64(i+1)
		payload, err := d.Encode()
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, queued{d: d, payload: payload})
	}
	ctx := context.Background()
	for _, send := range [][]queued{qs[:1], qs[:1], qs} {
		res, err := publish(ctx, rdb, k, 100, send, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.sent != len(send) || res.last != send[len(send)-1].d.Seq {
			t.Fatalf("sent %d through %d, want %d", res.sent, res.last, len(send))
		}
	}
	if n, _ := rdb.XLen(ctx, k.stream).Result(); n != 2 {
		t.Fatalf("stream holds %d entries, want 2 (one per decision)", n)
	}
	waitFor(t, 10*time.Second, "b applies both", func() bool { return b.Stats().Applied == 2 })
	time.Sleep(50 * time.Millisecond)
	for _, q := range qs {
		if s := b.Stats(); s.Applied != 2 || s.Duplicates != 0 || b.sink.count(OpBan, q.d.Prefix) != 1 {
			t.Fatalf("%s: applied %d, duplicates %d", q.d.Prefix, s.Applied, s.Duplicates)
		}
	}
}

func TestMalformedEntriesAreCountedAndSkipped(t *testing.T) {
	r := clustertest.Start(t)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "b synced", func() bool { return b.Stats().Snapshots == 1 })
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	ctx := context.Background()
	for _, v := range []map[string]any{{"d": "{not json"}, {"x": "1"}, {"d": `{"op":"ban","node":"z","seq":1,"prefix":"1.2.3.4/8","at":1767225600000}`}} {
		if err := rdb.XAdd(ctx, &redis.XAddArgs{Stream: "t:decisions", Values: v}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	good := ban("203.0.113.5/32", time.Hour)
	good.Node, good.Seq = "z", 2
	payload, _ := good.Encode()
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "t:decisions", Values: map[string]any{"d": payload}})
	waitFor(t, 10*time.Second, "the good entry applied", func() bool { return b.sink.count(OpBan, good.Prefix) == 1 })
	if m := b.Stats().Malformed; m != 3 {
		t.Fatalf("malformed = %d, want 3", m)
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	pass := dir + "/pass"
	if err := writeFile(pass, "s3cret\n"); err != nil {
		t.Fatal(err)
	}
	r := clustertest.Start(t, "--requirepass", "s3cret")
	a := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.PasswordFile = pass })
	waitFor(t, 10*time.Second, "authenticated", func() bool { return a.Stats().Connected })
	bad := startNode(t, r, "x", t.TempDir(), nil)
	time.Sleep(300 * time.Millisecond)
	if s := bad.Stats(); s.Connected || s.Error == "" {
		t.Fatalf("a node without the password connected: %+v", s)
	}
}

// A node whose clock is 10s ahead enforces the same end of a ban as the
// node that decided it, both ways: ends travel in Redis time, converted
// with each node's measured offset.
func TestClockSkewKeepsBanEnds(t *testing.T) {
	r := clustertest.Start(t)
	const skew = 10 * time.Second
	ahead := func() time.Time { return time.Now().Add(skew) }
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNodeAt(t, r, "b", t.TempDir(), nil, ahead)
	waitFor(t, 10*time.Second, "b measured its offset", func() bool {
		return b.Stats().Snapshots == 1 && a.Stats().Snapshots == 1 && b.Offset() > skew-time.Second
	})
	if off := a.Offset(); off > time.Second || off < -time.Second {
		t.Fatalf("a's offset %s", off)
	}
	near := func(got, want time.Time) bool { d := got.Sub(want); return d < time.Second && d > -time.Second }

	// a decides with its clock; b's local end is a's end plus b's skew.
	pa := netip.MustParsePrefix("203.0.113.80/32")
	endA := time.Now().Add(time.Hour)
	a.Publish(Decision{Op: OpBan, Prefix: pa, At: time.Now().UnixMilli(), Expires: endA.UnixMilli(), Reason: "trap"})
	waitFor(t, 10*time.Second, "b applies a's ban", func() bool { return b.sink.count(OpBan, pa) == 1 })
	if got := b.sink.last(pa).ExpiresAt(b.Offset()); !near(got, endA.Add(skew)) {
		t.Errorf("b (10s ahead) ends a's ban at %s in its clock, want %s", got, endA.Add(skew))
	}

	// b decides with its (fast) clock; a's local end is the same moment.
	pb := netip.MustParsePrefix("203.0.113.81/32")
	endB := ahead().Add(time.Hour)
	b.Publish(Decision{Op: OpBan, Prefix: pb, At: ahead().UnixMilli(), Expires: endB.UnixMilli(), Reason: "trap"})
	waitFor(t, 10*time.Second, "a applies b's ban", func() bool { return a.sink.count(OpBan, pb) == 1 })
	if got := a.sink.last(pb).ExpiresAt(a.Offset()); !near(got, endB.Add(-skew)) {
		t.Errorf("a ends b's ban at %s, want %s", got, endB.Add(-skew))
	}
}

// A node goes on reading and applying while the daemon's store is slow to
// say what was applied is durable (Sync blocks): only saving the position
// waits for it. The position saved is never past what Sync covered.
func TestApplyDoesNotWaitForStore(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	release := make(chan struct{})
	var syncs sync.WaitGroup
	syncs.Add(1)
	first := sync.OnceFunc(syncs.Done)
	blocking := func(ctx context.Context) error {
		first()
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	b := startNodeWith(t, r, "b", t.TempDir(), nil, func(o *Options) { o.Sync = blocking })
	n, s := b.Node, b.sink
	unblock := sync.OnceFunc(func() { close(release) })
	t.Cleanup(unblock) // before b stops (cleanups run last first): its last save waits on Sync
	syncs.Wait()       // the snapshot applied: its save waits on the store
	for i := range 3 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(100 + i)}), 32)
		a.Publish(ban(p.String(), time.Hour))
		waitFor(t, 10*time.Second, "b applies while its store lags", func() bool { return s.count(OpBan, p) == 1 })
	}
	if got := *n.saved.Load(); got != "" {
		t.Fatalf("position %q saved before the store said it was durable", got)
	}
	unblock()
	waitFor(t, 10*time.Second, "the position saved once durable", func() bool { return *n.saved.Load() == *n.position.Load() })
}
