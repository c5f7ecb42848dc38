package cluster

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

// A ban travels over TLS (rediss://, the server's CA from tls_ca_file).
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	ca, cert, key := clustertest.TLSFiles(t, dir)
	port := clustertest.FreePort(t)
	r := clustertest.Start(t, "--tls-port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", ca, "--tls-auth-clients", "no")
	url := "rediss://127.0.0.1:" + strconv.Itoa(port)
	a := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL, c.TLSCAFile = url, ca })
	b := startNode(t, r, "b", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL, c.TLSCAFile = url, ca })
	waitFor(t, 10*time.Second, "both connected over TLS", func() bool { return a.Stats().Connected && b.Stats().Snapshots == 1 })
	p := netip.MustParsePrefix("203.0.113.70/32")
	a.Publish(ban(p.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's ban", func() bool { return b.sink.count(OpBan, p) == 1 })

	// Without the CA the server is not trusted.
	x := startNode(t, r, "x", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = url })
	time.Sleep(300 * time.Millisecond)
	if s := x.Stats(); s.Connected {
		t.Fatal("connected to a server whose certificate no trusted CA signed")
	}
}

// A ban travels through the master a Sentinel names
// (redis-sentinel://host:port/master).
func TestSentinel(t *testing.T) {
	port := clustertest.FreePort(t)
	r := clustertest.Start(t, "--port", strconv.Itoa(port), "--bind", "127.0.0.1")
	sentinel := clustertest.StartSentinel(t, "gmaster", port)
	url := "redis-sentinel://" + sentinel + "/gmaster"
	a := startNode(t, r, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = url })
	b := startNode(t, r, "b", t.TempDir(), func(c *rules.ClusterConfig) {
		c.RedisURL, c.Sentinels, c.MasterName = "", []string{sentinel}, "gmaster"
	})
	waitFor(t, 10*time.Second, "both connected through the sentinel", func() bool { return a.Stats().Connected && b.Stats().Snapshots == 1 })
	p := netip.MustParsePrefix("203.0.113.71/32")
	a.Publish(ban(p.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's ban", func() bool { return b.sink.count(OpBan, p) == 1 })
}

// An ACL user with only the rights examples/cluster.toml lists, limited
// to the cluster's keys, is enough for a node (username + password_file).
func TestACLUser(t *testing.T) {
	dir := t.TempDir()
	pass := dir + "/pass"
	if err := writeFile(pass, "acl-secret\n"); err != nil {
		t.Fatal(err)
	}
	r := clustertest.Start(t, "--user", "guardctl", "on", ">acl-secret", "~t:*",
		"+@read", "+@write", "+@stream", "+@keyspace", "+@connection", "+evalsha", "+eval", "+time", "+info")
	acl := func(c *rules.ClusterConfig) { c.Username, c.PasswordFile = "guardctl", pass }
	a := startNode(t, r, "a", t.TempDir(), acl)
	b := startNode(t, r, "b", t.TempDir(), acl)
	waitFor(t, 10*time.Second, "both connected as the ACL user", func() bool { return a.Stats().Connected && b.Stats().Snapshots == 1 })
	p := netip.MustParsePrefix("203.0.113.72/32")
	a.Publish(ban(p.String(), time.Hour))
	waitFor(t, 10*time.Second, "b applies a's ban", func() bool { return b.sink.count(OpBan, p) == 1 })
	waitFor(t, 10*time.Second, "a's queue empty", func() bool { return a.Stats().Queued == 0 && a.Stats().Error == "" })
	c := a.Counter()
	c.Add(c.Rule("x", time.Minute, 0), p)
	if _, err := c.Flush(context.Background(), time.Now()); err != nil {
		t.Fatalf("cluster counts as the ACL user: %v", err)
	}
}

// A failover behind Sentinel loses no decided ban: a master and its
// replica, one Sentinel (down after 500 ms); node a publishes bans in
// small batches while the master is killed (SIGKILL) halfway; Sentinel
// promotes the replica, both nodes reconnect through it, and b and the
// new master have every ban a decided. a waits for the replica (WAIT) on
// each chunk, so a chunk the dead master acknowledged but had not passed
// on would still be in a's queue and sent again (on loopback the replica
// keeps up anyway: this test shows the failover, not that window).
// Bounded: at most about 30 s.
func TestSentinelFailoverLosesNoBan(t *testing.T) {
	mport, rport := clustertest.FreePort(t), clustertest.FreePort(t)
	// No 5 s wait (Redis 7's default) for more replicas before the first
	// full sync.
	master := clustertest.Start(t, "--port", strconv.Itoa(mport), "--bind", "127.0.0.1", "--repl-diskless-sync-delay", "0")
	replica := clustertest.Start(t, "--port", strconv.Itoa(rport), "--bind", "127.0.0.1",
		"--replicaof", "127.0.0.1", strconv.Itoa(mport))
	ctx := context.Background()
	rc := redis.NewClient(&redis.Options{Network: "unix", Addr: replica.Socket})
	defer rc.Close()
	replicaSynced := func() bool {
		info, _ := rc.Info(ctx, "replication").Result()
		return strings.Contains(info, "master_link_status:up")
	}
	// The replica is in sync before the Sentinel starts: a Sentinel learns
	// a master's replicas from its INFO, asked at once and then only every
	// 10 s.
	waitFor(t, 5*time.Second, "the replica in sync", replicaSynced)
	sentinel := clustertest.StartSentinel(t, "gm", mport,
		"sentinel down-after-milliseconds gm 500", "sentinel failover-timeout gm 3000")
	sc := redis.NewSentinelClient(&redis.Options{Addr: sentinel})
	defer sc.Close()
	waitFor(t, 5*time.Second, "the sentinel knows the replica", func() bool {
		reps, err := sc.Replicas(ctx, "gm").Result()
		return err == nil && len(reps) == 1 && !strings.Contains(reps[0]["flags"], "disconnected") && replicaSynced()
	})
	url := "redis-sentinel://" + sentinel + "/gm"
	a := startNode(t, master, "a", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = url })
	b := startNode(t, master, "b", t.TempDir(), func(c *rules.ClusterConfig) { c.RedisURL = url })
	waitFor(t, 5*time.Second, "both connected, a sees the replica", func() bool {
		return a.Stats().Connected && b.Stats().Snapshots == 1 && a.replicas.Load() == 1
	})

	const batches, per = 40, 20
	var want []netip.Prefix
	for i := range batches {
		if i == batches/3 {
			master.Kill()
		}
		var ds []Decision
		for j := range per {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 18, byte(i), byte(j)}), 32)
			want = append(want, p)
			ds = append(ds, ban(p.String(), time.Hour))
		}
		a.Publish(ds...)
		time.Sleep(50 * time.Millisecond)
	}
	waitFor(t, 10*time.Second, "a's queue sent after the failover", func() bool {
		s := a.Stats()
		return s.Connected && s.Queued == 0 && s.Published >= batches*per
	})
	if role, _ := rc.Do(ctx, "role").Slice(); len(role) == 0 || role[0] != "master" {
		t.Fatalf("the replica was not promoted: role %v", role)
	}
	waitFor(t, 5*time.Second, "b has every ban", func() bool {
		for _, p := range want {
			if b.sink.count(OpBan, p) == 0 {
				return false
			}
		}
		return true
	})
	for _, p := range want {
		if n, err := rc.Exists(ctx, "t:ban:0:"+p.String()).Result(); err != nil || n != 1 {
			t.Fatalf("the new master has no snapshot key for %s (%v)", p, err)
		}
	}
	t.Logf("a: %+v", a.Stats())
	t.Logf("b: %+v", b.Stats())
}
