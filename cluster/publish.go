package cluster

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// entryDecisions is how many decisions one stream entry carries (field
// "b", payloads joined by newlines). A burst of 100,000 bans is then 1,000
// stream entries instead of 100,000: Redis appends, trims and sends far
// less, and every reader parses 1,000 replies instead of 100,000 (the
// client's parsing and its garbage were most of a follower's CPU). One
// decision still travels alone (field "d"), so a single ban is not
// delayed by waiting for company.
const entryDecisions = 100

// publishChunk is how many decisions one pipeline carries: a burst of
// 100,000 takes 10 round trips.
const publishChunk = 10_000

// publish sends queued decisions (in sequence order) to Redis: each goes
// to the stream and, for a ban, to its snapshot key, which Redis expires
// itself at the ban's end (PXAT, Redis time); an unban deletes the keys
// of the bans it lifted. The snapshot keys of an entry are written before
// the entry, on one connection (Redis runs a connection's commands in
// order), so a reader never sees a stream entry whose snapshot keys are
// missing; no MULTI is needed for that, and without it a chunk is one
// pipelined round trip. A decision sent twice (a lost reply, a crash
// before the queue was trimmed) is in the stream twice; readers drop the
// second by node and sequence number.
//
// With replicas (Sentinel), waitReplicas > 0 ends each chunk with WAIT:
// a chunk counts as sent once a replica has it too, so a failover right
// after cannot lose what the queue already let go. unreplicated reports
// the decisions no replica acknowledged in time (they were sent anyway).
func publish(ctx context.Context, rdb redis.UniversalClient, k keys, maxLen int, ds []queued, waitReplicas int) (sent, unreplicated int, err error) {
	var buf []byte
	for len(ds) > 0 {
		n := min(len(ds), publishChunk)
		// An unban of everything ends its chunk: the snapshot is emptied
		// after the chunk, and must not lose bans decided after it.
		for i, q := range ds[:n] {
			if q.d.Op == OpUnbanAll {
				n = i + 1
				break
			}
		}
		var unbanAll bool
		var wait *redis.Cmd
		_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			chunk := ds[:n]
			for len(chunk) > 0 {
				m := min(len(chunk), entryDecisions)
				entry := chunk[:m]
				chunk = chunk[m:]
				buf = buf[:0]
				for i, q := range entry {
					if i > 0 {
						buf = append(buf, '\n')
					}
					buf = append(buf, q.payload...)
					unbanAll = snapshotOps(ctx, p, k, q) || unbanAll
				}
				field := "b"
				if m == 1 {
					field = "d"
				}
				// The arguments are copied into the command: buf is reused.
				keep := streamEntries(maxLen, m)
				p.XAdd(ctx, &redis.XAddArgs{Stream: k.stream, MaxLen: keep, Approx: keep >= 1000, Values: []any{field, string(buf)}})
			}
			if waitReplicas > 0 {
				wait = p.Do(ctx, "wait", waitReplicas, replicaWait.Milliseconds())
			}
			return nil
		})
		if err != nil {
			return sent, unreplicated, fmt.Errorf("publish %d decisions: %w", n, err)
		}
		if wait != nil {
			if got, _ := wait.Int64(); got < int64(waitReplicas) {
				unreplicated += n
			}
		}
		if unbanAll {
			if err := deleteBans(ctx, rdb, k); err != nil {
				return sent, unreplicated, err
			}
		}
		sent += n
		ds = ds[n:]
	}
	return sent, unreplicated, nil
}

// streamEntries is the MAXLEN of an entry of m decisions: the stream is
// kept to about maxLen decisions, counting every entry as full as this
// one (a burst's entries then trim the stream to maxLen/100 entries, a
// trickle of single decisions to maxLen). Trimming is approximate (whole
// radix-tree nodes, cheap) except for small limits, where it would never
// trim at all.
func streamEntries(maxLen, m int) int64 {
	return int64(max(1, (maxLen+m-1)/m))
}

// replicaWait bounds how long a chunk waits for a replica: a replica that
// is down must not stop publishing (the chunk is then counted as
// unreplicated, and still sent).
const replicaWait = time.Second

// snapshotOps queues the snapshot change of one decision; it says whether
// the decision lifts every ban (done after the pipeline, with SCAN).
func snapshotOps(ctx context.Context, p redis.Pipeliner, k keys, q queued) (unbanAll bool) {
	switch q.d.Op {
	case OpBan:
		key := k.ban(q.d.Prefix)
		if q.d.Expires == 0 {
			p.Set(ctx, key, q.payload, 0)
		} else {
			p.SetArgs(ctx, key, q.payload, redis.SetArgs{ExpireAt: time.UnixMilli(q.d.Expires)})
		}
	case OpUnban:
		keys := make([]string, 0, len(q.d.Lifted)+1)
		keys = append(keys, k.ban(q.d.Prefix))
		for _, l := range q.d.Lifted {
			keys = append(keys, k.ban(l))
		}
		p.Del(ctx, keys...)
	case OpUnbanAll:
		return true
	}
	return false
}

// deleteBans empties the snapshot (unban --all).
func deleteBans(ctx context.Context, rdb redis.UniversalClient, k keys) error {
	iter := rdb.Scan(ctx, 0, k.banPattern(), 1000).Iterator()
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := rdb.Unlink(ctx, batch...).Err()
		batch = batch[:0]
		return err
	}
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return fmt.Errorf("unban all: %w", err)
			}
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("unban all: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("unban all: %w", err)
	}
	return nil
}
