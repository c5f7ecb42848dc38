package cluster

import "context"

// The snapshot cleanups (keys of a generation an unban --all ended; keys
// inside a network unban, unbans.go) read every ban key of the snapshot:
// with 60,000 of them, seconds. They run in a goroutine of their own, one
// at a time, beside the sender: before, the sender ran them inline after
// the entry that asked for them, and a /8 unban over 60,000 bans other
// nodes decided held every decision of this node after it for ~20 s
// (TestSendDoesNotWaitForUnbanCleanup). Readers do not need them done:
// they ignore a stale generation and honour the unban records.

// kickCleaner asks the cleaner to look at its flags.
func (n *Node) kickCleaner() {
	if !n.staleGeneration.Load() && !n.unbanCleanup.Load() {
		return
	}
	select {
	case n.cleanKick <- struct{}{}:
	default:
	}
}

// cleaner runs the cleanups the sender asks for until ctx is done.
func (n *Node) cleaner(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.cleanKick:
		}
		n.cleanup(ctx)
	}
}

// cleanup runs the cleanups flagged. A failure is logged and flagged
// again: retried after the next send that goes through.
func (n *Node) cleanup(ctx context.Context) {
	if n.staleGeneration.Swap(false) {
		if err := deleteStaleBans(ctx, n.rdb, n.k); err != nil {
			n.staleGeneration.Store(true)
			if ctx.Err() == nil {
				n.log.Warn("stale snapshot keys not deleted (retrying after the next send)", "err", err)
			}
		}
	}
	if n.unbanCleanup.Swap(false) {
		if err := cleanUnbans(ctx, n.rdb, n.k); err != nil {
			n.unbanCleanup.Store(true)
			if ctx.Err() == nil {
				n.log.Warn("snapshot keys inside network unbans not deleted (retrying after the next send)", "err", err)
			}
		}
	}
}
