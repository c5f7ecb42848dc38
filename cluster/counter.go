package cluster

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Counter combines the counts of cluster-scoped rules (scope = "cluster")
// across nodes. On a node's hot path an event only appends its client to
// its rule's log (Add: a sequential write, no allocation once the log has
// its size, no lock and no atomic: the caller serializes Add with Take,
// the daemon with the lock its loop holds anyway; a mutex taken and
// released per event was half of Add's cost, 20-25 ns of 36-52 at load
// 11). Every batch interval Take swaps the log for an empty one and Send
// (Flush is Take then Send) counts it by client, off the hot path, in the
// rule's held table: the counts this node has not sent yet, per client,
// for the current window bucket and the one before (a lookup per line on
// the hot path stalled the line on a cache miss; a tight counting loop
// overlaps them). A client's counts go to Redis only when they reach this
// node's share of the limit or the client is hot (near its limit), the
// share protocol of share.go: Redis's work grows with the clients near
// their limit, not with every client of a batch. They go in script calls
// of at most chunkClients clients: the script adds
// each client's counts into the window buckets' hashes,
// reads the previous bucket, and returns only the clients whose
// cluster-wide total is over the rule's limit and that it could claim for
// this node. The total over the rule's window is the current bucket plus
// the previous one weighted by how much of it still lies in the window (a
// sliding window estimated from two fixed ones). Counts are late by at
// most one batch interval plus a round trip (and the daemon's Take waits
// for its loop's lock: a run of lines, a few ms), and one more batch
// interval for a client that goes from under half its limit to over it
// within one (share.go): a burst split over nodes is seen whole that much
// later than a node would see its own share.
//
// One incident, one decision: every node's flush sees the combined total,
// so the script claims a client over the limit (a marker in place of its
// count) and resets its count in the same call; only the node whose call made
// the claim gets the client back. The others apply that node's ban as
// any remote one. While the claim lives, the client's counts from every
// node are discarded: they are the incident's, sent before its ban
// reached their node. A claim lives a few seconds (claimFor), long
// enough for the ban to reach every node (a banned client is not counted
// there), not the ban's length: a node that claims and never bans
// (crashed between the call and the ban, the client protected there, the
// reply lost for good) holds the incident only that long, and a client
// unbanned by hand is counted again that soon.
//
// Script calls rather than a command per client: a node flooded by
// 20,000 clients a batch would otherwise build, send and parse 40,000
// commands every 50 ms, which cost more than judging the lines. Bounded
// calls rather than one per rule: Redis runs a script alone, and one call
// with a million clients held every other client of that Redis (ban
// propagation included) for seconds; between two calls of a pipeline it
// serves the others.
type Counter struct {
	rdb    redis.UniversalClient
	k      keys
	node   string
	offset func() time.Duration // local minus Redis clock
	nodes  func() int           // live nodes, for the shares (share.go)
	// refused says why Redis is not used (too old: redisversion.go),
	// or nil.
	refused func() error
	// maxHeld is how many clients a rule's held table takes before it
	// sends every count it holds (maxHeld; tests set less).
	maxHeld int
	// maxHot is how many clients a rule knows hot before it turns hot
	// for all (maxHotKnown; tests set less).
	maxHot int
	// id names this counter's script calls (node and a random part, so a
	// restarted daemon never reuses a predecessor's), seq numbers them:
	// a call is recorded under its name, and the client's retry of a call
	// whose reply was lost gets the first run's reply instead of counting
	// again.
	id  string
	seq uint64
	// claim is how long a claim lives at most (claimFor the batch
	// interval).
	claim time.Duration

	mu    sync.Mutex
	rules map[string]*Rule

	// Send's own (Send is not called concurrently).
	buf    []byte  // the chunks' counts, "client count" a line
	bounds []int   // where each chunk of buf ends
	sent   []int32 // the held-table place of each line of buf
	cmds   []*redis.Cmd
	loaded bool // a call went through: the script is in Redis's cache
	// sendAll: the next Send sends every held count (SendHeld).
	sendAll bool
	// lost are the calls whose reply never came (Redis may have run
	// them): the next flushes ask Redis for their replies by name, so a
	// claim a lost call made comes back to this node.
	lost []lostCall
	// quiet: the last Send left nothing for a later one (park.go).
	quiet bool

	// parked and wake: the flusher sleeps until Add's next event
	// (park.go). parked is Add's side: under the caller's lock, as Add.
	parked bool
	wake   chan struct{}

	malformed atomic.Uint64
}

