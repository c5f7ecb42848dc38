package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Batch is what a node hands its daemon to apply: remote decisions in
// stream order, or (Snapshot) every active ban of the cluster, read because
// this node joined late or fell behind the trimmed stream.
type Batch struct {
	Decisions []Decision
	// Snapshot: Decisions are bans only, and every cluster ban this node
	// holds that is not among them was lifted while it was away.
	Snapshot bool
	// Offset is this node's clock minus Redis's: Decision.ExpiresAt(Offset)
	// is the local end of a ban.
	Offset time.Duration
}

// Options configure a Node.
type Options struct {
	// Dir is the daemon's state directory; the queue file is kept there.
	Dir    string
	Logger *slog.Logger
	Now    func() time.Time
	// Apply applies remote decisions and returns once they are durable
	// (the stream position is saved after it). An error is retried.
	Apply func(ctx context.Context, b Batch) error
	// Sync, if set, lets Apply return before its changes are durable: the
	// node calls Sync (which returns once everything applied so far is
	// durable) before it saves its stream position, at most every 200ms
	// and whenever it has caught up, so a burst is not applied one fsync
	// per read.
	Sync func(ctx context.Context) error
	// OwnBans, if set, returns this node's own active bans (not those
	// another node decided), times local: published again when Redis
	// lost the cluster's data (epoch.go).
	OwnBans func(ctx context.Context) ([]Decision, error)
	// Version is shown in the node's heartbeat.
	Version string
	// HeartbeatEvery defaults to 1s.
	HeartbeatEvery time.Duration
	// ShareGrace is how long after its first heartbeat a node still
	// sends every cluster-scoped count (a share of 1, share.go): until
	// then it may not have seen the heartbeats of nodes starting with it.
	// Defaults to liveWithin (5 s); tests set less.
	ShareGrace time.Duration
	// minRedis is the oldest Redis version the node connects to
	// (minRedisVersion; tests set a higher one to see the refusal).
	minRedis [2]int
}

// Node is this daemon's membership in a cluster.
type Node struct {
	cfg  Config
	opts Options
	log  *slog.Logger
	rdb  redis.UniversalClient
	k    keys
	out  *outbox

	mu      sync.Mutex
	pending []Decision // handed over by Publish, not yet queued on disk
	closed  bool       // Close ran: the queue is gone
	nextSeq uint64     // the last sequence number Publish handed out
	kick    chan struct{}
	live    liveOwn
	acked   atomic.Uint64 // the last own decision Redis took (kept in cluster.db)
	// sendMu is held by the sender over each publish and what it records
	// of the reply, so the heartbeat reads acked and Redis's published
	// number consistently (epoch.go). newFrom is the first own decision
	// sent into a Redis that had lost some of this node's (regressed: not
	// handled yet); 0 when none is known.
	sendMu    sync.Mutex
	newFrom   atomic.Uint64
	regressed atomic.Bool
	// staleGeneration: snapshot keys of a generation this node's unban
	// --all ended are still to be deleted. unbanCleanup: network unbans
	// may have left ban keys inside them in the snapshot (unbans.go).
	// Both true at start, so any node finishes a cleanup a crash cut
	// short. The sender sets them, the cleaner (cleanup.go) clears them.
	staleGeneration, unbanCleanup atomic.Bool
	cleanKick                     chan struct{}

	offset atomic.Int64 // local clock minus Redis clock, ns
	// offsetKnown: offset was measured (it is 0 before).
	offsetKnown atomic.Bool
	rtt         atomic.Int64 // ns, of the last heartbeat
	liveNodes   atomic.Int64 // the most nodes with a recent heartbeat at a beat of the last liveWithin
	// sharesFrom is when (local unix ns) the counting shares start: the
	// first heartbeat plus ShareGrace; 0 before that beat. liveSeen
	// (heartbeat only) are the live counts of the beats of the last
	// liveWithin, by Redis time.
	sharesFrom atomic.Int64
	liveSeen   []liveCount
	// redisTooOld: the server's version is under minRedis (the
	// heartbeat's check, redisversion.go): the node does not use it.
	redisTooOld atomic.Pointer[string]
	redisOK     atomic.Bool
	connected   atomic.Bool
	lastErr     atomic.Pointer[string]
	position    atomic.Pointer[string]
	queued      atomic.Int64
	started     time.Time

	published, applied, own, malformed, snapshots, dropped, duplicates atomic.Uint64
	// epoch (heartbeat only) is the cluster's epoch last seen; epochs
	// counts the changes this process noticed (epoch.go).
	epoch  string
	epochs atomic.Uint64
	// recovery (heartbeat only) is a data loss noticed and not yet
	// handled: the own bans are published again once the follower has
	// applied the stream up to its end as it was when noticed.
	recovery *recovery
	// superseded counts other nodes' bans not applied because an own
	// unban not read back yet lifts them (liveOwn).
	superseded atomic.Uint64
	// unreplicated counts decisions no replica acknowledged in time
	// (WAIT, with replicas only); replicas is the master's count of
	// connected replicas, from the heartbeat (Sentinel mode only).
	unreplicated atomic.Uint64
	replicas     atomic.Int64

	// Follower only: node -> last sequence number applied; the position
	// applied but not saved yet, and when one was last saved.
	seen map[string]uint64
	// ownMark is the last sequence number this node had handed out when
	// it started: its own decisions up to it, read from the stream after
	// the saved position, are replayed with the others (a crash may have
	// lost their local effect, or re-applied another node's older
	// decision over them); later ones were applied here when decided.
	ownMark uint64
	unsaved string
	savedAt time.Time
	saved   atomic.Pointer[string] // the position on disk
}

