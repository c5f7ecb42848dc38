package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Heartbeat is what a node writes to the nodes hash every second: enough
// for `guardctl cluster status` to show who is alive, how far behind the
// stream each node is and how far its clock is off.
type Heartbeat struct {
	Node    string `json:"node"`
	Version string `json:"version,omitempty"`
	// RedisMs is Redis's clock at the beat; ClockMs the node's own.
	RedisMs  int64  `json:"redis_ms"`
	ClockMs  int64  `json:"clock_ms"`
	OffsetMs int64  `json:"offset_ms"` // node clock minus Redis clock
	RTTMs    int64  `json:"rtt_ms"`
	Position string `json:"position"` // last stream id applied
	Started  int64  `json:"started_ms"`
	// Counters since the daemon started.
	Published uint64 `json:"published"`
	Applied   uint64 `json:"applied"`
	Malformed uint64 `json:"malformed"`
	Queued    int64  `json:"queued"`
	Dropped   uint64 `json:"dropped"`
	Snapshots uint64 `json:"snapshots"`
	// Unreplicated: decisions sent that no replica acknowledged in time.
	Unreplicated uint64 `json:"unreplicated,omitempty"`
}

// heartbeats measures the clock offset to Redis and writes the heartbeat.
func (n *Node) heartbeats(ctx context.Context) {
	t := time.NewTicker(n.opts.HeartbeatEvery)
	defer t.Stop()
	for {
		if err := n.beat(ctx); err != nil && ctx.Err() == nil {
			n.setErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// maxSkew is the clock difference to Redis past which a node warns: bans
// carry absolute Redis time and each node converts with its measured
// offset, so skew does not change a ban's end, but a large one hints at a
// broken clock that also shifts log times.
const maxSkew = time.Second

// measureOffset reads Redis's TIME and sets this node's clock offset
// (corrected by half the round trip). rt is Redis's time, t1 the local
// time of the reply.
func (n *Node) measureOffset(ctx context.Context) (rt, t1 time.Time, off, rtt time.Duration, err error) {
	t0 := n.opts.Now()
	rt, err = n.rdb.Time(ctx).Result()
	if err != nil {
		return rt, t1, 0, 0, fmt.Errorf("measure clock offset: %w", err)
	}
	t1 = n.opts.Now()
	rtt = t1.Sub(t0)
	off = t0.Add(rtt / 2).Sub(rt)
	prev := time.Duration(n.offset.Swap(int64(off)))
	n.rtt.Store(int64(rtt))
	if (off > maxSkew || off < -maxSkew) && (prev <= maxSkew && prev >= -maxSkew) {
		n.log.Warn("clock differs from Redis's by more than a second; bans keep their end (absolute Redis time), but check NTP", "offset", off)
	}
	n.offsetKnown.Store(true)
	return rt, t1, off, rtt, nil
}

// needOffset measures the clock offset unless it was measured: the first
// snapshot and the first send must not use offset 0 (before, they used it
// until the first heartbeat, and a skewed node ended bans early or late).
func (n *Node) needOffset(ctx context.Context) error {
	if n.offsetKnown.Load() {
		return nil
	}
	_, _, _, _, err := n.measureOffset(ctx)
	return err
}

func (n *Node) beat(ctx context.Context) error {
	if err := n.checkRedis(ctx); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	rt, t1, off, rtt, err := n.measureOffset(ctx)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if err := n.checkEpoch(ctx); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if n.cfg.redis.failover != nil {
		// Behind Sentinel a failover promotes a replica: the publisher
		// then waits for one to hold each chunk (WAIT) before it lets the
		// chunk go from its queue. Asked every beat: replicas come and go.
		info, err := n.rdb.Info(ctx, "replication").Result()
		if err != nil {
			return fmt.Errorf("heartbeat: %w", err)
		}
		n.replicas.Store(connectedReplicas(info))
	}
	hb := n.heartbeat(rt, t1, off, rtt)
	b, _ := json.Marshal(hb)
	if err := n.rdb.HSet(ctx, n.k.nodes, n.cfg.Node, b).Err(); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	// The live nodes size the counting shares (share.go).
	beats, err := n.rdb.HGetAll(ctx, n.k.nodes).Result()
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	n.liveNodes.Store(int64(n.largestLive(countLive(beats, rt), rt)))
	if n.sharesFrom.Load() == 0 {
		n.sharesFrom.Store(n.opts.Now().Add(n.opts.ShareGrace).UnixNano())
	}
	n.setConnected()
	return nil
}

// liveCount is the live nodes a beat counted, at Redis time at.
type liveCount struct {
	at time.Time
	n  int
}

// largestLive records live, counted at Redis time at, and returns the
// largest count of the beats of the last liveWithin. One beat's count
// undercounts: nodes starting together each count only the nodes that
// beat before them (1, 2, 3: shares of limit/2, limit/4, limit/6 held
// for a second, more than the limit over the nodes from 5 of them), and
// after Redis lost its data (FLUSHALL) the first node to beat again
// finds the nodes hash empty and counts itself alone (review s7,
// TestShareLargestLiveCount). A node counted too many for a while gets
// smaller shares: more calls, never fewer decisions.
func (n *Node) largestLive(live int, at time.Time) int {
	keep := n.liveSeen[:0]
	for _, s := range n.liveSeen {
		if d := at.Sub(s.at); d <= liveWithin && d >= 0 {
			keep = append(keep, s)
		}
	}
	n.liveSeen = append(keep, liveCount{at: at, n: live})
	most := 0
	for _, s := range n.liveSeen {
		most = max(most, s.n)
	}
	return most
}

// connectedReplicas reads connected_slaves from INFO replication.
func connectedReplicas(info string) int64 {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "connected_slaves:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

func (n *Node) heartbeat(redisNow, now time.Time, off, rtt time.Duration) Heartbeat {
	return Heartbeat{
		Node: n.cfg.Node, Version: n.opts.Version, RedisMs: redisNow.UnixMilli(), ClockMs: now.UnixMilli(),
		OffsetMs: off.Milliseconds(), RTTMs: rtt.Milliseconds(), Position: *n.position.Load(), Started: n.started.UnixMilli(),
		Published: n.published.Load(), Applied: n.applied.Load(), Malformed: n.malformed.Load(),
		Queued: n.queued.Load(), Dropped: n.dropped.Load(), Snapshots: n.snapshots.Load(),
		Unreplicated: n.unreplicated.Load(),
	}
}

// LiveNodes is the most nodes with a heartbeat of the last few seconds
// that this node counted at a beat of the last few seconds (1 before it
// beat).
func (n *Node) LiveNodes() int { return max(int(n.liveNodes.Load()), 1) }

// liveForShares is LiveNodes for the counting shares: 0 (not known yet:
// every count is sent) until ShareGrace (5 s) after the node's first
// heartbeat. Before (session 7's first fix), the shares started at that
// beat, which counts only the nodes that beat before it: nodes starting
// together held limit/2, limit/4, limit/6 of a client for a second, and
// a client spread over them at 29 + 14 + 20 of a limit of 60 was not
// decided within a round of flushes (TestShareStartTogetherDecided).
// The grace lets every node starting with this one beat (every second)
// and be counted (largestLive keeps the count).
func (n *Node) liveForShares() int {
	from := n.sharesFrom.Load()
	if from == 0 || n.opts.Now().UnixNano() < from {
		return 0
	}
	return int(n.liveNodes.Load())
}

// SharesNodes is the live node count the counting shares use now, 0
// while every count is sent (liveForShares); tests wait for it.
func (n *Node) SharesNodes() int { return n.liveForShares() }

// Stats is this node's view for `guardctl status`.
type Stats struct {
	Node       string        `json:"node"`
	Redis      string        `json:"redis"`
	Connected  bool          `json:"connected"`
	Error      string        `json:"error,omitempty"`
	Offset     time.Duration `json:"offset"`
	RTT        time.Duration `json:"rtt"`
	Position   string        `json:"position"`
	Published  uint64        `json:"published"`
	Applied    uint64        `json:"applied"`
	Malformed  uint64        `json:"malformed"`
	Queued     int64         `json:"queued"`
	Dropped    uint64        `json:"dropped"`
	Snapshots  uint64        `json:"snapshots"`
	Duplicates uint64        `json:"duplicates"`
	// Refused counts remote bans this node would not enforce (its own
	// address, loopback, allow list); the daemon fills it in.
	Refused uint64 `json:"refused"`
}

// Stats returns the node's counters.
func (n *Node) Stats() Stats {
	s := Stats{Node: n.cfg.Node, Redis: n.cfg.Target(), Connected: n.connected.Load(), Offset: n.Offset(),
		RTT: time.Duration(n.rtt.Load()), Position: *n.position.Load(), Published: n.published.Load(), Applied: n.applied.Load(),
		Malformed: n.malformed.Load(), Queued: n.queued.Load(), Dropped: n.dropped.Load(), Snapshots: n.snapshots.Load(),
		Duplicates: n.duplicates.Load()}
	if e := n.lastErr.Load(); e != nil {
		s.Error = *e
	}
	return s
}