// Rule is one cluster-scoped rule's counts since the last flush.
type Rule struct {
	id     string
	window time.Duration
	limit  int
	hold   time.Duration // how long a claim of an incident lasts

	// The hot path's own: written by Add, read and swapped by Take only
	// (the caller serializes them).
	log  eventLog // events since the last Take, in chunks (eventlog.go)
	full uint64   // events not logged since the last Take: the log was full

	mu      sync.Mutex   // taken, spare and free, between Add, Take and Send
	taken   [][]logEvent // the chunks of events Take took, not yet sent
	takenN  int          // events in taken
	spare   [][]logEvent // the chunk list drained by the last Send, for its room
	free    [][]logEvent // drained chunks, for Add to fill again
	dropped uint64       // events not logged: the log was full
	// takenOthers are the keys of taken's logOther events, in order;
	// spareOthers the list the last Send drained, for its room.
	takenOthers, spareOthers []countKey
	// recent: chunks the last recentBatches Sends drained (recycle).
	recent   [recentBatches]int
	recentAt int

	// Send's own: the counts held back (share.go), the clients known
	// hot (local unix ms when that ends), those learned hot in this
	// flush, and the number of the last hot mark read.
	held     *heldTable
	hot      map[countKey]int64
	fresh    []countKey
	hotSeen  uint64
	hotSwept int64 // the bucket expired hot clients were last dropped in
	// hotNext: no client of hot ends before it (dropExpiredHot's last
	// walk); hotWalks counts the walks.
	hotNext  int64
	hotWalks int
	// hotAll: every client is hot until then (local unix ms): more
	// clients were marked than maxHotKnown; spillAll: send every held
	// count at the next report (the rule just turned hot for all).
	hotAll   int64
	spillAll bool
	// lastShare is the share of the last report: a smaller one sends
	// every count held at or above it.
	lastShare uint64
	// epoch is the cluster epoch at the last read of the marks: a
	// change means Redis lost its data.
	epoch string
	// A wrong-type hot key or a counter that is not a number is counted
	// once, not at every flush that meets it.
	badHotKey, badHotSeq bool
	// own are this node's marks numbered above hotSeen, learned from its
	// calls' replies: the read skips them (ownmarks.go).
	own []markRange
	// ownCheck is the newest own mark recorded since the last read, which
	// that read checks is still in Redis; readPlace is the place after the
	// last read, where a failed check puts it back (ownmarks.go).
	ownCheck  ownMark
	readPlace uint64
}

const (
	// maxLog bounds a rule's log between two flushes (4 MB of IPv4
	// clients, 28 MB of others): a flush held
	// up by a slow Redis must not let it grow without end. Events past it
	// are not counted cluster-wide (the local detector still counts them).
	maxLog = 1 << 20
	// keepLog is the most events' worth of drained chunks a rule keeps
	// for its next logs (1 MB, 5 M events a second at 50 ms): a larger
	// log only comes of a stalled flush, and keeping it would hold that
	// memory for good.
	keepLog = 1 << 18
	// chunkClients is the most clients one script call counts: Redis
	// spends 1-2 µs a client in it, so a call holds it for a few ms at
	// most (BenchmarkCounterFlush).
	chunkClients = 1000
	// chunksPerTrip is how many calls go in one pipeline: one round trip
	// and a buffer of about 20 bytes a client, 650 KB for 32,000 IPv4
	// clients.
	chunksPerTrip = 32
	// tokenTTL is how long Redis remembers a call's reply for a retry.
	tokenTTL = 30 * time.Second
	// claimBase is a claim's life beyond two batch intervals: a ban's
	// way to the other nodes (p99 tens of ms) with room for a loaded
	// Redis or node.
	claimBase = 3 * time.Second
	// lostGrace is how long a lost call that Redis has no reply for is
	// asked after: a call still on its way may yet run.
	lostGrace = 2 * time.Second
	// maxLost bounds the lost calls remembered (Redis away for long:
	// every flush's calls fail, and their counts are dropped anyway).
	maxLost = 1024
)

// claimFor is how long a claim lives with flushes every batch interval:
// the claiming node's ban must reach every other node before it ends
// (after that they do not count the banned client), which takes a flush
// of theirs at most plus the ban's propagation.
func claimFor(batch time.Duration) time.Duration { return claimBase + 2*batch }

