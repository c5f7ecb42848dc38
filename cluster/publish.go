package cluster

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// publishScript adds a node's decisions to the stream and the snapshot in
// one step, in order, skipping those Redis already has (a resend after a
// lost reply or a crash: the node's last published sequence number is kept
// beside them). Then it drops up to 256 ended bans from the snapshot.
//
// KEYS: stream, bans, expiry, published. ARGV: max stream length, node,
// then per decision: seq, op, prefix, expiry score, payload, lifted
// prefixes (space separated).
var publishScript = redis.NewScript(`
local maxlen = ARGV[1]
local node = ARGV[2]
local last = tonumber(redis.call('HGET', KEYS[4], node) or '0')
local added = 0
local i = 3
while i + 5 <= #ARGV do
  local seq = tonumber(ARGV[i])
  local op, prefix, score, payload, lifted = ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4], ARGV[i+5]
  i = i + 6
  if seq > last then
    last = seq
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*', 'd', payload)
    if op == 'ban' then
      redis.call('HSET', KEYS[2], prefix, payload)
      redis.call('ZADD', KEYS[3], score, prefix)
    elseif op == 'unban' then
      for p in string.gmatch(lifted, '%S+') do
        redis.call('HDEL', KEYS[2], p)
        redis.call('ZREM', KEYS[3], p)
      end
    elseif op == 'unban_all' then
      redis.call('DEL', KEYS[2], KEYS[3])
    end
    added = added + 1
  end
end
redis.call('HSET', KEYS[4], node, last)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 256)
if #old > 0 then
  redis.call('HDEL', KEYS[2], unpack(old))
  redis.call('ZREM', KEYS[3], unpack(old))
end
return added
`)

// publishChunk is how many decisions one script call carries: big enough
// for a burst of 100,000 to take a few hundred calls, small enough that
// one call does not hold Redis for long.
const publishChunk = 1000

// publish sends decisions (in sequence order) to Redis and returns how many
// Redis did not have yet.
func publish(ctx context.Context, rdb redis.Cmdable, k keys, node string, maxLen int, ds []Decision) (int, error) {
	added := 0
	for len(ds) > 0 {
		n := min(len(ds), publishChunk)
		argv := make([]any, 0, 2+6*n)
		argv = append(argv, maxLen, node)
		for _, d := range ds[:n] {
			payload, err := d.Encode()
			if err != nil {
				return added, err
			}
			score := "+inf"
			if d.Expires != 0 {
				score = strconv.FormatInt(d.Expires, 10)
			}
			prefix := ""
			if d.Prefix.IsValid() {
				prefix = d.Prefix.String()
			}
			lifted := make([]string, len(d.Lifted))
			for i, p := range d.Lifted {
				lifted[i] = p.String()
			}
			argv = append(argv, d.Seq, string(d.Op), prefix, score, payload, strings.Join(lifted, " "))
		}
		res, err := publishScript.Run(ctx, rdb, []string{k.stream, k.bans, k.expiry, k.pub}, argv...).Int()
		if err != nil {
			return added, fmt.Errorf("publish %d decisions: %w", n, err)
		}
		added += res
		ds = ds[n:]
	}
	return added, nil
}
