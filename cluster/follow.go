package cluster

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// readCount is how many stream entries one read returns: up to 20,000
// decisions (entryDecisions each), applied as one batch, so a burst of
// 100,000 is five reads and five kernel batches per node.
const readCount = 200

// saveEvery is how often, during a burst, the stream position is saved;
// it is also saved whenever the follower has caught up.
const saveEvery = 200 * time.Millisecond

// follower reads the decision stream from this node's saved position and
// hands other nodes' decisions to Apply. When the position is gone from
// the stream (trimmed, or Redis lost its data) or this node never read it,
// it loads the snapshot of active bans first.
//
// Saving the position waits for the daemon's store (Options.Sync): a
// saver goroutine does it, so reading and applying the next entries (to
// the kernel) never wait for the store to catch up with a burst.
func (n *Node) follower(ctx context.Context) {
	saves := make(chan savePoint, 1)
	saverDone := make(chan struct{})
	go func() { defer close(saverDone); n.saver(ctx, saves) }()
	defer func() {
		n.requestSave(saves) // the last position applied
		close(saves)
		<-saverDone
	}()
	synced := false
	attempt := 0
	for ctx.Err() == nil {
		if !synced {
			if err := n.catchUp(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				n.setErr(err)
				attempt++
				backoff(ctx, attempt)
				continue
			}
			synced = true
			n.requestSave(saves)
		}
		pos := *n.position.Load()
		res, gap, err := n.read(ctx, pos)
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			n.setErr(fmt.Errorf("read decisions: %w", err))
			synced = false // Redis may come back without the stream
			attempt++
			backoff(ctx, attempt)
			continue
		}
		attempt = 0
		n.setConnected()
		if gap {
			// Entries after the position were trimmed before this node
			// read them: what they decided is in the snapshot only.
			n.log.Warn("the stream was trimmed past this node's position while it lagged: loading the snapshot", "position", pos)
			synced = false
			continue
		}
		for _, s := range res {
			if err := n.applyEntries(ctx, s.Messages); err != nil {
				if ctx.Err() != nil {
					return
				}
				n.log.Error("apply remote decisions (retrying)", "err", err)
				backoff(ctx, 3)
				continue
			}
			if len(s.Messages) < readCount || time.Since(n.savedAt) >= saveEvery {
				n.requestSave(saves)
			}
		}
	}
}

// read reads the entries after pos (blocking up to a second) and, in the
// same round trip, right after them, the id of the newest entry trimmed
// from the stream (publish.go): gap says an entry after pos was trimmed,
// so the entries read do not follow pos and the snapshot must be loaded.
// A trim between the two commands is taken for a gap too (a needless
// snapshot, only when the stream is trimmed right at this node's
// position).
func (n *Node) read(ctx context.Context, pos string) (res []redis.XStream, gap bool, err error) {
	var xr *redis.XStreamSliceCmd
	var trimmed *redis.StringCmd
	_, perr := n.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		xr = p.XRead(ctx, &redis.XReadArgs{Streams: []string{n.k.stream, pos}, Count: readCount, Block: time.Second})
		trimmed = p.Get(ctx, n.k.trimmed)
		return nil
	})
	res, err = xr.Result()
	if err != nil {
		return nil, false, err
	}
	if perr != nil && !errors.Is(perr, redis.Nil) {
		return nil, false, perr // a connection lost: neither reply is whole
	}
	mark, err := trimmed.Result()
	if errors.Is(err, redis.Nil) {
		return res, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read stream state: %w", err)
	}
	return res, compareIDs(mark, pos) > 0, nil
}

// savePoint is a position to save with the sequence numbers applied up
// to it (a copy: the follower goes on changing its own).
type savePoint struct {
	id   string
	seen map[string]uint64
}

