package cluster

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// publishLua adds one stream entry of a node's decisions and their
// snapshot changes, atomically (a script runs whole, and Redis checks its
// memory limit before the first write: an OOM refusal writes nothing), and
// only in order and once:
//
//   - published[node] is the sequence number of the node's last decision
//     in the stream. Decisions at or below it are there already (a resend
//     after a lost reply, a crash before the queue was trimmed) and are
//     skipped: the stream holds every decision once.
//   - The first decision added must follow published[node] in the node's
//     queue: prev (the decision before this entry in the same send) or,
//     for the first entry of a send (prev 0), anything: that entry starts
//     at the oldest decision the node has not seen acknowledged, so
//     nothing older is still to come. An entry whose predecessor failed
//     (out of memory, BUSY, LOADING, a connection lost) is refused (-1)
//     and sent again behind it.
//
// Followers drop a decision at or below the last sequence number they
// applied of its node; without this check a pipeline whose entry k failed
// and k+1 succeeded put k+1 first, and the resent k was dropped for good.
//
// Snapshot keys carry the generation (keys.go): unban_all increments it,
// so the bans published after it in the stream, in the new generation,
// stay in the snapshot; the stale generation is deleted afterwards.
//
// The stream is trimmed to about maxLen decisions, whatever their mix in
// entries (a burst entry carries 100, a single decision 1): an index list
// keeps the running decision count of each entry, and the oldest entries
// go (XTRIM MINID, exact) while the rest still hold maxLen. The id of the
// newest entry trimmed is kept in the trimmed key: a follower whose
// position is before it missed entries and loads the snapshot (follow.go;
// Redis's max-deleted-entry-id counts XDEL only, not trimming).
//
// A network unban is recorded in the unbans hash (unbans.go).
//
// KEYS: stream, published hash, generation, trim index, trimmed mark,
// network unbans.
// ARGV: node, prev, maxLen (decisions), the ban key prefix, 1 to leave the
// lifted keys of network unbans to the cleaner (liftedInline), then the payloads
// (decision.go: op is field 2, seq 4, prefix 5, expiry 7, lifted 11).
// Returns {1 added | 0 all there already | -1 refused, published[node],
// 1 if a new generation started, published[node] before (as stored)}.
const publishLua = `
local node, prev = ARGV[1], tonumber(ARGV[2])
local had = redis.call('HGET', KEYS[2], node) or '0'
local have = tonumber(had)
-- Above 2^53 (only an older version wrote such numbers) it is inexact and
-- would hold back every later decision: this node numbers anew.
if have > 9007199254740991 then have = 0 end
local first, n = 6, #ARGV
local function seq(i)
  local s = string.match(ARGV[i], '^[^\t]*\t[^\t]*\t[^\t]*\t(%d+)\t')
  if not s then error('malformed decision payload') end
  return s
end
local last = seq(n)
if tonumber(last) <= have then return {0, tostring(have), 0, had} end
local start, pred = first, prev
if tonumber(seq(first)) <= have then
  -- The start of this entry is there already (sent before, grouped
  -- otherwise): add from the first decision after it.
  start = first + 1
  while tonumber(seq(start)) <= have do start = start + 1 end
  pred = tonumber(seq(start - 1))
end
if prev ~= 0 and pred ~= have then return {-1, tostring(have), 0, had} end
local field, body = 'b', nil
if start == n then field, body = 'd', ARGV[n] else body = table.concat(ARGV, '\n', start, n) end
-- Checked before the first write: Redis does not undo a script's writes
-- when it fails part-way, so a failing INCR after the XADD added the
-- entry again at every retry.
local gen = redis.call('GET', KEYS[3]) or '0'
if not string.match(gen, '^%d+$') then error('generation key holds ' .. gen .. ', not a number') end
local id = redis.call('XADD', KEYS[1], '*', field, body)
-- Trim by decisions, not entries: the index holds "<decisions up to and
-- including the entry> <entry id>" per entry; drop the oldest entries
-- while the ones after them still hold maxlen decisions.
local total = n - start + 1
local tail = redis.call('LINDEX', KEYS[4], -1)
if tail then total = total + tonumber(string.match(tail, '^(%d+) ')) end
redis.call('RPUSH', KEYS[4], total .. ' ' .. id)
local maxlen, dropped = tonumber(ARGV[3]), nil
while true do
  local c, hid = string.match(redis.call('LINDEX', KEYS[4], 0), '^(%d+) (.+)$')
  if total - tonumber(c) < maxlen then
    if dropped then
      redis.call('XTRIM', KEYS[1], 'MINID', hid)
      redis.call('SET', KEYS[5], dropped)
    end
    break
  end
  redis.call('LPOP', KEYS[4])
  dropped = hid
end
local bumped = 0
local bp = ARGV[4]
for i = start, n do
  local p = ARGV[i]
  local op, pfx, exp, lifted = string.match(p, '^[^\t]*\t([^\t]*)\t[^\t]*\t[^\t]*\t([^\t]*)\t[^\t]*\t([^\t]*)\t[^\t]*\t[^\t]*\t[^\t]*\t([^\t]*)\t')
  if op == 'ban' then
    if exp == '0' then
      redis.call('SET', bp .. gen .. ':' .. pfx, p)
    else
      redis.call('SET', bp .. gen .. ':' .. pfx, p, 'PXAT', exp)
    end
  elseif op == 'unban' then
    redis.call('DEL', bp .. gen .. ':' .. pfx)
    local net = not ((string.find(pfx, '/32$') and string.find(pfx, '.', 1, true)) or string.find(pfx, '/128$'))
    if lifted and lifted ~= '' and not (net and ARGV[5] == '1') then
      for l in string.gmatch(lifted, '[^,]+') do redis.call('DEL', bp .. gen .. ':' .. l) end
    end
    if net then
      -- A network: record it with the published numbers up to here
      -- (unbans.go); this node's own is this unban's.
      local pub, parts = redis.call('HGETALL', KEYS[2]), {}
      for j = 1, #pub, 2 do
        if pub[j] ~= node then parts[#parts + 1] = pub[j] .. ' ' .. pub[j + 1] end
      end
      parts[#parts + 1] = node .. ' ' .. seq(i)
      redis.call('HSET', KEYS[6], gen .. '|' .. id .. '|' .. pfx, table.concat(parts, ','))
    end
  elseif op == 'unban_all' then
    gen = tostring(redis.call('INCR', KEYS[3]))
    bumped = 1
  end
end
redis.call('HSET', KEYS[2], node, last)
return {1, last, bumped, had}
`

