package cluster

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/nodename"
)

// Status is the cluster as Redis shows it: `guardctl cluster status`.
type Status struct {
	Redis   string  `json:"redis"`
	Healthy bool    `json:"healthy"`
	Error   string  `json:"error,omitempty"`
	Version string  `json:"redis_version,omitempty"`
	PingMs  float64 `json:"ping_ms"`
	// Stream: entries kept (each holds one decision, or up to 100 of a
	// burst), the newest one's id, entries ever added.
	StreamLength int64        `json:"stream_length"`
	StreamLast   string       `json:"stream_last,omitempty"`
	StreamAdded  int64        `json:"stream_added"`
	BansShared   int64        `json:"bans_shared"`
	Nodes        []NodeStatus `json:"nodes"`
	// BadNodes counts the fields of the nodes hash that are no node's
	// heartbeat: a name the node-name rule refuses, or a heartbeat that
	// does not parse or names another node. They are not listed: a name
	// is printed to the terminal as it is, control bytes and all.
	BadNodes int `json:"bad_nodes,omitempty"`
}

// NodeStatus is one node's last heartbeat, judged.
type NodeStatus struct {
	Heartbeat
	// Age is how long ago the heartbeat was written (Redis time).
	Age   time.Duration `json:"age"`
	Alive bool          `json:"alive"`
	// LagMs is how far (in the stream's time) the node's applied position
	// is behind the stream's newest decision.
	LagMs int64 `json:"lag_ms"`
	// Skewed: the node's clock is off Redis's by more than a second.
	Skewed bool `json:"skewed"`
}

// aliveWithin: a node that has not beaten for this long is shown as gone.
const aliveWithin = 5 * time.Second

// ReadStatus reads the cluster's state from Redis. A Redis that cannot be
// reached is a Status with Healthy false, not an error.
func ReadStatus(ctx context.Context, cfg Config) Status {
	st := Status{Redis: cfg.Target()}
	rdb := cfg.Client()
	defer rdb.Close()
	k := keysFor(cfg.KeyPrefix)
	fail := func(err error) Status {
		st.Healthy, st.Error = false, err.Error()
		return st
	}
	t0 := time.Now()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fail(err)
	}
	st.PingMs = float64(time.Since(t0).Microseconds()) / 1000
	st.Healthy = true
	if info, err := rdb.Info(ctx, "server").Result(); err == nil {
		st.Version = redisVersion(info)
		if err := checkVersion(st.Version, minRedisVersion); err != nil {
			// Reached but refused by every node: not healthy.
			st.Healthy, st.Error = false, err.Error()
		}
	}
	now, err := rdb.Time(ctx).Result()
	if err != nil {
		return fail(err)
	}
	if xi, err := rdb.XInfoStream(ctx, k.stream).Result(); err == nil {
		st.StreamLength, st.StreamLast, st.StreamAdded = xi.Length, xi.LastGeneratedID, xi.EntriesAdded
	}
	var cursor uint64
	for {
		ks, next, err := rdb.Scan(ctx, cursor, k.banPattern(), 5000).Result()
		if err != nil {
			return fail(err)
		}
		st.BansShared += int64(len(ks))
		if next == 0 {
			break
		}
		cursor = next
	}
	beats, err := rdb.HGetAll(ctx, k.nodes).Result()
	if err != nil {
		return fail(err)
	}
	lastMs, _ := splitID(st.StreamLast)
	for name, raw := range beats {
		var hb Heartbeat
		if err := json.Unmarshal([]byte(raw), &hb); err != nil || hb.Node != name || nodename.Check(name) != nil {
			st.BadNodes++
			continue
		}
		ns := NodeStatus{Heartbeat: hb, Age: now.Sub(time.UnixMilli(hb.RedisMs)).Round(time.Millisecond)}
		ns.Alive = ns.Age <= aliveWithin
		if pm, _ := splitID(hb.Position); st.StreamLast != "" && compareIDs(hb.Position, st.StreamLast) < 0 {
			ns.LagMs = int64(lastMs - min(pm, lastMs))
		}
		ns.Skewed = hb.OffsetMs > maxSkew.Milliseconds() || hb.OffsetMs < -maxSkew.Milliseconds()
		st.Nodes = append(st.Nodes, ns)
	}
	slices.SortFunc(st.Nodes, func(a, b NodeStatus) int { return strings.Compare(a.Node, b.Node) })
	return st
}
