package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/nodename"
)

// The share protocol. Sending every client's counts every batch cost
// Redis a read and a write per distinct client of a batch (700-1,450 ns
// of its CPU per counted line when every line is a new client of its
// batch), whether or not the client was anywhere near the limit. Instead
// a node holds a client's counts (heldTable) until they reach its share,
// share = max(1, limit / (2 N)) with N the live nodes (heartbeats of the
// last aliveWithin, the largest count of the node's beats of the last
// liveWithin; heartbeat.go), and sends them then: at most N x (share-1) < limit/2
// events of a client are held over all the nodes at a flush. Redis marks
// a client hot once its combined total reaches half the limit (or it is
// claimed): it adds the client to the rule's hot set, numbered by a
// counter, and every node reads the clients marked since its last read
// at each flush, then sends every count of a hot client every batch, as
// the protocol before did for all, for three windows after it learned it
// (hotWindows: the script marks a client again only once its last mark
// is a window old, and a total not marked again has left the sliding
// window two windows after its last count).
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
// reads on from there). Every mark has a number of its own (the script
// numbers a call's marks one by one), so a read cut at hotFetchMax ends
// between two numbers and the next read, after the last number read,
// misses none. Before, a call's marks shared one number and a cut inside
// them skipped the rest for good (TestShareFetchCutsNoMarks).
const hotFetchMax = 100_000

// maxHot bounds a rule's hot set in Redis; the oldest marks go first.
const maxHot = 1 << 20

// maxHotKnown bounds the clients a node knows hot per rule (about 85
// bytes each in the map: 22 MB). Past it the rule is hot for every
// client (hotAll) until three windows after the last mark it could not
// keep: every count is sent every batch, as before the shares, and
// nothing is held, so no hot client's counts are held back. Before,
// the map grew with every client marked: a million clients brought to
// half the limit cost every node 95 MB (TestShareHotKnownBounded).
const maxHotKnown = maxHeld

// share is how many events of one client a node holds before it sends
// them. With no count of the live nodes yet (nodes 0: until ShareGrace
// after the node's first heartbeat, liveForShares) it is 1, every count
// sent: a node counting itself
// alone held up to limit/2 of a client, and nodes starting together
// could let a spread client pass the limit undecided for that second
// (review 9; TestShareColdStartSendsAll).
func (r *Rule) share(nodes int) uint64 {
	if nodes <= 0 {
		return 1
	}
	return uint64(max(1, r.limit/(2*nodes)))
}

// isHot reports whether k is hot on this node at nowMs (local).
func (r *Rule) isHot(k countKey, nowMs int64) bool {
	if r.hotAll > nowMs {
		return true
	}
	if len(r.hot) == 0 {
		return false
	}
	end, ok := r.hot[k]
	return ok && end > nowMs
}

// hotWindows is how many windows a node keeps a client hot after it
// learned its mark. The script marks a client again only once its last
// mark is a window old (hotat), so a client's last count in Redis can
// come up to a window after its last mark, and stays in the sliding
// window two more: three windows from the mark cover it. (When every
// call marked its clients again, two sufficed, but every node read and
// parsed every hot client's mark again at every flush: 3 of the 13-15
// points a node paid while counting clients near their limit.)
const hotWindows = 3

// learnHot marks k hot until hotWindows windows from nowMs; it returns whether k
// was not hot before (its held counts are then sent at once). With
// limit clients known hot already, the rule turns hot for all instead
// (maxHotKnown); the counts it holds then go at the next report.
//
// The map is looked up once (isHot's test on the value read): a node
// learns every client of an attack spread over many clients once a
// window, and each lookup of a 24-byte key in a map of tens of
// thousands is a cache miss (BenchmarkFetchHot).
func (r *Rule) learnHot(k countKey, nowMs int64, limit int) bool {
	return r.learnHotAt(k, -1, nowMs, limit)
}

// learnHotAt is learnHot of the client at place j of the held table (-1:
// found there if it is).
func (r *Rule) learnHotAt(k countKey, j int, nowMs int64, limit int) bool {
	end := nowMs + hotWindows*r.window.Milliseconds()
	old, known := r.hot[k]
	was := r.hotAll > nowMs || (known && old > nowMs) // isHot
	if known || len(r.hot) < limit {
		r.hot[k] = end
		// The next walk is due by this end at the latest: an emptied map
		// left hotNext at MaxInt64 and a clock stepped back left it late
		// (TestShareHotMapWalkedAgainAfterEmptied).
		r.hotNext = min(r.hotNext, end)
		if j < 0 {
			j = r.held.find(k)
		}
		if j >= 0 {
			r.held.hotEnd[j] = end // the map's value, as the table reads it
		}
		return !was
	}
	if r.hotAll <= nowMs {
		r.spillAll = true
	}
	r.hotAll = end
	return false
}