// New opens the node's queue file. It does not connect; Run does.
func New(cfg Config, opts Options) (*Node, error) {
	if opts.Apply == nil {
		return nil, errors.New("cluster: no Apply function")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HeartbeatEvery <= 0 {
		opts.HeartbeatEvery = time.Second
	}
	if opts.ShareGrace <= 0 {
		opts.ShareGrace = liveWithin
	}
	if opts.minRedis == [2]int{} {
		opts.minRedis = minRedisVersion
	}
	out, err := openOutbox(opts.Dir, cfg.QueueMax)
	if err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, opts: opts, log: opts.Logger.With("cluster_node", cfg.Node), k: keysFor(cfg.KeyPrefix), out: out,
		kick: make(chan struct{}, 1), started: opts.Now()}
	n.queued.Store(int64(out.len()))
	pos, seen, err := out.position()
	if err != nil {
		out.Close()
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	n.position.Store(&pos)
	n.saved.Store(&pos)
	n.epoch = out.epoch()
	n.acked.Store(out.acked())
	n.seen = seen
	// Each process numbers from the clock (1024 per ms) or the file's
	// last number, whichever is higher: a node whose file was lost, or
	// restored from a backup, or rolled back with its disk, must not
	// reuse numbers Redis and the other nodes have seen, or its next
	// decisions are taken for resends (publishLua) and duplicates, and
	// dropped (TestRestoredQueueFileReusesNoSequenceNumber). Before, only
	// a new file numbered from the clock. The numbers a process hands
	// out stay ahead of the clock only while it decides more than 1024
	// per ms on average over its whole life; they stay below 2^53 (Lua
	// compares them as doubles) until the year 2248.
	last := out.lastSeq()
	if last > MaxSeq-1<<32 {
		// Only a damaged file or an older version's bug gets here: numbers
		// near 2^53 would soon be refused (MaxSeq).
		n.log.Error("cluster queue: the last sequence number in the file is near or above 2^53; numbering from the clock again (other nodes may drop this node's next decisions as duplicates until it passes their last one)", "seq", last)
		last = 0
	}
	n.nextSeq = max(last, clockSeq(time.Now()))
	n.ownMark = n.nextSeq
	n.live.bans = map[netip.Prefix]Decision{}
	n.unbanCleanup.Store(true)
	n.staleGeneration.Store(true) // a crash may have cut a deletion short
	n.cleanKick = make(chan struct{}, 1)
	n.rdb = cfg.Client()
	return n, nil
}

// Name is this node's name in the cluster.
func (n *Node) Name() string { return n.cfg.Node }

// Offset is this node's clock minus Redis's, as last measured.
func (n *Node) Offset() time.Duration { return time.Duration(n.offset.Load()) }

// Publish hands this node's own decisions over. It never blocks on Redis or
// the disk: Run's queue writer moves them to the disk queue at once (a
// crash loses at most those of one commit in progress), whatever the
// sender is doing, and the sender sends them. Times in the
// decisions are local unix ms; they are converted to Redis time here.
func (n *Node) Publish(ds ...Decision) {
	if len(ds) == 0 {
		return
	}
	ds = splitLifted(ds)
	// Before the first measurement the offset is unknown, not 0: such
	// decisions keep this node's clock and are converted when sent
	// (sendQueue), once it is known. Before, they were converted with 0,
	// and a skewed node's bans decided while Redis was away ended off by
	// its skew on every other node.
	known := n.offsetKnown.Load()
	off := n.offset.Load() / int64(time.Millisecond)
	invalid := 0
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		n.dropped.Add(uint64(len(ds)))
		n.log.Error("own decisions handed over after the cluster queue closed: not published (they stay in force here)", "decisions", len(ds))
		return
	}
	for _, d := range ds {
		d.Node = n.cfg.Node
		if known {
			d.toRedisTime(off)
		} else {
			d.localTime = true
		}
		d.Seq = n.nextSeq + 1
		if err := d.Validate(); err != nil {
			// A decision no other node would accept is not sent (and could
			// not be queued): the ban stays in force here.
			n.log.Error("not publishing an invalid decision", "decision", d, "err", err)
			invalid++
			continue
		}
		n.nextSeq = d.Seq
		n.pending = append(n.pending, d)
	}
	// Under n.mu: in force here from now, before the follower can read
	// anything else, and in sequence order.
	n.live.add(n.pending[len(n.pending)-(len(ds)-invalid):])
	n.mu.Unlock()
	select {
	case n.kick <- struct{}{}:
	default:
	}
}