// lostCall is a call whose reply did not come back.
type lostCall struct {
	name, rule string
	at         time.Time
}

// Total is one client over a rule's limit cluster-wide after a flush,
// claimed for this node.
type Total struct {
	Rule   string
	Client netip.Prefix
	Count  float64
}

// Counter returns the node's counter; it shares the node's connection.
func (n *Node) Counter() *Counter {
	var r [6]byte
	_, _ = rand.Read(r[:])
	return &Counter{rdb: n.rdb, k: n.k, node: n.cfg.Node, offset: n.Offset, nodes: n.liveForShares, refused: n.refusedRedis, maxHeld: maxHeld, maxHot: maxHotKnown, rules: map[string]*Rule{},
		id: n.cfg.Node + ":" + hex.EncodeToString(r[:]), claim: claimFor(n.cfg.BatchInterval), wake: make(chan struct{}, 1)}
}

// Rule returns the table of rule id (with its window and limit: Flush
// reports clients whose total is over it), made on first use. The hot
// path keeps the handle: Add then touches nothing else.
func (c *Counter) Rule(id string, window time.Duration, limit int) *Rule {
	return c.RuleHeld(id, window, limit, window)
}

// RuleHeld is Rule with a claim that lasts at most hold (and at most a
// few seconds, and the window): while it lasts the client's counts are
// discarded on every node. The daemon passes the shortest ban the rule
// gives, so that a client back after a shorter ban than the claim is
// counted afresh.
func (c *Counter) RuleHeld(id string, window time.Duration, limit int, hold time.Duration) *Rule {
	hold = min(hold, window)
	if c.claim > 0 {
		hold = min(hold, c.claim)
	}
	hold = max(hold, time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rules[id]
	if r == nil || r.window != window || r.limit != limit || r.hold != hold {
		r = &Rule{id: id, window: window, limit: limit, hold: hold, held: newHeldTable(), hot: map[countKey]int64{}}
		c.rules[id] = r
	}
	return r
}

// Add counts one event of r for client. Calls of Add and Take must not
// overlap: the caller serializes them (the daemon judges lines and takes
// the logs under its loop's lock), and Add itself takes no lock.
func (c *Counter) Add(r *Rule, client netip.Prefix) {
	if c.parked {
		c.unpark()
	}
	l := &r.log
	if len(l.cur) == cap(l.cur) && !r.nextChunk() {
		r.full++
		return
	}
	e, other := eventOf(client)
	l.cur = append(l.cur, e)
	if other {
		// Grown by append (a list of IPv6 clients' keys): its room is
		// kept for the next logs (recycleOthers).
		l.others = append(l.others, keyOf(client))
	}
}

// Take hands every rule's events since the last Take to the next Send,
// and gives Add an empty log (the one the last Send drained). It must
// not overlap a call of Add (see Add); Send may run meanwhile.
func (c *Counter) Take() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.rules {
		r.mu.Lock()
		l := &r.log
		if len(l.cur) > 0 {
			l.chunks = append(l.chunks, l.cur)
			l.n += len(l.cur)
		}
		l.cur = nil // the next Add takes a chunk from the free list
		if len(r.taken) == 0 {
			// The usual case: the last Send drained what the last Take
			// took; the chunks are handed over, not copied.
			r.taken, r.takenN = l.chunks, l.n
			l.chunks, r.spare = r.spare[:0], nil
			if l.chunks == nil {
				// The first Takes: room for as many chunks as this
				// one's, so that Add does not grow the list.
				l.chunks = make([][]logEvent, 0, max(cap(r.taken), 4))
			}
			r.takenOthers, l.others, r.spareOthers = l.others, r.spareOthers[:0], nil
		} else {
			// Take twice without a Send between (a Send still running):
			// both takes go to the next Send, within the log's cap.
			for _, ch := range l.chunks {
				if n := maxLog - r.takenN; len(ch) > n {
					r.full += uint64(len(ch) - n)
					ch = ch[:n]
				}
				if len(ch) == 0 {
					r.recycleOne(ch)
					continue
				}
				r.taken = append(r.taken, ch)
				r.takenN += len(ch)
			}
			clear(l.chunks)
			l.chunks = l.chunks[:0]
			// In order after the first take's: the events cut above
			// are the last, and so are their others, never read.
			r.takenOthers = append(r.takenOthers, l.others...)
			l.others = l.others[:0]
		}
		l.n = 0
		r.dropped += r.full
		r.full = 0
		r.mu.Unlock()
	}
}

