package cluster

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// A network unban (a prefix wider than one address) lifts on every node
// the bans inside it, whoever decided them, but the publish script can
// delete only the snapshot keys it names (the prefix's own and the bans
// the deciding node lifted): a ban inside the prefix that the deciding
// node did not hold (its protections refused it, or it lagged) stayed in
// the snapshot, and a node joining later banned what every node lifted.
//
// So the script records each network unban in the unbans hash, with the
// published hash as it was at that point of the stream: a ban key inside
// the prefix whose decision's sequence number is at or below its node's
// number there was in the stream before the unban, and is lifted; one
// above it came after and stays. readSnapshot drops the lifted ones at
// once, and cleanUnbans deletes their keys (compare-and-delete by value:
// a ban published again meanwhile has a new value) and then the record.

// unbanRecord is one network unban the snapshot may still hold bans of.
type unbanRecord struct {
	field     string
	gen       uint64
	prefix    netip.Prefix
	published map[string]uint64
}

// lifts says whether the unban lifted ban d of its generation.
func (u unbanRecord) lifts(d Decision) bool {
	if d.Prefix.Bits() < u.prefix.Bits() || !u.prefix.Contains(d.Prefix.Addr()) {
		return false
	}
	seq, ok := u.published[d.Node]
	return ok && d.Seq <= seq
}

// parseUnban reads a field "<gen>|<stream id>|<prefix>" and its value
// "<node> <seq>,...".
func parseUnban(field, value string) (unbanRecord, error) {
	g, rest, ok1 := strings.Cut(field, "|")
	_, p, ok2 := strings.Cut(rest, "|")
	gen, err1 := strconv.ParseUint(g, 10, 64)
	pfx, err2 := netip.ParsePrefix(p)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return unbanRecord{}, fmt.Errorf("malformed unban record %q", field)
	}
	u := unbanRecord{field: field, gen: gen, prefix: pfx, published: map[string]uint64{}}
	for pair := range strings.SplitSeq(value, ",") {
		node, s, ok := strings.Cut(pair, " ")
		seq, err := strconv.ParseUint(s, 10, 64)
		if !ok || err != nil {
			return unbanRecord{}, fmt.Errorf("malformed unban record %q: %q", field, value)
		}
		u.published[node] = seq
	}
	return u, nil
}

// readUnbans returns the recorded network unbans of generation gen, and
// the fields of the others (of a stale generation, or malformed) to drop.
func readUnbans(ctx context.Context, rdb redis.UniversalClient, k keys, gen uint64) (cur []unbanRecord, drop []string, err error) {
	all, err := rdb.HGetAll(ctx, k.unbans).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("read network unbans: %w", err)
	}
	for f, v := range all {
		u, err := parseUnban(f, v)
		if err != nil || u.gen != gen {
			drop = append(drop, f)
			continue
		}
		cur = append(cur, u)
	}
	return cur, drop, nil
}

func liftedBy(us []unbanRecord, d Decision) bool {
	for _, u := range us {
		if u.lifts(d) {
			return true
		}
	}
	return false
}

// delIfLua deletes a key if it still holds the value read.
const delIfLua = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

var delIfScript = redis.NewScript(delIfLua)

// cleanUnbans deletes the snapshot keys the recorded network unbans lifted,
// then the records. A node that crashes part-way leaves the records; the
// next start of any node finishes (readSnapshot honours them meanwhile).
func cleanUnbans(ctx context.Context, rdb redis.UniversalClient, k keys) error {
	gen, err := generation(ctx, rdb, k)
	if err != nil {
		return err
	}
	us, drop, err := readUnbans(ctx, rdb, k, gen)
	if err != nil {
		return err
	}
	if len(us) > 0 {
		var cursor uint64
		for {
			ks, next, err := rdb.Scan(ctx, cursor, k.banGenPattern(gen), 2000).Result()
			if err != nil {
				return fmt.Errorf("clean network unbans: %w", err)
			}
			if err := delLifted(ctx, rdb, ks, us); err != nil {
				return err
			}
			if next == 0 {
				break
			}
			cursor = next
		}
		for _, u := range us {
			drop = append(drop, u.field)
		}
	}
	if len(drop) > 0 {
		if err := rdb.HDel(ctx, k.unbans, drop...).Err(); err != nil {
			return fmt.Errorf("clean network unbans: %w", err)
		}
	}
	return nil
}

// delLifted deletes those of keys whose ban one of us lifted: one MGET,
// then the compare-and-deletes in one pipeline (one round trip per SCAN
// batch, not one per key: a /8 unban over 60,000 keys took ~20 s).
func delLifted(ctx context.Context, rdb redis.UniversalClient, ks []string, us []unbanRecord) error {
	if len(ks) == 0 {
		return nil
	}
	vals, err := rdb.MGet(ctx, ks...).Result()
	if err != nil {
		return fmt.Errorf("clean network unbans: %w", err)
	}
	loaded := false
	_, err = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, v := range vals {
			raw, ok := v.(string)
			if !ok {
				continue
			}
			d, err := Decode([]byte(raw))
			if err != nil || d.Op != OpBan || !liftedBy(us, d) {
				continue
			}
			if !loaded {
				// EVAL loads the script (a restarted Redis has none).
				p.Eval(ctx, delIfLua, []string{ks[i]}, raw)
				loaded = true
			} else {
				p.EvalSha(ctx, delIfScript.Hash(), []string{ks[i]}, raw)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clean network unbans: %w", err)
	}
	return nil
}