// splitLifted spreads the Lifted list of an unban that lifted more than a
// decision may carry over copies of the unban, maxLifted each: the snapshot
// keys are deleted by the decision that names them, and a follower lifts
// every ban inside the prefix at the first (the copies lift nothing more).
// Before, such an unban failed Validate and was never published.
//
// The copies are sent together, in one stream entry (continues), so no
// other node's decision comes between them in the stream: a copy after
// another node's later ban inside the prefix lifted it, on every follower
// and in the snapshot (TestSplitUnbanLiftsNothingLater).
func splitLifted(ds []Decision) []Decision {
	if !slices.ContainsFunc(ds, func(d Decision) bool { return len(d.Lifted) > maxLifted }) {
		return ds
	}
	out := make([]Decision, 0, len(ds)+1)
	for _, d := range ds {
		for len(d.Lifted) > maxLifted {
			c := d
			c.Lifted = d.Lifted[:maxLifted]
			out = append(out, c)
			d.Lifted = d.Lifted[maxLifted:]
		}
		out = append(out, d)
	}
	return out
}

// Run publishes, follows the stream and beats until ctx is done, riding
// out Redis outages. The queue outlives it: decisions handed over after
// Run returned are queued on disk by Close, for the next start.
func (n *Node) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { n.publisher(ctx) })
	wg.Go(func() { n.follower(ctx) })
	wg.Go(func() { n.heartbeats(ctx) })
	wg.Wait()
	n.queuePending()
}

