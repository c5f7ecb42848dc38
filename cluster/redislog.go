package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RouteClientLogs sends the Redis client's own messages (dial failures,
// Sentinel switching masters) to l instead of the client's default, which
// prints to stderr past the daemon's log handler and format.
//
// go-redis has one logger for the whole process (redis.SetLogger; there
// is no per-client option), so this is the one process-wide setting the
// cluster code makes: the daemon calls it when it starts its node, and a
// guardctl process runs one daemon. A later call replaces the logger (the
// client stores it atomically).
func RouteClientLogs(l *slog.Logger) {
	redis.SetLogger(&clientLog{log: l.With("component", "redis-client"), last: map[string]time.Time{}})
}

// clientLog adapts go-redis's Printf logging to slog. The client repeats
// a dial failure on every retry while Redis is away (the node already
// says so once): a message with the same format is passed at most once
// per repeatEvery.
type clientLog struct {
	log  *slog.Logger
	mu   sync.Mutex
	last map[string]time.Time // format -> when last passed
}

const repeatEvery = 30 * time.Second

func (c *clientLog) Printf(ctx context.Context, format string, v ...any) {
	now := time.Now()
	c.mu.Lock()
	if t, ok := c.last[format]; ok && now.Sub(t) < repeatEvery {
		c.mu.Unlock()
		return
	}
	if len(c.last) > 1000 { // formats are few; bound it anyway
		clear(c.last)
	}
	c.last[format] = now
	c.mu.Unlock()
	msg := fmt.Sprintf(format, v...)
	level := slog.LevelWarn
	// Sentinel naming or finding a master is news, not trouble.
	if strings.HasPrefix(msg, "sentinel: new master") || strings.HasPrefix(msg, "sentinel: selected") || strings.HasPrefix(msg, "sentinel: discovered") {
		level = slog.LevelInfo
	}
	c.log.Log(ctx, level, msg)
}