// Dropped is how many events the rules' logs could not hold (more than
// maxLog between two flushes: a flush held up by a slow Redis), up to
// the last Take: counted on this node's detector only, not cluster-wide.
func (c *Counter) Dropped() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n uint64
	for _, r := range c.rules {
		r.mu.Lock()
		n += r.dropped
		r.mu.Unlock()
	}
	return n
}

// Malformed is how many values the counting met that were not what it
// wrote: counts in Redis that are not numbers (overwritten) and reply
// lines that do not parse (skipped).
func (c *Counter) Malformed() uint64 { return c.malformed.Load() }

// countScript adds a chunk of counts to the current bucket (KEYS[1]) and
// returns, first the number of malformed values it met, then one
// "client total" a line, the clients whose total (current plus ARGV[3]
// times the previous bucket, KEYS[2]) is over ARGV[4] and that it claimed.
// A claim is the client's field in the current bucket set to a marker,
// "c<end>:<node>" (end: Redis's clock in ms plus ARGV[5]; ARGV[6] is the
// node), in place of its count, which starts again (its ban starts the
// count again, as the detector's does); the client's count in the
// previous bucket is deleted. While a marker in either bucket is live,
// the client's counts are discarded: they are the incident's, sent
// before its ban reached their node, and kept they would count toward
// the client's next incident. The marker rides on the reads the counting
// does anyway: a claim key per client (an MGET of the chunk's keys) cost
// Redis a third more per counted client. ARGV[2] holds the counts,
// "client count" a line; ARGV[1] is the current bucket's lifetime in ms.
// KEYS[3] names the call: its reply is kept there for ARGV[7] ms, and a
// call of that name run again (a client's retry after a lost reply)
// returns it and changes nothing.
//
// The chunk is read with one HMGET per bucket and written with one HSET:
// a command per client (HINCRBY, HGET) cost Redis about 3 µs a client,
// most of it running and propagating each command. A value that is not
// what the script writes, a marker or a non-negative decimal number
// (another program's, a hand edit; Lua's tonumber alone takes "nan",
// "inf", "-5", "0x10", " 7"), is counted as malformed and overwritten, a
// bucket that is not a hash is replaced, rather than an error that would
// fail every flush of the rule until the bucket expires. The clients
// whose total is at half the limit or more (or claimed) are marked hot
// in KEYS[4], each with a number of its own from the counter KEYS[5]
// (share.go: a node's read cut at any mark misses none); the counter
// expires with the sets, and one that is gone or not a number starts
// again from Redis's clock in ms times 512 (or the set's highest mark if
// that is higher), above every number a node's place can hold; the set
// keeps the ARGV[8] newest marks. A client whose last mark (its time in
// KEYS[6], read with one ZMSCORE of the call's hot clients) is less than
// a window (ARGV[9] ms) old is not marked again: a node keeps a client
// hot three windows after the mark it read, and marking a hot client at
// every call made every node read it again at every flush. Marks three
// windows old leave both sets (a thousand a call). unpack takes at
// most about 8,000 values: chunkClients stays well under.
var countScript = redis.NewScript(`
local done = redis.call('GET', KEYS[3])
if done then return done end
local clients, counts = {}, {}
local pcounts = {}
for client, n, pn in string.gmatch(ARGV[2], "(%S+) (%d+) (%d+)\n") do
  clients[#clients + 1] = client
  counts[#counts + 1] = tonumber(n)
  pcounts[#pcounts + 1] = tonumber(pn)
end
local bad = 0
local marked = ''
-- read returns a stored value's count (nil for a marker or junk) and
-- whether it is a live marker.
local now
local find, match = string.find, string.match
local function read(s)
  if find(s, '^%d+%.?%d*$') then return tonumber(s), false end
  local e = match(s, '^c(%d+):')
  if e then return nil, tonumber(e) > now end
  bad = bad + 1
  return nil, false
end
local out = {}
if #clients > 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local marker = 'c' .. string.format('%d', now + tonumber(ARGV[5])) .. ':' .. ARGV[6]
  local w = tonumber(ARGV[3])
  local limit = tonumber(ARGV[4])
  local cur = redis.pcall('HMGET', KEYS[1], unpack(clients))
  if cur.err then
    bad = bad + 1
    redis.call('DEL', KEYS[1])
    cur = {}
  end
  local prev = redis.pcall('HMGET', KEYS[2], unpack(clients))
  if prev.err then
    bad = bad + 1
    prev, w = {}, 0
  end
  local set, pset, over, hot, hpos = {}, {}, {}, {}, {}
  for i, client in ipairs(clients) do
    local x, live, p, plive = nil, false, nil, false
    if cur[i] then x, live = read(cur[i]) end
    if prev[i] then p, plive = read(prev[i]) end
    if not (live or plive) then
      local v = counts[i] + (x or 0)
      local pv = pcounts[i] + (p or 0)
      local total = v + pv * w
      if total > limit then
        set[#set + 1] = client
        set[#set + 1] = marker
        if p or pcounts[i] > 0 then over[#over + 1] = client end
        out[#out + 1] = client .. ' ' .. string.format('%.3f', total)
        hot[#hot + 1] = client
        hpos[#hpos + 1] = i
      else
        if counts[i] > 0 or (x == nil and cur[i]) then
          set[#set + 1] = client
          set[#set + 1] = v
        end
        if pcounts[i] > 0 then
          pset[#pset + 1] = client
          pset[#pset + 1] = pv
        end
        if total * 2 >= limit then
          hot[#hot + 1] = client
          hpos[#hpos + 1] = i
        end
      end
    end
  end
  -- The marks' times are read before the first write: on a Redis
  -- without ZMSCORE (before 6.2) the script fails having written
  -- nothing. Before, it had written the counts and the claim markers:
  -- the reply never came back, so no node banned a claimed client, and
  -- every node's counts of it were discarded while the claim lived.
  if #hot > 0 then
    -- A client marked within the window (KEYS[6]: client -> Redis ms of
    -- its last mark) is not marked again: every node that reads the
    -- marks keeps it hot three windows from then (share.go).
    local ty = redis.pcall('TYPE', KEYS[6]).ok
    local at = {}
    if ty == 'zset' or ty == 'none' then at = redis.call('ZMSCORE', KEYS[6], unpack(hot)) end
    local win = tonumber(ARGV[9])
    local due, dpos = {}, {}
    for i, client in ipairs(hot) do
      local s = at[i] and tonumber(at[i])
      if not s or s <= now - win or s > now + win then
        due[#due + 1] = client
        dpos[#dpos + 1] = hpos[i]
      end
    end
    hot, hpos = due, dpos
  end
  if #set > 0 then
    redis.call('HSET', KEYS[1], unpack(set))
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
  end
  if #pset > 0 and w > 0 then
    redis.call('HSET', KEYS[2], unpack(pset))
    redis.call('PEXPIRE', KEYS[2], ARGV[1])
  end
  if #over > 0 then redis.call('HDEL', KEYS[2], unpack(over)) end
  if #hot > 0 then
    local life = 3 * tonumber(ARGV[9]) + 1000
    if redis.pcall('TYPE', KEYS[6]).ok ~= 'zset' then redis.call('DEL', KEYS[6]) end
    if redis.pcall('TYPE', KEYS[4]).ok ~= 'zset' then redis.call('DEL', KEYS[4]) end
    local base = redis.pcall('GET', KEYS[5])
    if type(base) == 'string' and find(base, '^%d+$') and #base < 17 and tonumber(base) < 2^51 then
      base = tonumber(base)
    else
      -- Not a number, or gone (it expires with the sets, or Redis lost
      -- it): number on from Redis's clock (512 a ms) or the set's
      -- highest mark, whichever is higher, so that no node's place is
      -- past the new numbers: the counter ran ahead of the clock only
      -- if more than 512 marks a ms came in its life.
      if base then bad = bad + 1 end
      base = math.floor(now * 512)
      local top = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
      local s = tonumber(top[2])
      if s and s >= 0 and s < 2^51 then base = math.max(base, math.floor(s)) end
    end
    redis.call('SET', KEYS[5], string.format('%d', base + #hot), 'PX', life)
    -- The caller learns its own marks from the reply (ownmarks.go):
    -- the number before them and its clients' places in the chunk.
    marked = ' ' .. string.format('%d', base) .. ' ' .. table.concat(hpos, ',')
    local z = {}
    for i, client in ipairs(hot) do
      z[#z + 1] = string.format('%d', base + i) -- exact (a number would go as %.14g)
      z[#z + 1] = client
    end
    redis.call('ZADD', KEYS[4], unpack(z))
    local t = {}
    for i, client in ipairs(hot) do
      t[#t + 1] = now
      t[#t + 1] = client
    end
    redis.call('ZADD', KEYS[6], unpack(t))
    -- Marks older than three windows leave the set (their totals have
    -- left the sliding window), a thousand a call at most; past ARGV[8]
    -- marks the oldest go by rank.
    local old = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', '(' .. string.format('%d', now - 3 * tonumber(ARGV[9])), 'LIMIT', 0, 1000)
    if #old > 0 then
      redis.call('ZREM', KEYS[4], unpack(old))
      redis.call('ZREM', KEYS[6], unpack(old))
    end
    redis.call('PEXPIRE', KEYS[4], life)
    redis.call('PEXPIRE', KEYS[6], life)
    redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -tonumber(ARGV[8]) - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -tonumber(ARGV[8]) - 1)
  end
end
local res = bad .. marked .. '\n' .. table.concat(out, '\n')
redis.call('SET', KEYS[3], res, 'PX', ARGV[7])
return res
`)

