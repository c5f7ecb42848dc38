package cluster

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// minRedisVersion is the oldest Redis the cluster mode uses: the count
// script reads the marks' times with ZMSCORE and the nodes read the marks
// with ZRANGE ... BYSCORE (both 6.2). On an older server the script
// failed at its first call with a client at half its limit, and before
// its writes were moved after that read it had already written the
// client's claim: no node banned the client, and every node's counts of
// it were discarded while the claim lived (review s7,
// TestRedisTooOldRefused). So a node reads the version once when it
// first reaches Redis and refuses an older one: no publishing, following
// or counting through it (the node judges and enforces alone, its own
// decisions queued on disk), an error in `guardctl status` and one in
// the log.
var minRedisVersion = [2]int{6, 2}

// redisVersion reads redis_version from an INFO server reply.
func redisVersion(info string) string {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:"); ok {
			return v
		}
	}
	return ""
}

// checkVersion says why version (major.minor[.patch]) is under min, or
// nil. A version that does not read as numbers is taken as new enough
// (a fork's own numbering): the script's own errors then show.
func checkVersion(version string, min [2]int) error {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return nil
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return nil
	}
	if major > min[0] || major == min[0] && minor >= min[1] {
		return nil
	}
	return fmt.Errorf("redis %s is too old: cluster mode needs Redis %d.%d or later (ZMSCORE, ZRANGE BYSCORE); this node judges and enforces alone until Redis is upgraded and the daemon restarted", version, min[0], min[1])
}

// checkRedis returns an error if the server is too old for the cluster
// mode, read once (INFO server) at the first call that reaches it; the
// heartbeat, the follower, the publisher and the counter call it before
// they use Redis. A failed read is returned as is (Redis away) and read
// again at the next call.
func (n *Node) checkRedis(ctx context.Context) error {
	if n.redisOK.Load() {
		return nil
	}
	if msg := n.redisTooOld.Load(); msg != nil {
		return fmt.Errorf("%s", *msg)
	}
	info, err := n.rdb.Info(ctx, "server").Result()
	if redis.HasErrorPrefix(err, "NOPERM") {
		// An ACL user without INFO (it needed none before): the version
		// is not known, and not refused. On a server too old the count
		// script fails writing nothing (its first read is ZMSCORE's).
		n.log.Warn("cluster: the redis user may not run INFO, so the server's version (6.2 or later needed) is not checked", "err", err)
		n.redisOK.Store(true)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read redis version: %w", err)
	}
	v := redisVersion(info)
	if err := checkVersion(v, n.opts.minRedis); err != nil {
		msg := err.Error()
		if n.redisTooOld.CompareAndSwap(nil, &msg) {
			n.log.Error("cluster: refusing this Redis", "redis", n.cfg.Target(), "version", v, "err", err)
		}
		n.connected.Store(false)
		n.lastErr.Store(&msg)
		return err
	}
	n.redisOK.Store(true)
	return nil
}

// refusedRedis is checkRedis's verdict without asking Redis: an error
// once the server was found too old, else nil (also while not known).
func (n *Node) refusedRedis() error {
	if msg := n.redisTooOld.Load(); msg != nil {
		return fmt.Errorf("%s", *msg)
	}
	return nil
}