// Close queues on disk whatever was handed over and not queued yet, and
// closes the queue and the Redis client; call it after Run returned, once
// nothing publishes any more (the daemon: after its last commit). Before,
// Run closed the queue when its context ended, and the daemon's bans
// committed after that (its final commit, a control request answered
// while stopping) were never queued, lost for the cluster. Publish after
// Close drops (logged and counted).
func (n *Node) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.mu.Unlock()
	n.queuePending()
	n.mu.Lock()
	n.closed = true
	lost := len(n.pending)
	n.pending = nil
	n.mu.Unlock()
	if lost > 0 {
		n.dropped.Add(uint64(lost))
		n.log.Error("own decisions not queued: the queue file refused them at shutdown (they stay in force here, other nodes miss them)", "decisions", lost)
	}
	return errors.Join(n.rdb.Close(), n.out.Close())
}

func (n *Node) setErr(err error) {
	if err == nil {
		n.lastErr.Store(nil)
		return
	}
	s := err.Error()
	n.lastErr.Store(&s)
	if n.connected.Swap(false) {
		n.log.Warn("redis unreachable: judging and enforcing alone, own decisions queued on disk", "err", err)
	}
}

func (n *Node) setConnected() {
	if !n.connected.Swap(true) {
		n.log.Info("connected to redis", "redis", n.cfg.Target())
	}
	n.lastErr.Store(nil)
}

// backoff waits before the next try: 100ms doubling to 2s.
func backoff(ctx context.Context, attempt int) {
	d := min(100*time.Millisecond<<min(attempt, 5), 2*time.Second)
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// queuePending moves handed-over decisions to the disk queue.
func (n *Node) queuePending() bool {
	n.mu.Lock()
	ds := n.pending
	n.pending = nil
	n.mu.Unlock()
	if len(ds) == 0 {
		return true
	}
	drops, err := n.out.add(ds)
	dropped := len(drops)
	if err != nil {
		// The disk refuses: keep them in memory and try again.
		n.log.Error("queue own decisions", "decisions", len(ds), "err", err)
		n.mu.Lock()
		n.pending = append(ds, n.pending...)
		n.mu.Unlock()
		return false
	}
	if dropped > 0 {
		n.live.forget(drops) // never in the stream: the follower will not read them back
		n.dropped.Add(uint64(dropped))
		n.log.Error("cluster queue full: oldest own decisions dropped (they stay in force here, other nodes miss them)", "dropped", dropped, "queue_max", n.cfg.QueueMax)
	}
	n.queued.Store(int64(n.out.len()))
	return true
}

// publisher sends the disk queue to Redis in order, forever retrying
// while Redis is away. A queue writer of its own moves handed-over
// decisions to the disk as they come: before, the publisher queued them
// only between sends, so while a send hung (up to the read timeout) or
// Redis was away (backoff) they sat in memory only, and a crash lost
// them. The writer commits whatever came during its last commit at once
// (group commit): a burst costs a few fsyncs, not one per decision.
func (n *Node) publisher(ctx context.Context) {
	queued := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() { n.queueWriter(ctx, queued) })
	wg.Go(func() { n.cleaner(ctx) })
	defer wg.Wait()
	attempt := 0
	for {
		sent, err := n.sendQueue(ctx)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			n.setErr(err)
			attempt++
			backoff(ctx, attempt)
			continue
		case sent:
			attempt = 0
			continue // more may have come meanwhile
		}
		attempt = 0
		select {
		case <-ctx.Done():
			return
		case <-queued:
		}
	}
}

