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
// Redis in one pipeline (HINCRBY into the current window bucket's hash,
// HMGET of the previous one) and the cluster totals come back. The total over
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
	rules map[string]*Rule
}

// Rule is one cluster-scoped rule's local table: the counts since the last
// flush, by client. Guarded by the Counter's mutex.
type Rule struct {
	id     string
	window time.Duration
	counts map[netip.Prefix]int64
}

// Total is one client's cluster-wide count for one rule after a flush.
type Total struct {
	Rule   string
	Client netip.Prefix
	Count  float64
}

// Counter returns the node's counter; it shares the node's connection.
func (n *Node) Counter() *Counter {
	return &Counter{rdb: n.rdb, k: n.k, offset: n.Offset, rules: map[string]*Rule{}}
}

// Rule returns the table of rule id (with its window), made on first use.
// The hot path keeps the handle: Add is then a map increment.
func (c *Counter) Rule(id string, window time.Duration) *Rule {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rules[id]
	if r == nil || r.window != window {
		r = &Rule{id: id, window: window, counts: map[netip.Prefix]int64{}}
		c.rules[id] = r
	}
	return r
}

// Add counts one event of r for client.
func (c *Counter) Add(r *Rule, client netip.Prefix) {
	c.mu.Lock()
	r.counts[client]++
	c.mu.Unlock()
}

// Flush sends the counts gathered since the last flush and returns the
// cluster totals of the clients that were counted. A failed flush loses
// that batch of counts (a rule then judges as if fewer requests were seen;
// the local detector's own rules are unaffected).
func (c *Counter) Flush(ctx context.Context, now time.Time) ([]Total, error) {
	redisNow := now.Add(-c.offset()).UnixMilli()
	type group struct {
		rule      string
		window    time.Duration
		bucket    int64
		elapsedMs int64
		counts    map[netip.Prefix]int64
		clients   []netip.Prefix
		cur       []*redis.IntCmd
		prev      *redis.SliceCmd
	}
	var groups []*group
	c.mu.Lock()
	for _, r := range c.rules {
		if len(r.counts) == 0 {
			continue
		}
		w := max(r.window.Milliseconds(), 1)
		g := &group{rule: r.id, window: r.window, bucket: redisNow / w, counts: r.counts}
		g.elapsedMs = redisNow - g.bucket*w
		r.counts = make(map[netip.Prefix]int64, len(g.counts))
		groups = append(groups, g)
	}
	c.mu.Unlock()
	if len(groups) == 0 {
		return nil, nil
	}
	// One hash per rule and window bucket, a field per client: a flush is
	// one HINCRBY per client counted, one PEXPIRE per bucket and one HMGET
	// of the previous bucket per rule, in one pipeline.
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, g := range groups {
			cur := c.k.counter(g.rule, g.bucket)
			fields := make([]string, 0, len(g.counts))
			for cl, n := range g.counts {
				g.clients = append(g.clients, cl)
				fields = append(fields, cl.String())
				g.cur = append(g.cur, p.HIncrBy(ctx, cur, fields[len(fields)-1], n))
			}
			p.PExpire(ctx, cur, 2*g.window+time.Second)
			g.prev = p.HMGet(ctx, c.k.counter(g.rule, g.bucket-1), fields...)
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, fmt.Errorf("cluster counts: %w", err)
	}
	var out []Total
	for _, g := range groups {
		weight := max(1-float64(g.elapsedMs)/float64(max(g.window.Milliseconds(), 1)), 0)
		prev := g.prev.Val()
		for i, cl := range g.clients {
			var p int64
			if i < len(prev) {
				if s, ok := prev[i].(string); ok {
					p, _ = strconv.ParseInt(s, 10, 64)
				}
			}
			out = append(out, Total{Rule: g.rule, Client: cl, Count: float64(g.cur[i].Val()) + float64(p)*weight})
		}
	}
	return out, nil
}

// Reset forgets a client's count for a rule in the current and previous
// bucket (after a ban, the count starts again, as the detector's does).
func (c *Counter) Reset(ctx context.Context, now time.Time, rule string, window time.Duration, client netip.Prefix) error {
	w := max(window.Milliseconds(), 1)
	bucket := now.Add(-c.offset()).UnixMilli() / w
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HDel(ctx, c.k.counter(rule, bucket), client.String())
		p.HDel(ctx, c.k.counter(rule, bucket-1), client.String())
		return nil
	})
	return err
}
