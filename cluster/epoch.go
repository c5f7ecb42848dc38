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

// checkEpoch reads the cluster's epoch (setting one if there is none) and
// acts on a change.
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
	if cur == n.epoch {
		return nil
	}
	prev := n.epoch
	if prev != "" {
		n.lostData(ctx)
	}
	if err := n.out.setEpoch(cur); err != nil {
		return err // noticed again at the next beat
	}
	n.epoch = cur
	return nil
}

// lostData handles Redis having lost the cluster's data (checkEpoch).
func (n *Node) lostData(ctx context.Context) {
	n.live.forgetThrough(n.acked.Load())
	n.epochs.Add(1)
	var ds []Decision
	var err error
	if n.opts.OwnBans != nil {
		ds, err = n.opts.OwnBans(ctx)
	}
	if err != nil {
		n.log.Error("redis lost the cluster's data (its epoch changed), and this node's own bans could not be read to publish them again", "err", err)
		return
	}
	n.log.Warn("redis lost the cluster's data (its epoch changed): publishing this node's own active bans again", "bans", len(ds))
	n.Publish(ds...)
}
