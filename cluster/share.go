package cluster

import (
	"context"
	"encoding/json"
	"net/netip"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The share protocol. Sending every client's counts every batch cost
// Redis a read and a write per distinct client of a batch (700-1,450 ns
// of its CPU per counted line when every line is a new client of its
// batch), whether or not the client was anywhere near the limit. Instead
// a node holds a client's counts (heldTable) until they reach its share,
// share = max(1, limit / (2 N)) with N the live nodes (heartbeats of the
// last aliveWithin), and sends them then: at most N x (share-1) < limit/2
// events of a client are held over all the nodes at a flush. Redis marks
// a client hot once its combined total reaches half the limit (or it is
// claimed): it adds the client to the rule's hot set, numbered by a
// counter, and every node reads the clients marked since its last read
// at each flush, then sends every count of a hot client every batch, as
// the protocol before did for all, for two windows after it learned it
// (a total that is not refreshed has left the sliding window by then).
//
// So a client's combined count C is over the limit only once it is hot:
// before, Redis holds under limit/2 and the nodes under limit/2 more.
// From the flush of each node after the client became hot, its counts
// reach Redis every batch: the total is late by one batch interval and a
// round trip, as before, except that the flush in which a node learns
// the client is hot may come up to one batch interval after the mark
// (the mark lands while its flush is under way). A client whose count
// goes from under half the limit to over it within one batch interval is
// thus decided at most one batch interval later than before (two batch
// intervals and two round trips after its combined count passed the
// limit); one that nears the limit gradually is decided as before. A
// client under the limit is never counted higher than before: nothing is
// sent twice, and held counts go to the bucket they belong to.

// hotFetchMax is the most hot clients one read takes (the next flush
// reads on from there).
const hotFetchMax = 100_000

// maxHot bounds a rule's hot set in Redis; the oldest marks go first.
const maxHot = 1 << 20

// share is how many events of one client a node holds before it sends
// them.
func (r *Rule) share(nodes int) uint64 {
	return uint64(max(1, r.limit/(2*max(nodes, 1))))
}

// isHot reports whether k is hot on this node at nowMs (local).
func (r *Rule) isHot(k countKey, nowMs int64) bool {
	if len(r.hot) == 0 {
		return false
	}
	end, ok := r.hot[k]
	return ok && end > nowMs
}

// learnHot marks k hot until two windows from nowMs; it returns whether k
// was not hot before (its held counts are then sent at once).
func (r *Rule) learnHot(k countKey, nowMs int64) bool {
	was := r.isHot(k, nowMs)
	r.hot[k] = nowMs + 2*r.window.Milliseconds()
	return !was
}

// dropExpiredHot forgets the hot clients whose two windows are over.
func (r *Rule) dropExpiredHot(nowMs int64) {
	for k, end := range r.hot {
		if end <= nowMs {
			delete(r.hot, k)
		}
	}
}

// fetchHot reads, for each rule of rs, the clients marked hot since the
// last read (one pipeline: the mark counter and the set's new members),
// and puts those that were not hot on this node in the rule's fresh list.
// A failed read changes nothing: the next flush reads on from the same
// place.
func (c *Counter) fetchHot(ctx context.Context, rs []*Rule, nowMs int64) {
	if len(rs) == 0 {
		return
	}
	seqs := make([]*redis.StringCmd, len(rs))
	sets := make([]*redis.ZSliceCmd, len(rs))
	_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, r := range rs {
			seqs[i] = p.Get(ctx, c.k.hotSeq(r.id))
			sets[i] = p.ZRangeArgsWithScores(ctx, redis.ZRangeArgs{Key: c.k.hot(r.id), ByScore: true,
				Start: "(" + strconv.FormatUint(r.hotSeen, 10), Stop: "+inf", Count: hotFetchMax})
		}
		return nil
	})
	for i, r := range rs {
		seq, err := seqs[i].Uint64()
		if err != nil && err != redis.Nil {
			continue
		}
		if seq < r.hotSeen {
			// The counter went back: Redis lost it (restarted without
			// its data). Read the set from its start next time.
			r.hotSeen = 0
		}
		zs, err := sets[i].Result()
		if err != nil {
			continue
		}
		for _, z := range zs {
			s, _ := z.Member.(string)
			p, err := netip.ParsePrefix(s)
			if err != nil || p != p.Masked() || z.Score < 0 {
				c.malformed.Add(1)
				continue
			}
			if k := keyOf(p); r.learnHot(k, nowMs) {
				r.fresh = append(r.fresh, k)
			}
			r.hotSeen = max(r.hotSeen, uint64(z.Score))
		}
	}
}

// report appends to c.buf the clients of r that are to be sent now, with
// their held counts (which it clears): those this flush counted whose
// held counts reached the share or that are hot, and those that became
// hot in this flush's read and hold counts; all of them when the table
// holds more than maxHeld clients (which then starts empty). It calls
// flush whenever chunksPerTrip chunks of chunkClients clients are ready.
func (c *Counter) report(r *Rule, share uint64, nowMs int64, flush func()) {
	h := r.held
	n := 0
	add := func(j int) {
		c.buf = appendReport(c.buf, &h.keys[j], h.counts[j], h.prev[j])
		h.counts[j], h.prev[j] = 0, 0
		if n++; n == chunkClients {
			c.bounds = append(c.bounds, len(c.buf))
			n = 0
			if len(c.bounds) == chunksPerTrip {
				flush()
			}
		}
	}
	spill := h.len() > c.maxHeld
	for _, j := range h.touched {
		if spill || uint64(h.counts[j])+uint64(h.prev[j]) >= share || r.isHot(h.keys[j], nowMs) {
			add(int(j))
		}
	}
	for _, k := range r.fresh {
		if j := h.find(k); j >= 0 && h.counts[j]+h.prev[j] > 0 {
			add(j)
		}
	}
	r.fresh = r.fresh[:0]
	if spill {
		for j := range h.keys {
			if h.counts[j]+h.prev[j] > 0 {
				add(j)
			}
		}
	}
	if n > 0 {
		c.bounds = append(c.bounds, len(c.buf))
	}
	if len(c.bounds) > 0 {
		flush()
	}
	switch {
	case spill:
		h.truncate(0)
	case share == 1:
		// Nothing is held at a share of 1: every client counted was
		// sent. The index is cleared as the per-flush table's was (and
		// shrinks after a burst).
		h.clear()
	}
}

// maxHeld bounds the clients a rule's table holds counts of (about 60
// bytes each, 16 MB): past it the node sends every count it holds, as if
// each client were at its share, and starts an empty table. A spray of
// distinct clients then costs Redis what every client cost before the
// shares: one read and write of its field.
const maxHeld = 1 << 18

// liveWithin: heartbeats this recent count a node as live for the
// shares.
const liveWithin = aliveWithin

// countLive counts the heartbeats of the nodes hash written within
// liveWithin of redisNow (at least 1: this node).
func countLive(beats []string, redisNow time.Time) int {
	n := 0
	for _, raw := range beats {
		ms, ok := redisMsOf(raw)
		if ok && redisNow.Sub(time.UnixMilli(ms)) <= liveWithin {
			n++
		}
	}
	return max(n, 1)
}

// redisMsOf reads the redis_ms field of a heartbeat's JSON.
func redisMsOf(raw string) (int64, bool) {
	var hb struct {
		RedisMs int64 `json:"redis_ms"`
	}
	if err := json.Unmarshal([]byte(raw), &hb); err != nil {
		return 0, false
	}
	return hb.RedisMs, true
}