// queueWriter moves handed-over decisions to the disk queue whenever
// Publish kicks it, and tells the sender.
//
// In a burst it commits at most every queueLinger (what came meanwhile goes
// in one commit): committing at every kick made hundreds of small commits
// whose fsyncs and CPU slowed the node's own banning and the sends
// (BenchmarkClusterBurst/appendfsync=everysec at load 4-7, too noisy for
// more than a direction: the last node at 3.2-3.9 s before the writer (4
// runs), 4.8-6.6 s with a commit per kick (2), 2.2-6.1 s with this linger
// (5); A's own kernel 1.8-2.5 s, 3.4-3.7 s, 1.4-4.8 s). It lingers only
// after a commit of queueBurst decisions or more: decisions one at a time
// (a ban every few ms) are committed at once, since lingering after each
// put ~17 ms on every one of them (BenchmarkClusterPropagation p50 3 ->
// 20 ms); what comes during one commit's fsync still goes in the next.
func (n *Node) queueWriter(ctx context.Context, queued chan<- struct{}) {
	attempt := 0
	var last time.Time
	moved := 0
	for ctx.Err() == nil {
		if wait := queueLinger - time.Since(last); wait > 0 && moved >= queueBurst {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
		last = time.Now()
		n.mu.Lock()
		moved = len(n.pending)
		n.mu.Unlock()
		if !n.queuePending() {
			attempt++
			backoff(ctx, attempt)
			continue
		}
		attempt = 0
		select {
		case queued <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			return
		case <-n.kick:
		}
	}
}

// queueLinger is the least time between two commits of the queue writer
// in a burst: after a commit of at least queueBurst decisions.
const (
	queueLinger = 20 * time.Millisecond
	queueBurst  = 16
)

// sendQueue sends what the disk queue holds, in order, a few thousand
// decisions at a time; sent says something was sent. What Redis took
// before a failure leaves the queue; the rest is sent again, in order.
func (n *Node) sendQueue(ctx context.Context) (sent bool, err error) {
	if err := n.checkRedis(ctx); err != nil {
		return false, err
	}
	if err := n.needOffset(ctx); err != nil {
		return false, err
	}
	// Cleanups left by a failure, a lost reply or a crash are retried
	// after each send that went through (cleanup.go: they run beside
	// the sender, never in its way).
	defer func() {
		if err == nil {
			n.kickCleaner()
		}
	}()
	for n.out.len() > 0 {
		// Before every head: a decision handed over before the offset
		// was measured may reach the queue after the first.
		n.out.toRedisTime(n.offset.Load()/int64(time.Millisecond), n.log)
		ds := n.out.head(5 * publishChunk)
		wait := 0
		if n.replicas.Load() > 0 {
			wait = 1
		}
		n.sendMu.Lock()
		res, perr := publish(ctx, n.rdb, n.k, n.cfg.StreamMaxLen, ds, wait)
		if acked := n.acked.Load(); res.hadKnown && (res.had < acked || res.had == 0) {
			// Redis lost own decisions it had taken, or has none of this
			// node (a fresh Redis, or the first send ever): those from the
			// first one sent now are in its stream (epoch.go).
			for _, q := range ds {
				if q.d.Seq > res.had {
					n.newFrom.Store(q.d.Seq)
					break
				}
			}
			if res.had < acked {
				n.regressed.Store(true)
			}
		}
		if res.sent > 0 {
			n.acked.Store(res.last)
		}
		n.sendMu.Unlock()
		if res.sent > 0 {
			if err := n.out.done(res.last); err != nil {
				return sent, err
			}
			n.queued.Store(int64(n.out.len()))
			n.published.Add(uint64(res.sent))
			sent = true
		}
		if slices.ContainsFunc(ds[:res.sent], func(q queued) bool {
			return q.d.Op == OpUnban && q.d.Prefix.Bits() < q.d.Prefix.Addr().BitLen()
		}) {
			n.unbanCleanup.Store(true)
			n.kickCleaner()
		}
		if res.newGeneration || slices.ContainsFunc(ds[:res.sent], func(q queued) bool { return q.d.Op == OpUnbanAll }) {
			// An unban --all of this node: the previous generation's keys
			// go (retried after the next send if this fails). Also when
			// Redis had it already (the reply of its send was lost, so
			// newGeneration was never seen).
			n.staleGeneration.Store(true)
			n.kickCleaner()
		}
		if perr != nil {
			return sent, perr
		}
		n.setConnected()
		if u := res.unreplicated; u > 0 && n.unreplicated.Add(uint64(u)) == uint64(u) {
			n.log.Warn("no replica acknowledged published decisions within a second: a failover now could lose them", "decisions", u)
		}
	}
	return sent, nil
}

// liveOwn holds this process's own decisions the follower has not read
// back from the stream yet (handed over, queued, or in flight). They are
// in force here already, and later in stream order than anything the
// follower reads meanwhile: a lagging follower (a burst, Redis away, a
// crash replay) must not let an older decision of another node undo them
// here while every other node applies them after it. So a ban read
// meanwhile that one of them lifts is not applied, and an unban read
// meanwhile is followed by this node's own later bans inside it, applied
// again.
type liveOwn struct {
	mu     sync.Mutex
	count  atomic.Int64              // len(bans)+len(unbans): the follower's fast path
	bans   map[netip.Prefix]Decision // the latest own ban of each prefix no later own unban lifted
	unbans []Decision                // own unbans and unban --all, in order
}

func (l *liveOwn) add(ds []Decision) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		switch d.Op {
		case OpBan:
			l.bans[d.Prefix] = d
		case OpUnban, OpUnbanAll:
			for _, b := range l.inside(d) {
				delete(l.bans, b.Prefix)
			}
			l.unbans = append(l.unbans, d)
		}
	}
	l.count.Store(int64(len(l.bans) + len(l.unbans)))
}

