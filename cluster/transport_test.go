package cluster

import (
	"context"
	"net/netip"
	"strconv"
	"testing"
	"time"

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