// dropExpiredHot forgets the hot clients whose three windows are over (an
// emptied map is made again: a Go map keeps its size). It walks the map
// only once the earliest end it knows of (hotNext: the smallest end seen at
// the last walk, lowered by every client learned since) has come: before
// that nothing has expired. Before, a node that knew maxHotKnown
// clients hot (a spray at half the limit) walked the whole map at every
// read of the marks, a few ms a flush, with nothing to drop
// (TestShareHotMapWalkedOnlyWhenDue).
func (r *Rule) dropExpiredHot(nowMs int64) {
	if nowMs < r.hotNext {
		return
	}
	r.hotWalks++
	next := int64(math.MaxInt64)
	for k, end := range r.hot {
		if end <= nowMs {
			delete(r.hot, k)
		} else {
			next = min(next, end)
		}
	}
	r.hotNext = next
	if len(r.hot) == 0 {
		r.hot = map[countKey]int64{}
	}
}

// maxMarkNumber is the largest mark number taken as one (the script's
// numbers are exact doubles far below it).
const maxMarkNumber = 1 << 52

// fetchHot reads, for each rule of rs, the clients marked hot since the
// last read (one pipeline: the set's new members, then the mark counter,
// then the epoch), and puts those that were not hot on this node in the
// rule's fresh list. A failed read changes nothing: the next flush reads
// on from the same place.
//
// The counter is read after the set, so every mark the read returns is
// numbered at or under it (a script runs whole): a member numbered
// above it, or not a whole number, or whose name is not a canonical
// prefix, is not the script's. It is counted as malformed once and
// removed (compare-and-delete: a good name keeps a mark made since the
// read), and a good name is taken as hot all the same (a mark sends
// more, never less). Before, a bad member above the good ones was read
// and counted again at every flush, and a huge number made the node's
// place jump past the counter and back to 0 at every flush.
//
// Redis that lost its data numbers marks from 1 again: a node whose
// place was under the new counter (other nodes' marks ran it up) missed
// the marks numbered before its place. So the epoch (epoch.go) is read
// too, and a node that finds it changed (or gone) reads the set from its
// start (TestShareSeqAfterLossReadFromStart).
func (c *Counter) fetchHot(ctx context.Context, rs []*Rule, nowMs int64) {
	if len(rs) == 0 {
		return
	}
	seqs := make([]*redis.StringCmd, len(rs))
	checks := make([]*redis.FloatCmd, len(rs))
	sets := make([][]*redis.RawCmd, len(rs))
	var epoch *redis.StringCmd
	_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, r := range rs {
			// The marks numbered between this node's own (ownmarks.go),
			// each range's raw reply walked in place (hotread.go).
			gaps := r.gaps()
			if r.ownCheck.set {
				// The newest own mark still there: no rollback lost the own
				// marks the place and ranges pass over (ownmarks.go).
				checks[i] = p.ZScore(ctx, c.k.hot(r.id), string(r.ownCheck.key.appendPrefix(nil)))
			}
			sets[i] = make([]*redis.RawCmd, len(gaps))
			for g, gap := range gaps {
				to := "+inf"
				if gap.hi != 0 {
					to = "(" + strconv.FormatUint(gap.hi, 10)
				}
				sets[i][g] = redis.NewRawCmd(ctx, "zrange", c.k.hot(r.id), "("+strconv.FormatUint(gap.lo, 10), to,
					"byscore", "limit", 0, hotFetchMax, "withscores")
				_ = p.Process(ctx, sets[i][g])
			}
			seqs[i] = p.Get(ctx, c.k.hotSeq(r.id))
		}
		epoch = p.Get(ctx, c.k.epoch)
		return nil
	})
	ep, err := epoch.Result()
	if err != nil && !errors.Is(err, redis.Nil) && !redis.HasErrorPrefix(err, "WRONGTYPE") {
		return // Redis away (an epoch of another type reads as none)
	}
	limit := c.maxHot
	if limit <= 0 {
		limit = maxHotKnown
	}
	var junk []junkMark
