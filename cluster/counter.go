package cluster

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Counter combines the counts of cluster-scoped rules (scope = "cluster")
// across nodes. A node adds to a local table on its hot path (a map
// increment under a mutex); every batch interval the table is sent to
// Redis in one pipeline (INCRBY + PEXPIRE of the current window bucket,
// GET of the previous one) and the cluster totals come back. The total over
// the rule's window is the current bucket plus the previous one weighted
// by how much of it still lies in the window (a sliding window estimated
// from two fixed ones). Counts are late by at most one batch interval
// plus a round trip: a burst split over nodes is seen whole that much
// later than a node would see its own share.
type Counter struct {
	rdb    redis.UniversalClient
	k      keys
	offset func() time.Duration // local minus Redis clock

	mu    sync.Mutex
	local map[countKey]int64
}

type countKey struct {
	rule   string
	client netip.Prefix
	window time.Duration
}

// Total is one client's cluster-wide count for one rule after a flush.
type Total struct {
	Rule   string
	Client netip.Prefix
	Count  float64
}

// Counter returns the node's counter; it shares the node's connection.
func (n *Node) Counter() *Counter {
	return &Counter{rdb: n.rdb, k: n.k, offset: n.Offset, local: map[countKey]int64{}}
}

// Add counts one event of rule for client; window is the rule's window.
func (c *Counter) Add(rule string, window time.Duration, client netip.Prefix) {
	c.mu.Lock()
	c.local[countKey{rule, client, window}]++
	c.mu.Unlock()
}

// Flush sends the counts gathered since the last flush and returns the
// cluster totals of the clients that were counted. A failed flush loses
// that batch of counts (a rule then judges as if fewer requests were seen;
// the local detector's own rules are unaffected).
func (c *Counter) Flush(ctx context.Context, now time.Time) ([]Total, error) {
	c.mu.Lock()
	batch := c.local
	if len(batch) == 0 {
		c.mu.Unlock()
		return nil, nil
	}
	c.local = make(map[countKey]int64, len(batch))
	c.mu.Unlock()

	redisNow := now.Add(-c.offset()).UnixMilli()
	type pending struct {
		key       countKey
		cur       *redis.IntCmd
		prev      *redis.StringCmd
		elapsedMs int64
	}
	ps := make([]pending, 0, len(batch))
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for key, n := range batch {
			w := key.window.Milliseconds()
			if w <= 0 {
				w = 1
			}
			bucket := redisNow / w
			cur := c.k.counter(key.rule, key.client, bucket)
			pd := pending{key: key, elapsedMs: redisNow - bucket*w}
			pd.cur = p.IncrBy(ctx, cur, n)
			p.PExpire(ctx, cur, 2*key.window+time.Second)
			pd.prev = p.Get(ctx, c.k.counter(key.rule, key.client, bucket-1))
			ps = append(ps, pd)
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("cluster counts: %w", err)
	}
	out := make([]Total, 0, len(ps))
	for _, pd := range ps {
		cur := pd.cur.Val()
		prev, _ := strconv.ParseInt(pd.prev.Val(), 10, 64)
		w := float64(max(pd.key.window.Milliseconds(), 1))
		weight := 1 - float64(pd.elapsedMs)/w
		out = append(out, Total{Rule: pd.key.rule, Client: pd.key.client, Count: float64(cur) + float64(prev)*max(weight, 0)})
	}
	return out, nil
}

// Reset forgets a client's count for a rule in the current and previous
// bucket (after a ban, the count starts again, as the detector's does).
func (c *Counter) Reset(ctx context.Context, now time.Time, rule string, window time.Duration, client netip.Prefix) error {
	w := max(window.Milliseconds(), 1)
	bucket := now.Add(-c.offset()).UnixMilli() / w
	return c.rdb.Del(ctx, c.k.counter(rule, client, bucket), c.k.counter(rule, client, bucket-1)).Err()
}