// Flush takes the events Add gathered since the last Take and sends them
// (Take, then Send): for a caller whose Add calls cannot overlap it (they
// run on the same goroutine). The daemon, whose loop adds on another
// goroutine, calls Take under its loop's lock and Send outside it.
func (c *Counter) Flush(ctx context.Context, now time.Time) ([]Total, error) {
	c.Take()
	return c.Send(ctx, now)
}

// SendHeld is Send with every client's share 1: besides the counts Take
// took, every count the rules hold back under their shares (share.go)
// goes to Redis, and the held tables are left empty. For a node that
// stops: nothing else sends what it holds, and a clean stop (restart,
// upgrade) would take up to share-1 events per client and rule out of
// the cluster-wide counts. Held says how much there is to send (for a
// log line when the send fails).
func (c *Counter) SendHeld(ctx context.Context, now time.Time) ([]Total, error) {
	c.sendAll = true
	return c.Send(ctx, now)
}

// Held is how many clients and events the rules hold unsent: the counts
// held under the shares and the events Take took (up to the last Take).
// Send's own: not called concurrently with Send.
func (c *Counter) Held() (clients, events int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.rules {
		r.mu.Lock()
		events += r.takenN
		r.mu.Unlock()
		h := r.held
		for j := range h.keys {
			if n := int(h.counts[j]) + int(h.prev[j]); n > 0 {
				clients++
				events += n
			}
		}
	}
	return clients, events
}

