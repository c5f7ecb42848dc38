package rules

import (
	"net/url"
	"path/filepath"
	"time"

	"github.com/guardctl/guardctl/nodename"
)

// ClusterConfig is [cluster]: guardctl nodes sharing bans and offence
// history through one Redis (see docs/cluster.md). Empty redis_url and no
// sentinels: the node runs alone. Secrets come from files only.
type ClusterConfig struct {
	// RedisURL: redis://host:port/db, rediss:// (TLS),
	// unix:///path/to/redis.sock?db=N, or redis-sentinel://host:port,host:port/master?db=N.
	RedisURL string `toml:"redis_url"`
	// Sentinels and MasterName are the other way to name a Sentinel setup.
	Sentinels  []string `toml:"sentinels"`
	MasterName string   `toml:"master_name"`
	Node       string   `toml:"node"`       // default: the host name
	KeyPrefix  string   `toml:"key_prefix"` // default "guardctl:"
	Username   string   `toml:"username"`   // a Redis ACL user
	// PasswordFile holds the password (of the ACL user, or requirepass).
	PasswordFile string `toml:"password_file"`
	// SentinelPasswordFile holds the Sentinels' own password, if any.
	SentinelPasswordFile string `toml:"sentinel_password_file"`
	// TLSCAFile verifies a rediss:// server with this CA instead of the
	// system's.
	TLSCAFile string `toml:"tls_ca_file"`
	// StreamMaxLen bounds the decision stream (trimmed approximately);
	// a node that falls further behind reads the snapshot. Default 1,000,000.
	StreamMaxLen int `toml:"stream_max_len,positive"`
	// QueueMax bounds the decisions kept on disk while Redis is away.
	// Default 100,000.
	QueueMax int `toml:"queue_max,positive"`
	// BatchInterval is how often cluster-scoped counts are combined.
	// Default 50ms.
	BatchInterval time.Duration `toml:"batch_interval,positive"`
}

// Enabled reports whether [cluster] names a Redis.
func (c ClusterConfig) Enabled() bool { return c.RedisURL != "" || len(c.Sentinels) > 0 }

var clusterSchemes = []string{"redis", "rediss", "unix", "redis-sentinel"}

func (c *Config) validateCluster(v *validator) {
	cl := c.Cluster
	p := keyPath{{key: "cluster"}}
	if cl.RedisURL != "" {
		u, err := url.Parse(cl.RedisURL)
		switch {
		case err != nil:
			v.fail(p.child("redis_url"), "bad URL: %v", err)
		case u.User != nil && u.User.String() != "" && hasPassword(u):
			v.fail(p.child("redis_url"), "holds a password: put it in password_file (secrets never go in the config)")
		default:
			v.enum(p.child("redis_url"), u.Scheme, clusterSchemes)
		}
		if len(cl.Sentinels) > 0 {
			v.fail(p.child("sentinels"), "give either redis_url or sentinels + master_name, not both")
		}
	}
	if len(cl.Sentinels) > 0 && cl.MasterName == "" {
		v.fail(p.child("master_name"), "missing: sentinels need the name of the master they watch")
	}
	if cl.MasterName != "" && len(cl.Sentinels) == 0 {
		v.fail(p.child("master_name"), "set without sentinels")
	}
	for _, kv := range []struct{ key, val string }{{"password_file", cl.PasswordFile}, {"sentinel_password_file", cl.SentinelPasswordFile}, {"tls_ca_file", cl.TLSCAFile}} {
		if kv.val != "" && !filepath.IsAbs(kv.val) {
			v.fail(p.child(kv.key), "%q is not absolute", kv.val)
		}
	}
	if cl.Node != "" {
		if err := nodename.Check(cl.Node); err != nil {
			v.fail(p.child("node"), "%v", err)
		}
	}
	for i, t := range c.Throttles {
		at := pathOf(t.at, "throttle", 0, t.ID)
		if len(t.at) == 0 && t.ID == "" {
			at = keyPath{{key: "throttle", index: i + 1}}
		}
		if !v.enum(at.child("scope"), t.Scope, throttleScopes) || t.Scope != ScopeCluster || t.Disabled {
			continue
		}
		switch {
		case !cl.Enabled():
			v.fail(at.child("scope"), "\"cluster\" needs a [cluster] section with redis_url or sentinels")
		case t.DistinctPaths:
			v.fail(at.child("scope"), "\"cluster\" counts requests; distinct_paths is counted on each node alone")
		}
	}
}

// Throttle scopes: where a throttle's count is kept.
const (
	ScopeNode    = "node"
	ScopeCluster = "cluster"
)

var throttleScopes = []string{"", ScopeNode, ScopeCluster}

func hasPassword(u *url.URL) bool {
	_, ok := u.User.Password()
	return ok
}