var publishScript = redis.NewScript(publishLua)

// sendResult is what one publish call achieved.
type sendResult struct {
	// sent is how many decisions from the start of the slice Redis holds
	// (added now, or by an earlier send whose reply was lost); last is the
	// sequence number of the last of them. They may leave the queue even
	// when err is set: the failure is after them.
	sent int
	last uint64
	// unreplicated counts decisions no replica acknowledged in time
	// (WAIT): they were sent and leave the queue anyway.
	unreplicated int
	// newGeneration: an unban --all started a new snapshot generation;
	// the stale keys are to be deleted (deleteStaleBans).
	newGeneration bool
	// had is published[node] as the send's first entry found it, hadKnown
	// whether that entry replied: below the last number Redis took
	// before, Redis lost this node's decisions after had (epoch.go).
	had      uint64
	hadKnown bool
}

// continues says whether d is a further copy of unban prev, split by
// splitLifted because it lifted more than one decision may name. Such
// copies are never parted by a send, a pipeline or a stream entry: another
// node's ban between them in the stream would be lifted by the copy after
// it. (Two real unbans of one prefix, one right after the other, may pass
// for copies: kept together too, which is harmless.)
func continues(prev, d Decision) bool {
	return d.Op == OpUnban && prev.Op == OpUnban && d.Prefix == prev.Prefix && d.At == prev.At &&
		d.Seq == prev.Seq+1 && len(prev.Lifted) == maxLifted
}

// groupEnd is the end of the first n of ds (or fewer), moved past the
// copies of a split unban it would part.
func groupEnd(ds []queued, n int) int {
	end := min(n, len(ds))
	for end > 0 && end < len(ds) && continues(ds[end-1].d, ds[end].d) {
		end++
	}
	return end
}

// liftedInline is how many lifted bans one stream entry's script deletes
// itself. A network unban lifting more (the copies of a split unban travel
// in one entry) leaves their snapshot keys to the cleaner, which deletes
// the keys inside a recorded network unban anyway (unbans.go; readers
// honour the record meanwhile): deleting a million keys in one script
// took over 5 s, Redis's busy limit, and every client got BUSY meanwhile
// (review rr-B). ~5 µs a key: 50,000 is about a quarter second.
const liftedInline = 50_000

// liftedFlag is the script's ARGV[5] for an entry.
func liftedFlag(entry []queued) string {
	total := 0
	for _, q := range entry {
		total += len(q.d.Lifted)
	}
	if total > liftedInline {
		return "1"
	}
	return "0"
}

// errRefused is an entry Redis refused because the one before it in the
// same send failed: it is sent again, behind that one.
var errRefused = errors.New("refused: an earlier entry of the same send failed")