// Send sends the counts Take took and returns the
// clients now over a rule's limit cluster-wide that this node claimed. A
// call that fails loses its chunk of counts (a rule then judges as if
// fewer requests were seen; the local detector's own rules are
// unaffected), but Redis may have run it: later flushes ask for its reply
// by name (recoverLost), and return the clients it claimed. The totals
// of the calls that succeeded are returned with the error, and must be
// acted on: their clients are claimed. Send is not called concurrently
// with itself.
func (c *Counter) Send(ctx context.Context, now time.Time) ([]Total, error) {
	redisNow := now.Add(-c.offset()).UnixMilli()
	nowMs := now.UnixMilli()
	c.mu.Lock()
	rules := make([]*Rule, 0, len(c.rules))
	for _, r := range c.rules {
		rules = append(rules, r)
	}
	c.mu.Unlock()
	if c.refused != nil {
		if err := c.refused(); err != nil {
			// A Redis too old for the script: nothing is sent (the
			// rules count on this node alone); the events are dropped.
			for _, r := range rules {
				r.mu.Lock()
				r.recycle(r.taken)
				r.recycleOthers(r.takenOthers)
				r.taken, r.takenN, r.takenOthers = nil, 0, nil
				r.mu.Unlock()
			}
			return nil, fmt.Errorf("cluster counts: %w", err)
		}
	}
	nodes := 1
	if c.nodes != nil { // 0 before the node's first heartbeat: share 1
		nodes = c.nodes()
	}
	all := c.sendAll // SendHeld: every held count goes
	c.sendAll = false
	out := c.recoverLost(ctx, now, nil)
	// Count each rule's events by client; the rules that hold counts
	// back read which clients turned hot first (share.go).
	active := rules[:0]
	var holding []*Rule
	for _, r := range rules {
		r.mu.Lock()
		log, others := r.taken, r.takenOthers
		r.taken, r.takenN, r.takenOthers = nil, 0, nil
		r.mu.Unlock()
		// The events count in the bucket of this flush's time, as
		// they always did (late by a batch interval at most).
		h := r.held
		h.roll(redisNow / max(r.window.Milliseconds(), 1))
		h.begin()
		h.countLog(log, others, r.hot)
		r.mu.Lock()
		r.recycle(log)
		r.recycleOthers(others)
		r.mu.Unlock()
		// A rule that holds counts reads the hot marks even without
		// new events: a client of its turned hot must have them sent.
		holds := r.share(nodes) > 1 && h.len() > 0
		if holds {
			holding = append(holding, r)
		}
		shrank := r.share(nodes) < r.lastShare && h.len() > 0
		if len(h.touched) == 0 && !holds && !shrank && !(all && h.len() > 0) {
			continue
		}
		if all {
			r.spillAll = true // report sends every held count
		}
		active = append(active, r)
	}
	c.fetchHot(ctx, holding, nowMs)
	// Nothing sent, nothing held back under a share, no lost call to
	// ask after: a later Send without new events would do nothing.
	c.quiet = len(active) == 0 && len(holding) == 0 && len(c.lost) == 0
	var firstErr error
	for _, r := range active {
		w := max(r.window.Milliseconds(), 1)
		bucket := redisNow / w
		weight := max(1-float64(redisNow-bucket*w)/float64(w), 0)
		if len(r.hot) > 0 && r.hotSwept != bucket {
			r.hotSwept = bucket
			r.dropExpiredHot(nowMs)
		}
		keys := [5]string{c.k.counter(r.id, bucket), c.k.counter(r.id, bucket-1), c.k.hot(r.id), c.k.hotSeq(r.id), c.k.hotAt(r.id)}
		args := countArgs{
			life:   (2*r.window + time.Second).Milliseconds(),
			weight: strconv.FormatFloat(weight, 'f', 6, 64),
			limit:  r.limit,
			hold:   r.hold.Milliseconds(),
			window: w,
		}
		c.buf, c.bounds, c.sent = c.buf[:0], c.bounds[:0], c.sent[:0]
		// The marks a call makes are learned from its reply (ownmarks.go)
		// when the rule holds counts back: at a share of 1 nothing is held
		// and the marks are not read either.
		own := r
		if r.share(nodes) <= 1 {
			own = nil
		}
		c.report(r, r.share(nodes), nowMs, func() {
			var err error
			out, err = c.send(ctx, now, r.id, own, keys, args, out)
			if err != nil && firstErr == nil {
				firstErr = fmt.Errorf("cluster counts of %s: %w", r.id, err)
			}
			c.buf, c.bounds, c.sent = c.buf[:0], c.bounds[:0], c.sent[:0]
		})
	}
	return out, firstErr
}

