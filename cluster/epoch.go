package cluster

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Redis can lose the cluster's data while the nodes run: FLUSHALL, a
// restart without persistence, a failover to an empty replica, another
// server behind the same address. The stream, the snapshot and the
// published numbers are then gone. A node would go on (its follower reads
// the new stream's entries, whose ids are later), but nothing noticed:
// the snapshot a node joining later reads missed every ban decided before,
// and the own decisions this node waited to read back from the lost
// stream (liveOwn) were never read back, so an own unban among them
// kept every later ban of another node inside it from being applied here.
//
// So the cluster has an epoch: a random value in the epoch key, set by the
// first node that finds none. Each node remembers the one it saw (in
// cluster.db, across restarts) and reads it at every heartbeat; when it
// differs, Redis lost its data since, and the node forgets its own
// decisions Redis took (they will not be read back) and publishes its own
// active bans again (Options.OwnBans), which rebuilds the snapshot (and
// reaches the other nodes: a ban held as long already is skipped there).
// Every node does it for its own bans; a node that is down does it when it
// starts (TestFlushAllRepublishesAndForgets).

// Publishing them at once was wrong: a node that was down during the loss
// republished, at its first beat, bans another node had lifted after the
// loss, before its follower applied that unban, and the lifted ban was back
// on every node and in the snapshot (TestReviewBEpochRepublishResurrects-
// UnbanAfterLoss, review rr-B). So a node notes the new stream's end when
// it notices, lets its follower apply everything up to there, and only then
// reads its own bans, those still active here, and publishes them; the
// epoch is saved after that, so a crash meanwhile notices it again.
//
// It forgets only its own decisions sent before the loss: those sent into
// the new stream (newFrom on) are read back like any other, and forgetting
// them let an older ban of another node inside an own later unban be
// applied here (TestReviewBLostDataForgetsOwnDecisionsOfNewEpoch).
//
// Redis rolled back to an older save (RDB persistence, restarted) keeps
// the epoch key: at every beat the node compares Redis's published number
// for it with the last one Redis took (acked, kept in cluster.db); lower is
// a loss too (TestReviewBRDBRollbackLosesAckedBan). The sender notices it
// also, when its first entry finds the lower number (regressed).

// recovery is a data loss noticed and not handled yet.
type recovery struct {
	epoch  string // the new epoch ("" for a rollback under the same epoch)
	target string // the stream's last id when noticed
}

// checkEpoch reads the cluster's epoch (setting one if there is none),
// checks Redis's published number for this node, and acts on a loss.
func (n *Node) checkEpoch(ctx context.Context) error {
	cur, err := n.rdb.Get(ctx, n.k.epoch).Result()
	if errors.Is(err, redis.Nil) {
		if err := n.rdb.SetNX(ctx, n.k.epoch, rand.Text(), 0).Err(); err != nil {
			return fmt.Errorf("set cluster epoch: %w", err)
		}
		cur, err = n.rdb.Get(ctx, n.k.epoch).Result()
	}
	if err != nil {
		return fmt.Errorf("read cluster epoch: %w", err)
	}
	if n.epoch == "" {
		if err := n.out.setEpoch(cur); err != nil {
			return err // noticed again at the next beat
		}
		n.epoch = cur
	}
	switch {
	case cur != n.epoch && (n.recovery == nil || n.recovery.epoch != cur):
		if err := n.noticeLoss(ctx, cur, true); err != nil {
			return err
		}
	case n.recovery == nil:
		// Same epoch: a rollback? Skipped while a send is in flight (its
		// numbers are in motion); the sender notices it too.
		if !n.sendMu.TryLock() {
			return nil
		}
		if n.regressed.Load() {
			n.sendMu.Unlock()
			return n.noticeLoss(ctx, cur, false)
		}
		had, err := n.publishedHere(ctx)
		if err != nil {
			n.sendMu.Unlock()
			return err
		}
		if had >= n.acked.Load() {
			n.newFrom.Store(0) // no loss: a number recorded earlier is stale
			n.sendMu.Unlock()
			return nil
		}
		n.sendMu.Unlock()
		if err := n.noticeLoss(ctx, cur, false); err != nil {
			return err
		}
	}
	return n.recover(ctx)
}

// publishedHere is Redis's published number for this node (0: none).
func (n *Node) publishedHere(ctx context.Context) (uint64, error) {
	had, err := n.rdb.HGet(ctx, n.k.published, n.cfg.Node).Uint64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read published number: %w", err)
	}
	return had, nil
}

// noticeLoss starts handling a loss: the own decisions sent before it are
// forgotten (they will not be read back), and the stream's end is noted.
func (n *Node) noticeLoss(ctx context.Context, epoch string, epochChanged bool) error {
	last, _, _, _, err := n.streamState(ctx)
	if err != nil {
		return err
	}
	n.sendMu.Lock()
	had, err := n.publishedHere(ctx)
	if err != nil {
		n.sendMu.Unlock()
		return err
	}
	through := n.acked.Load()
	if f := n.newFrom.Load(); f != 0 && f <= had {
		through = min(through, f-1) // sent after the loss: in the new stream
	}
	n.live.forgetThrough(through)
	n.newFrom.Store(0)
	n.regressed.Store(false)
	n.acked.Store(had)
	if err := n.out.setAcked(had); err != nil {
		n.log.Error("cluster: save the published number after a loss", "err", err)
	}
	n.sendMu.Unlock()
	n.epochs.Add(1)
	if !epochChanged {
		epoch = ""
	}
	n.recovery = &recovery{epoch: epoch, target: last}
	n.log.Warn("redis lost this node's published decisions (its epoch changed or its published number went back): its own active bans are published again once the stream is applied up to its end", "epoch_changed", epochChanged, "stream_end", last)
	return nil
}

// recover publishes the own active bans once the follower has applied the
// stream up to where it ended when the loss was noticed.
func (n *Node) recover(ctx context.Context) error {
	r := n.recovery
	if r == nil {
		return nil
	}
	if pos := *n.position.Load(); pos == "" || compareIDs(pos, r.target) < 0 {
		return nil // next beat
	}
	var ds []Decision
	var err error
	if n.opts.OwnBans != nil {
		ds, err = n.opts.OwnBans(ctx)
	}
	if err != nil {
		n.log.Error("redis lost the cluster's data, and this node's own bans could not be read to publish them again (retried at the next beat)", "err", err)
		return nil
	}
	n.log.Warn("redis lost the cluster's data: publishing this node's own active bans again", "bans", len(ds))
	n.Publish(ds...)
	if r.epoch != "" {
		if err := n.out.setEpoch(r.epoch); err != nil {
			n.log.Error("cluster: save the epoch", "err", err)
		}
		n.epoch = r.epoch
	}
	n.recovery = nil
	return nil
}
