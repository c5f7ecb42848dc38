package cluster

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// publishChunk is how many decisions one MULTI/EXEC carries: a burst of
// 100,000 takes 100 round trips, and no single transaction holds Redis
// for long.
const publishChunk = 1000

// publish sends queued decisions (in sequence order) to Redis: each goes
// to the stream and, for a ban, to its snapshot key, which Redis expires
// itself at the ban's end (PXAT, Redis time); an unban deletes the keys
// of the bans it lifted. A chunk is one MULTI/EXEC, so a reader never sees
// a stream entry without its snapshot key. A decision sent twice (a lost
// reply, a crash before the queue was trimmed) is in the stream twice;
// readers drop the second by node and sequence number.
func publish(ctx context.Context, rdb redis.UniversalClient, k keys, maxLen int, ds []queued) (int, error) {
	sent := 0
	for len(ds) > 0 {
		n := min(len(ds), publishChunk)
		var unbanAll bool
		_, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for _, q := range ds[:n] {
				p.XAdd(ctx, &redis.XAddArgs{Stream: k.stream, MaxLen: int64(maxLen), Approx: true, Values: []any{"d", q.payload}})
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
					unbanAll = true
				}
			}
			return nil
		})
		if err != nil {
			return sent, fmt.Errorf("publish %d decisions: %w", n, err)
		}
		if unbanAll {
			if err := deleteBans(ctx, rdb, k); err != nil {
				return sent, err
			}
		}
		sent += n
		ds = ds[n:]
	}
	return sent, nil
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