// requestSave hands the position applied so far to the saver, replacing
// one it has not started on (only the newest matters).
func (n *Node) requestSave(saves chan savePoint) {
	if n.unsaved == "" {
		return
	}
	sp := savePoint{id: n.unsaved, seen: maps.Clone(n.seen)}
	n.unsaved = ""
	n.savedAt = time.Now()
	select {
	case old := <-saves:
		_ = old // superseded
	default:
	}
	saves <- sp // the follower is the only sender: there is room now
}

// saver saves positions once the daemon says what was applied up to them
// is durable (Sync), so a crash re-reads at most the entries since the
// last save, never skips one. A failed save is retried with the next
// position (or, at the end, once more).
func (n *Node) saver(ctx context.Context, saves chan savePoint) {
	for sp := range saves {
		sctx := ctx
		if ctx.Err() != nil {
			sctx = context.WithoutCancel(ctx) // the last save, at shutdown
		}
		if n.opts.Sync != nil {
			if err := n.opts.Sync(sctx); err != nil {
				if ctx.Err() == nil {
					n.log.Error("save stream position (retrying with the next)", "err", err)
				}
				continue
			}
		}
		if err := n.savePosition(sp.id, sp.seen); err != nil {
			n.log.Error("save stream position (retrying with the next)", "err", err)
		}
	}
}

// applyEntries decodes stream entries, applies the other nodes' decisions
// and records the position after the last entry (saved later by the
// saver). Malformed entries are counted and skipped.
//
// This node's own decisions are skipped when this process decided them
// (applied when decided), and applied in stream order like the others
// when an earlier process did: entries after the saved position are read
// again after a crash, and the other nodes' decisions among them are
// applied again, so an own unban after another node's ban of the same
// client must be applied again too, or the ban would win here while every
// other node lifted it (and an own unban whose local effect the crash
// lost would be lost here).
func (n *Node) applyEntries(ctx context.Context, msgs []redis.XMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	ds := make([]Decision, 0, len(msgs)*entryDecisions)
	seen := map[string]uint64{} // merged into n.seen once applied
	// Own decisions of this process read back: they leave n.live once the
	// batch is applied (a failed batch is read again). ownRead is the last
	// of them so far: only own decisions after it are later in stream
	// order than the one being read.
	var ownRead uint64
	var readBack []Decision
	reapplied := 0
	// Counted once the batch is applied: a failed batch is read again.
	var own, dups, bad, superseded uint64
	take := func(id string, raw string) {
		d, err := decodeString(raw)
		if err != nil {
			if bad++; n.malformed.Load()+bad <= 10 {
				n.log.Warn("skipping a malformed stream entry", "id", id, "err", err)
			}
			return
		}
		if d.Node == n.cfg.Node && d.Seq > n.ownMark {
			// Decided by this process: applied here when decided.
			own++
			if n.live.count.Load() > 0 {
				ownRead = d.Seq
				readBack = append(readBack, d)
			}
			return
		}
		// Every decision is in the stream once and in its node's order
		// (publishLua); one at or below the last applied of its node was
		// applied already: read again after the snapshot, or an entry
		// of a stream written before that check.
		if d.Seq <= max(n.seen[d.Node], seen[d.Node]) {
			dups++
			return
		}
		seen[d.Node] = d.Seq
		if n.live.count.Load() > 0 {
			switch {
			case d.Op == OpBan && n.live.lifted(d.Prefix, ownRead):
				// An own unban not read yet comes after it.
				superseded++
				return
			case d.Op != OpBan:
				// Own bans not read yet come after it: in force again.
				ds = append(ds, d)
				again := n.live.bansInside(d, ownRead)
				ds = append(ds, again...)
				reapplied += len(again)
				return
			}
		}
		ds = append(ds, d)
	}
	for _, m := range msgs {
		if raw, ok := m.Values["b"].(string); ok && len(m.Values) == 1 {
			// Several decisions, one a line.
			for line := range strings.SplitSeq(raw, "\n") {
				take(m.ID, line)
			}
			continue
		}
		raw, _ := m.Values["d"].(string)
		take(m.ID, raw)
	}
	if len(ds) > 0 {
		if err := n.opts.Apply(ctx, Batch{Decisions: ds, Offset: n.Offset()}); err != nil {
			return err
		}
		n.applied.Add(uint64(len(ds) - reapplied))
	}
	n.own.Add(own)
	n.duplicates.Add(dups)
	n.malformed.Add(bad)
	n.superseded.Add(superseded)
	if len(readBack) > 0 {
		n.live.passed(readBack)
	}
	for node, seq := range seen {
		n.seen[node] = seq
	}
	id := msgs[len(msgs)-1].ID
	n.position.Store(&id) // read from here on; saved by the saver
	n.unsaved = id
	return nil
}