rules:
	for i, r := range rs {
		if r.epoch != "" && ep != r.epoch {
			// Redis lost its data: read the set from its start next time.
			// (None to one is the first node setting it as it starts; a
			// loss after this node saw one is seen as that one gone.)
			r.epoch, r.hotSeen, r.readPlace = ep, 0, 0
			r.forgetOwn()
			continue
		}
		r.epoch = ep
		if checks[i] != nil {
			score, err := checks[i].Result()
			if err != nil && !errors.Is(err, redis.Nil) && !redis.HasErrorPrefix(err, "WRONGTYPE") {
				continue // Redis away: nothing read, checked at the next
			}
			if err != nil || score != float64(r.ownCheck.num) {
				// Not this node's mark any more: Redis rolled back. The
				// gaps read skipped its numbers: back to the last read's
				// place, and the next read takes everything above it.
				r.hotSeen = r.readPlace
				r.forgetOwn()
				continue
			}
			r.ownCheck = ownMark{}
		}
		if raw, err := sets[i][0].Result(); err != nil || (len(raw) > 0 && raw[0] == '-') {
			// Redis away, or a hot key of another type (the next mark
			// replaces it; go-redis hands the error over as an error or
			// as the raw reply's line): nothing read.
			if (redis.HasErrorPrefix(err, "WRONGTYPE") || bytes.HasPrefix(raw, []byte("-WRONGTYPE"))) && !r.badHotKey {
				r.badHotKey = true
				c.malformed.Add(1)
			}
			continue
		}
		bound := uint64(math.MaxUint64) // no counter: no bound
		seqRaw, err := seqs[i].Result()
		switch {
		case errors.Is(err, redis.Nil):
		case err != nil && !redis.HasErrorPrefix(err, "WRONGTYPE"):
			continue
		default:
			seq, perr := strconv.ParseUint(seqRaw, 10, 64)
			if err != nil || perr != nil || seq > maxMarkNumber {
				// Not a number: the next mark numbers on from the set.
				if !r.badHotSeq {
					r.badHotSeq = true
					c.malformed.Add(1)
				}
				break
			}
			r.badHotSeq = false
			if seq < r.hotSeen {
				// The counter went back: Redis lost it. Read the set from
				// its start next time.
				r.hotSeen, r.readPlace = 0, 0
				r.forgetOwn()
				continue
			}
			bound = seq
		}
		if len(r.hot) >= limit {
			r.dropExpiredHot(nowMs)
		}
		for g, set := range sets[i] {
			raw, err := set.Result()
			var marks markReply
			errLine, ok := "", err == nil
			if ok {
				// The reply's bytes as a string, not copied: go-redis made
				// them for this command alone and nothing writes them; what
				// outlives the read (a junk member) is cloned.
				marks, errLine, ok = readMarkReply(unsafe.String(unsafe.SliceData(raw), len(raw)))
				if !ok {
					c.malformed.Add(1) // not a ZRANGE reply: nothing read
					continue rules
				}
			} else if redis.HasErrorPrefix(err, "WRONGTYPE") {
				errLine = "WRONGTYPE" // Redis's error as go-redis read it
			}
			if err != nil || errLine != "" {
				// Redis away, or a hot key of another type (the next mark
				// replaces it).
				if strings.HasPrefix(errLine, "WRONGTYPE") && !r.badHotKey {
					r.badHotKey = true
					c.malformed.Add(1)
				}
				continue rules
			}
			r.badHotKey = false
			if n := marks.n; len(r.hot) == 0 && n > 1 {
				// Sized once for the read (the first marks of a rule, or
				// after its hot clients expired): grown one insert at a
				// time, a map of 20,000 rehashed its entries about 5 times,
				// a fifth of the node's CPU of reading them
				// (BenchmarkFetchHot).
				r.hot = make(map[countKey]int64, min(n, limit))
			}
			whole := marks.n < hotFetchMax
			var top uint64 // the highest good number read
			// The reply read in place (hotread.go): no string or interface
			// value a mark.
			for marks.n > 0 {
				sc, name, ok := marks.next()
				if !ok {
					c.malformed.Add(1) // not a whole mark: nothing more read
					whole = false
					break
				}
				score, serr := strconv.ParseFloat(sc, 64)
				k, goodName := markKey(name)
				goodScore := serr == nil && score >= 1 && score <= maxMarkNumber && score == math.Trunc(score) && uint64(score) <= bound
				if goodName && r.learnHot(k, nowMs, limit) {
					r.fresh = append(r.fresh, k)
				}
				if goodScore {
					top = max(top, uint64(score))
				}
				if !goodName || !goodScore {
					c.malformed.Add(1)
					junk = append(junk, junkMark{key: c.k.hot(r.id), member: strings.Clone(name), score: score, named: goodName})
				}
			}
			if !r.readGap(g, whole, top) {
				break // cut at hotFetchMax: the next flush reads on from there
			}
		}
		r.joinOwn()
		r.readPlace = r.hotSeen
	}
	c.dropJunk(ctx, junk)
}