// countArgs are a rule's script arguments besides the counts.
type countArgs struct {
	life   int64
	weight string
	limit  int
	hold   int64
	window int64 // ms
}

// send runs the chunks of c.buf (ending at c.bounds) in one pipeline and
// appends the totals they return to out. A chunk Redis did not run
// because its script cache lacks the script (a restarted Redis) is sent
// again with the script's text (EVAL), which loads it: the ACL user
// needs +evalsha +eval only, not SCRIPT LOAD. The first call of a
// counter goes alone for the same reason.
func (c *Counter) send(ctx context.Context, now time.Time, rule string, own *Rule, keys [5]string, a countArgs, out []Total) ([]Total, error) {
	names := make([]string, len(c.bounds))
	for i := range names {
		c.seq++
		names[i] = c.k.prefix + "counted:" + c.id + ":" + strconv.FormatUint(c.seq, 10)
	}
	chunk := func(i int) []byte {
		from := 0
		if i > 0 {
			from = c.bounds[i-1]
		}
		return c.buf[from:c.bounds[i]]
	}
	c.cmds = c.cmds[:0]
	first := 0
	if !c.loaded {
		c.cmds = append(c.cmds, c.evalChunk(ctx, countScript.Run, c.rdb, keys, names[0], chunk(0), a))
		first = 1
	}
	if first < len(c.bounds) {
		// Every command carries its own error (the pipeline's is the
		// first of them).
		_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i := first; i < len(c.bounds); i++ {
				c.cmds = append(c.cmds, c.evalChunk(ctx, countScript.EvalSha, p, keys, names[i], chunk(i), a))
			}
			return nil
		})
	}
	var firstErr error
	for i, cmd := range c.cmds {
		if redis.HasErrorPrefix(cmd.Err(), "NOSCRIPT") {
			cmd = c.evalChunk(ctx, countScript.Run, c.rdb, keys, names[i], chunk(i), a)
		}
		res, err := cmd.Text()
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			c.lose(lostCall{name: names[i], rule: rule, at: now})
			continue
		}
		c.loaded = true
		out = c.parseTotals(out, rule, res)
		if own != nil {
			c.learnOwn(own, res, i, now.UnixMilli())
		}
	}
	return out, firstErr
}