func (n *Node) savePosition(id string, seen map[string]uint64) error {
	if err := n.out.setPosition(id, seen); err != nil {
		return fmt.Errorf("save stream position: %w", err)
	}
	n.position.Store(&id)
	n.saved.Store(&id)
	return nil
}

// catchUp decides where to read from. With a saved position from which
// nothing was trimmed, nothing is needed. Otherwise (a first start, a
// stream trimmed past the position, a Redis that lost its data) the
// snapshot is loaded and reading starts at the stream's end as it was
// before the snapshot was read: a decision made meanwhile is then seen
// twice, which applying tolerates.
func (n *Node) catchUp(ctx context.Context) error {
	if err := n.checkRedis(ctx); err != nil {
		return err
	}
	if err := n.needOffset(ctx); err != nil {
		return err
	}
	pos := *n.position.Load()
	// Own decisions Redis took before the stream's end is read are in the
	// snapshot (or lifted from it) and before where reading resumes.
	acked := n.acked.Load()
	last, first, trimmed, legacyTrim, err := n.streamState(ctx)
	if err != nil {
		return err
	}
	var why string
	// lost: Redis lost its data (or is another one). Its snapshot then
	// holds what the nodes published since (each publishes its own bans
	// again when it notices, epoch.go), so a ban missing from it was not
	// lifted: it is kept (Snapshot false: nothing else is lifted). Before,
	// every other node's ban the snapshot lacked was lifted here, for
	// good when its node was down (TestClusterKeepsBansAfterRedisLostData).
	lost := false
	switch {
	case pos == "":
		why = "first start in this cluster"
	case compareIDs(pos, last) > 0:
		why = fmt.Sprintf("position %s is past the stream's end %s: Redis lost its data or is another one", pos, last)
		lost = true
	case compareIDs(trimmed, pos) > 0 || (legacyTrim && compareIDs(pos, first) < 0):
		why = fmt.Sprintf("the stream was trimmed past position %s (it starts at %s)", pos, first)
	default:
		return nil
	}
	bans, err := n.readSnapshot(ctx)
	if err != nil {
		return err
	}
	n.live.forgetThrough(acked)
	if n.live.count.Load() > 0 {
		// A ban an own unban not published yet lifts stays lifted here.
		bans = slices.DeleteFunc(bans, func(d Decision) bool { return n.live.lifted(d.Prefix, 0) })
	}
	if err := n.opts.Apply(ctx, Batch{Decisions: bans, Snapshot: !lost, Offset: n.Offset()}); err != nil {
		return fmt.Errorf("apply snapshot: %w", err)
	}
	n.snapshots.Add(1)
	n.log.Info("loaded the cluster's ban snapshot", "bans", len(bans), "why", why)
	// Read on from the stream's end as it was; the saver saves it once
	// the snapshot is durable.
	n.position.Store(&last)
	n.unsaved = last
	return nil
}