// publish sends queued decisions (in sequence order) to Redis: each entry
// of up to entryDecisions through publishLua (stream entry and snapshot
// keys at once, in order, once), a chunk of them in one pipelined round
// trip. A failure part-way leaves everything after the first failed entry
// out of Redis; sent says how far it got.
//
// With replicas (Sentinel), waitReplicas > 0 ends each chunk with WAIT 1
// (at most replicaWait): what no replica acknowledged in time is counted
// in unreplicated. It is not kept in the queue: a replica that is down
// must not stop publishing, so a failover right after can still lose it.
func publish(ctx context.Context, rdb redis.UniversalClient, k keys, maxLen int, ds []queued, waitReplicas int) (res sendResult, err error) {
	if len(ds) == 0 {
		return res, nil
	}
	node := ds[0].d.Node
	ks := []string{k.stream, k.published, k.generation, k.trimIndex, k.trimmed, k.unbans}
	keep := strconv.Itoa(max(1, maxLen))
	banPrefix := k.banPrefix()
	var prev uint64 // 0: the first entry of this send
	for len(ds) > 0 {
		n := groupEnd(ds, publishChunk)
		chunk := ds[:n]
		cmds := make([]*redis.Cmd, 0, (n+entryDecisions-1)/entryDecisions)
		entries := make([][]queued, 0, cap(cmds))
		var wait *redis.Cmd
		_, perr := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			pv := prev
			for rest := chunk; len(rest) > 0; {
				m := groupEnd(rest, entryDecisions)
				entry := rest[:m]
				rest = rest[m:]
				entries = append(entries, entry)
				args := make([]any, 0, 5+m)
				args = append(args, node, strconv.FormatUint(pv, 10), keep, banPrefix, liftedFlag(entry))
				for _, q := range entry {
					args = append(args, q.payload)
				}
				if len(cmds) == 0 {
					// EVAL loads the script (a restarted Redis has none);
					// the rest of the chunk uses its hash.
					cmds = append(cmds, p.Eval(ctx, publishLua, ks, args...))
				} else {
					cmds = append(cmds, p.EvalSha(ctx, publishScript.Hash(), ks, args...))
				}
				pv = entry[m-1].d.Seq
			}
			if waitReplicas > 0 {
				wait = p.Do(ctx, "wait", waitReplicas, replicaWait.Milliseconds())
			}
			return nil
		})
		for i, c := range cmds {
			entry := entries[i]
			status, gen, had, err := entryReply(c)
			if err == nil && !res.hadKnown && prev == 0 && i == 0 {
				res.had, res.hadKnown = had, true
			}
			if err == nil && status < 0 {
				err = errRefused
			}
			if err != nil {
				return res, fmt.Errorf("publish decisions %d-%d: %w", entry[0].d.Seq, entry[len(entry)-1].d.Seq, err)
			}
			res.sent += len(entry)
			res.last = entry[len(entry)-1].d.Seq
			res.newGeneration = res.newGeneration || gen
		}
		if perr != nil {
			// Only WAIT can fail after every entry succeeded.
			return res, fmt.Errorf("publish %d decisions: %w", n, perr)
		}
		if wait != nil {
			if got, _ := wait.Int64(); got < int64(waitReplicas) {
				res.unreplicated += n
			}
		}
		prev = chunk[n-1].d.Seq
		ds = ds[n:]
	}
	return res, nil
}

// entryReply reads publishLua's reply.
func entryReply(c *redis.Cmd) (status int64, newGeneration bool, had uint64, err error) {
	v, err := c.Slice()
	if err != nil {
		return 0, false, 0, err
	}
	if len(v) != 4 {
		return 0, false, 0, fmt.Errorf("publish script replied %v", v)
	}
	status, _ = v[0].(int64)
	bumped, _ := v[2].(int64)
	hs, _ := v[3].(string)
	had, err = strconv.ParseUint(hs, 10, 64)
	if err != nil {
		return 0, false, 0, fmt.Errorf("publish script replied published number %q", hs)
	}
	return status, bumped == 1, had, nil
}

// replicaWait bounds how long a chunk waits for a replica: a replica that
// is down must not stop publishing (the chunk is then counted as
// unreplicated, and still sent).
const replicaWait = time.Second

// generation is the snapshot's current generation (0 before the first
// unban --all).
func generation(ctx context.Context, rdb redis.UniversalClient, k keys) (uint64, error) {
	gen, err := rdb.Get(ctx, k.generation).Uint64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read snapshot generation: %w", err)
	}
	return gen, nil
}

// deleteStaleBans deletes the snapshot keys of generations before the
// current one (and keys of another layout): nothing writes them any more,
// readers ignore them, and a permanent ban's key would stay forever.
func deleteStaleBans(ctx context.Context, rdb redis.UniversalClient, k keys) error {
	cur, err := generation(ctx, rdb, k)
	if err != nil {
		return err
	}
	if cur == 0 {
		return nil // no unban --all ever: no stale generation
	}
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
		if g, ok := k.banGen(iter.Val()); ok && g >= cur {
			continue
		}
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return fmt.Errorf("delete stale snapshot keys: %w", err)
			}
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("delete stale snapshot keys: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("delete stale snapshot keys: %w", err)
	}
	return nil
}