// lose remembers a call whose reply did not come, the oldest forgotten
// past maxLost.
func (c *Counter) lose(l lostCall) {
	if len(c.lost) >= maxLost {
		c.lost = append(c.lost[:0], c.lost[len(c.lost)-maxLost+1:]...)
	}
	c.lost = append(c.lost, l)
}

// recoverLost asks Redis for the replies of calls whose reply was lost
// (one GET each, in one pipeline) and appends the totals of those it ran:
// they are this node's claims, which no other node will ban. A call
// Redis has no reply for is asked after for lostGrace (it may be on its
// way still), then forgotten: it never ran, and its counts are lost
// like those of any failed call. One whose reply Redis may no longer
// keep is forgotten too. Nothing is asked while Redis is away.
func (c *Counter) recoverLost(ctx context.Context, now time.Time, out []Total) []Total {
	if len(c.lost) == 0 {
		return out
	}
	cmds := make([]*redis.StringCmd, len(c.lost))
	_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, l := range c.lost {
			cmds[i] = p.Get(ctx, l.name)
		}
		return nil
	})
	keep := c.lost[:0]
	for i, l := range c.lost {
		res, err := cmds[i].Result()
		switch {
		case err == nil:
			out = c.parseTotals(out, l.rule, res)
		case errors.Is(err, redis.Nil):
			if now.Sub(l.at) < lostGrace {
				keep = append(keep, l)
			}
		default: // Redis away
			if now.Sub(l.at) < tokenTTL-lostGrace {
				keep = append(keep, l)
			}
		}
	}
	clear(c.lost[len(keep):])
	c.lost = keep
	return out
}

type evalFunc func(ctx context.Context, c redis.Scripter, keys []string, args ...any) *redis.Cmd

func (c *Counter) evalChunk(ctx context.Context, eval evalFunc, s redis.Scripter, keys [5]string, name string, counts []byte, a countArgs) *redis.Cmd {
	return eval(ctx, s, []string{keys[0], keys[1], name, keys[2], keys[3], keys[4]},
		a.life, counts, a.weight, a.limit, a.hold, c.node, tokenTTL.Milliseconds(), maxHot, a.window)
}

// parseTotals reads the script's reply: the number of malformed values
// Redis held (followed on its line by the call's marks, read by
// learnOwn), then "client total" lines. A line that is not a canonical
// prefix and a positive finite total is counted as malformed and skipped.
func (c *Counter) parseTotals(out []Total, rule, res string) []Total {
	first, rest, _ := bytes.Cut([]byte(res), []byte{'\n'})
	first, _, _ = bytes.Cut(first, []byte{' '})
	if n, err := strconv.ParseUint(string(first), 10, 32); err == nil {
		c.malformed.Add(n)
	} else {
		c.malformed.Add(1)
	}
	for line := range bytes.SplitSeq(rest, []byte{'\n'}) {
		if len(line) == 0 {
			continue
		}
		client, total, ok := bytes.Cut(line, []byte{' '})
		p, err := netip.ParsePrefix(string(client))
		n, err2 := strconv.ParseFloat(string(total), 64)
		if !ok || err != nil || p != p.Masked() || err2 != nil || math.IsInf(n, 0) || math.IsNaN(n) || n <= 0 {
			c.malformed.Add(1)
			continue
		}
		out = append(out, Total{Rule: rule, Client: p, Count: n})
	}
	return out
}