// streamState returns the last id the stream ever had, its first entry's
// id, the newest id the publish script trimmed ("0-0" if none), and
// whether entries were trimmed otherwise (more were added than it holds:
// a stream trimmed by an older version, without the mark). A missing
// stream is "0-0", "0-0", "0-0", false.
func (n *Node) streamState(ctx context.Context) (last, first, trimmed string, legacyTrim bool, err error) {
	var info *redis.XInfoStreamCmd
	var mark *redis.StringCmd
	_, perr := n.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		info = p.XInfoStream(ctx, n.k.stream)
		mark = p.Get(ctx, n.k.trimmed)
		return nil
	})
	trimmed, err = mark.Result()
	switch {
	case errors.Is(err, redis.Nil):
		trimmed = "0-0"
	case err != nil:
		return "", "", "", false, fmt.Errorf("read stream state: %w", err)
	}
	st, err := info.Result()
	if err != nil {
		if strings.Contains(err.Error(), "no such key") {
			return "0-0", "0-0", trimmed, false, nil
		}
		return "", "", "", false, fmt.Errorf("read stream state: %w", err)
	}
	if st == nil {
		return "", "", "", false, fmt.Errorf("read stream state: %w", perr)
	}
	first = firstNonEmpty(st.FirstEntry.ID, st.LastGeneratedID)
	legacyTrim = st.EntriesAdded > st.Length && trimmed == "0-0"
	return firstNonEmpty(st.LastGeneratedID, "0-0"), firstNonEmpty(first, "0-0"), trimmed, legacyTrim, nil
}

// readSnapshot reads every active ban of the cluster, this node's own
// included (a node that lost its store gets its own bans back too).
func (n *Node) readSnapshot(ctx context.Context) ([]Decision, error) {
	now, err := n.rdb.Time(ctx).Result()
	if err != nil {
		return nil, fmt.Errorf("read redis time: %w", err)
	}
	nowMs := now.UnixMilli()
	// The keys of the current generation: those of an older one were
	// lifted by an unban --all. The stream is read on from where it was
	// before this (catchUp), so an unban --all meanwhile is applied after.
	gen, err := generation(ctx, n.rdb, n.k)
	if err != nil {
		return nil, fmt.Errorf("read ban snapshot: %w", err)
	}
	// Bans inside a network unban whose keys are not deleted yet are
	// lifted (unbans.go).
	unbans, _, err := readUnbans(ctx, n.rdb, n.k, gen)
	if err != nil {
		return nil, fmt.Errorf("read ban snapshot: %w", err)
	}
	var out []Decision
	var cursor uint64
	for {
		ks, next, err := n.rdb.Scan(ctx, cursor, n.k.banGenPattern(gen), 2000).Result()
		if err != nil {
			return nil, fmt.Errorf("read ban snapshot: %w", err)
		}
		if len(ks) > 0 {
			vals, err := n.rdb.MGet(ctx, ks...).Result()
			if err != nil {
				return nil, fmt.Errorf("read ban snapshot: %w", err)
			}
			for i, v := range vals {
				raw, ok := v.(string)
				if !ok {
					continue // expired between SCAN and MGET
				}
				d, err := Decode([]byte(raw))
				if err != nil || d.Op != OpBan || n.k.ban(gen, d.Prefix) != ks[i] {
					n.malformed.Add(1)
					continue
				}
				if d.Expires != 0 && d.Expires <= nowMs || liftedBy(unbans, d) {
					continue
				}
				out = append(out, d)
			}
		}
		if next == 0 {
			return out, nil
		}
		cursor = next
	}
}

// compareIDs orders stream ids ("ms-seq").
func compareIDs(a, b string) int {
	am, as := splitID(a)
	bm, bs := splitID(b)
	switch {
	case am != bm:
		if am < bm {
			return -1
		}
		return 1
	case as != bs:
		if as < bs {
			return -1
		}
		return 1
	}
	return 0
}

func splitID(id string) (ms, seq uint64) {
	a, b, _ := strings.Cut(id, "-")
	ms, _ = strconv.ParseUint(a, 10, 64)
	seq, _ = strconv.ParseUint(b, 10, 64)
	return ms, seq
}