// junkMark is a hot-set member the script did not write.
type junkMark struct {
	key, member string
	score       float64
	named       bool // a canonical prefix: removed only with the score read
}

// dropJunkScript removes member ARGV[1] of KEYS[1] if its score is still
// ARGV[2] (a mark made since the read renumbered it).
var dropJunkScript = redis.NewScript(`
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) == tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`)

// dropJunk removes the junk members a read met (at most 1,000 a flush;
// the rest are met, and counted, again), so each is counted once.
func (c *Counter) dropJunk(ctx context.Context, junk []junkMark) {
	if len(junk) == 0 {
		return
	}
	junk = junk[:min(len(junk), 1000)]
	_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, j := range junk {
			if j.named {
				dropJunkScript.Eval(ctx, p, []string{j.key}, j.member, strconv.FormatFloat(j.score, 'g', -1, 64))
			} else {
				p.ZRem(ctx, j.key, j.member)
			}
		}
		return nil
	})
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
		c.sent = append(c.sent, int32(j))
		h.counts[j], h.prev[j] = 0, 0
		if n++; n == chunkClients {
			c.bounds = append(c.bounds, len(c.buf))
			n = 0
			if len(c.bounds) == chunksPerTrip {
				flush()
			}
		}
	}
	spill := h.len() > c.maxHeld || r.spillAll
	r.spillAll = false
	for _, j := range h.touched {
		// h.hotEnd[j] is r.hot's value for the client (isHot without
		// the map lookup).
		if spill || uint64(h.counts[j])+uint64(h.prev[j]) >= share || r.hotAll > nowMs || h.hotEnd[j] > nowMs {
			add(int(j))
		}
	}
	if share < r.lastShare && !spill {
		// More nodes live: the share shrank. Counts held at or above
		// the new one go now, not at the client's next event here
		// (which may never come): so at most N x (share - 1) stay held
		// over the nodes (TestShareShrinkSendsHeld).
		for j := range h.keys {
			if uint64(h.counts[j])+uint64(h.prev[j]) >= share {
				add(j)
			}
		}
	}
	r.lastShare = share
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

// maxHeld bounds the clients a rule's table holds counts of (about 68
// bytes each, 18 MB): past it the node sends every count it holds, as if
// each client were at its share, and starts an empty table. A spray of
// distinct clients then costs Redis what every client cost before the
// shares: one read and write of its field.
const maxHeld = 1 << 18

// liveWithin: heartbeats this recent count a node as live for the
// shares.
const liveWithin = aliveWithin

// countLive counts the heartbeats of the nodes hash (node name ->
// heartbeat JSON) written within liveWithin of redisNow (at least 1:
// this node). A field whose name fails the node-name rule, or differs
// from the name its heartbeat carries, is not a node's (another
// program's, a hand edit): it is not counted (review s7; ReadStatus
// does not list it either).
func countLive(beats map[string]string, redisNow time.Time) int {
	n := 0
	for name, raw := range beats {
		node, ms, ok := beatOf(raw)
		if ok && node == name && nodename.Check(name) == nil && redisNow.Sub(time.UnixMilli(ms)) <= liveWithin {
			n++
		}
	}
	return max(n, 1)
}

// beatOf reads the node and redis_ms fields of a heartbeat's JSON.
func beatOf(raw string) (string, int64, bool) {
	var hb struct {
		Node    string `json:"node"`
		RedisMs int64  `json:"redis_ms"`
	}
	if err := json.Unmarshal([]byte(raw), &hb); err != nil {
		return "", 0, false
	}
	return hb.Node, hb.RedisMs, true
}