// passed: the follower read these own decisions back (in order); they
// and everything before them of this node are behind it now.
func (l *liveOwn) passed(ds []Decision) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if b, ok := l.bans[d.Prefix]; ok && b.Seq <= d.Seq {
			delete(l.bans, d.Prefix)
		}
	}
	last := ds[len(ds)-1].Seq
	for len(l.unbans) > 0 && l.unbans[0].Seq <= last {
		l.unbans = l.unbans[1:]
	}
	l.count.Store(int64(len(l.bans) + len(l.unbans)))
}

// forgetThrough drops those through seq: the follower jumped over them
// (a snapshot read after Redis had them).
func (l *liveOwn) forgetThrough(seq uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p, b := range l.bans {
		if b.Seq <= seq {
			delete(l.bans, p)
		}
	}
	for len(l.unbans) > 0 && l.unbans[0].Seq <= seq {
		l.unbans = l.unbans[1:]
	}
	l.count.Store(int64(len(l.bans) + len(l.unbans)))
}

// forget drops decisions the full queue dropped: never in the stream.
func (l *liveOwn) forget(ds []Decision) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if b, ok := l.bans[d.Prefix]; ok && b.Seq == d.Seq {
			delete(l.bans, d.Prefix)
		}
		l.unbans = slices.DeleteFunc(l.unbans, func(u Decision) bool { return u.Seq == d.Seq })
	}
	l.count.Store(int64(len(l.bans) + len(l.unbans)))
}

// lifted says whether an own unban after seq after, not read back yet,
// lifts a ban of p.
func (l *liveOwn) lifted(p netip.Prefix, after uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, u := range l.unbans {
		if u.Seq > after && (u.Op == OpUnbanAll || covers(u.Prefix, p)) {
			return true
		}
	}
	return false
}

// bansInside are the own bans after seq after, not read back yet, that
// unban u lifts.
func (l *liveOwn) bansInside(u Decision, after uint64) []Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.DeleteFunc(l.inside(u), func(b Decision) bool { return b.Seq <= after })
}

func (l *liveOwn) inside(u Decision) []Decision {
	if u.Op != OpUnbanAll && u.Prefix.IsSingleIP() {
		if b, ok := l.bans[u.Prefix]; ok {
			return []Decision{b}
		}
		return nil
	}
	var out []Decision
	for _, b := range l.bans {
		if u.Op == OpUnbanAll || covers(u.Prefix, b.Prefix) {
			out = append(out, b)
		}
	}
	return out
}

// covers: an unban of u lifts a ban of p (equal to or inside u).
func covers(u, p netip.Prefix) bool { return u.Bits() <= p.Bits() && u.Contains(p.Addr()) }
