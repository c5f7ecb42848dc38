package cluster

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Counter combines the counts of cluster-scoped rules (scope = "cluster")
// across nodes. On a node's hot path an event only appends its client to
// its rule's log (Add: a sequential write, no allocation once the log has
// its size, under a lock nobody else holds for longer than swapping two
// logs). Every batch interval Flush takes the log, counts it by client in
// a compact table (off the hot path: a table of 20,000 clients is larger
// than a core's cache, and a lookup per line stalled the line on a cache
// miss, where a tight counting loop overlaps them), and sends the counts to
// Redis as one script call per rule: the script
// adds each client's count into the current window bucket's hash
// (HINCRBY), reads the previous bucket, and returns only the clients whose
// cluster-wide total is over the rule's limit. The total over the rule's
// window is the current bucket plus the previous one weighted by how much
// of it still lies in the window (a sliding window estimated from two
// fixed ones). Counts are late by at most one batch interval plus a round
// trip: a burst split over nodes is seen whole that much later than a
// node would see its own share.
//
// One call per rule rather than a command per client: a node flooded by
// 20,000 clients a batch would otherwise build, send and parse 40,000
// commands every 50 ms, which cost more than judging the lines.
type Counter struct {
	rdb    redis.UniversalClient
	k      keys
	offset func() time.Duration // local minus Redis clock

	mu    sync.Mutex
	rules map[string]*Rule
	buf   []byte // Flush's argument, reused (Flush is not called concurrently)
}

// Rule is one cluster-scoped rule's counts since the last flush.
type Rule struct {
	id     string
	window time.Duration
	limit  int

	mu      sync.Mutex // Add, and Flush's swap of log and spare
	log     []countKey // events since the last flush
	spare   []countKey // the log drained by the last flush, kept for its capacity
	dropped uint64     // events not logged: the log was full (guarded by mu)
	table   *countTable
}

// maxLog bounds a rule's log between two flushes (24 MB): a flush held up
// by a slow Redis must not let it grow without end. Events past it are
// not counted cluster-wide (the local detector still counts them).
const maxLog = 1 << 20

// Total is one client over a rule's limit cluster-wide after a flush.
type Total struct {
	Rule   string
	Client netip.Prefix
	Count  float64
}

// Counter returns the node's counter; it shares the node's connection.
func (n *Node) Counter() *Counter {
	return &Counter{rdb: n.rdb, k: n.k, offset: n.Offset, rules: map[string]*Rule{}}
}

// Rule returns the table of rule id (with its window and limit: Flush
// reports clients whose total is over it), made on first use. The hot path
// keeps the handle: Add then touches nothing else.
func (c *Counter) Rule(id string, window time.Duration, limit int) *Rule {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rules[id]
	if r == nil || r.window != window || r.limit != limit {
		r = &Rule{id: id, window: window, limit: limit, table: newCountTable()}
		c.rules[id] = r
	}
	return r
}

// Add counts one event of r for client.
func (c *Counter) Add(r *Rule, client netip.Prefix) {
	k := keyOf(client)
	r.mu.Lock()
	if len(r.log) < maxLog {
		r.log = append(r.log, k)
	} else {
		r.dropped++
	}
	r.mu.Unlock()
}

// countScript adds a batch of counts to the current bucket (KEYS[1]) and
// returns, one "client total" a line, the clients whose total (current
// plus ARGV[3] times the previous bucket, KEYS[2]) is over ARGV[4].
// ARGV[2] holds the counts, "client count" a line; ARGV[1] is the
// current bucket's lifetime in ms.
var countScript = redis.NewScript(`
local out = {}
local w = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
if w > 0 and redis.call('EXISTS', KEYS[2]) == 0 then w = 0 end
for client, n in string.gmatch(ARGV[2], "(%S+) (%d+)\n") do
  local cur = redis.call('HINCRBY', KEYS[1], client, n)
  local total = cur
  if w > 0 then
    local prev = redis.call('HGET', KEYS[2], client)
    if prev then total = cur + tonumber(prev) * w end
  end
  if total > limit then out[#out + 1] = client .. ' ' .. string.format('%.3f', total) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if #out == 0 then return '' end
return table.concat(out, '\n')
`)

// Flush sends the counts gathered since the last flush and returns the
// clients now over a rule's limit cluster-wide. A failed flush loses that
// batch of counts (a rule then judges as if fewer requests were seen; the
// local detector's own rules are unaffected).
func (c *Counter) Flush(ctx context.Context, now time.Time) ([]Total, error) {
	redisNow := now.Add(-c.offset()).UnixMilli()
	c.mu.Lock()
	rules := make([]*Rule, 0, len(c.rules))
	for _, r := range c.rules {
		rules = append(rules, r)
	}
	c.mu.Unlock()
	var out []Total
	var firstErr error
	for _, r := range rules {
		r.mu.Lock()
		log := r.log
		r.log, r.spare = r.spare[:0], nil
		r.mu.Unlock()
		t := r.table
		for _, k := range log {
			t.add(k)
		}
		r.mu.Lock()
		r.spare = log[:0]
		r.mu.Unlock()
		if t.len() == 0 {
			continue
		}
		c.buf = t.appendTo(c.buf[:0])
		t.reset()
		w := max(r.window.Milliseconds(), 1)
		bucket := redisNow / w
		weight := max(1-float64(redisNow-bucket*w)/float64(w), 0)
		keys := []string{c.k.counter(r.id, bucket), c.k.counter(r.id, bucket-1)}
		res, err := countScript.Run(ctx, c.rdb, keys, (2*r.window + time.Second).Milliseconds(), c.buf,
			strconv.FormatFloat(weight, 'f', 6, 64), r.limit).Text()
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("cluster counts of %s: %w", r.id, err)
			}
			continue
		}
		out = parseTotals(out, r.id, res)
	}
	return out, firstErr
}

// parseTotals reads the script's "client total" lines.
func parseTotals(out []Total, rule, res string) []Total {
	for line := range bytes.SplitSeq([]byte(res), []byte{'\n'}) {
		client, total, ok := bytes.Cut(line, []byte{' '})
		if !ok {
			continue
		}
		p, err := netip.ParsePrefix(string(client))
		if err != nil {
			continue
		}
		n, err := strconv.ParseFloat(string(total), 64)
		if err != nil {
			continue
		}
		out = append(out, Total{Rule: rule, Client: p, Count: n})
	}
	return out
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
