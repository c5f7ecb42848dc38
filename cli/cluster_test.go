package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/rules"
)

func TestClusterStatusCLI(t *testing.T) {
	r := clustertest.Start(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "g.toml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf("[cluster]\nredis_url = %q\nnode = \"web-1\"\n", r.URL())), 0o644); err != nil {
		t.Fatal(err)
	}
	// One node beats and publishes a ban.
	cfg, err := cluster.FromRules(rules.ClusterConfig{RedisURL: r.URL(), Node: "web-1"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := cluster.New(cfg, cluster.Options{Dir: dir, Apply: func(context.Context, cluster.Batch) error { return nil }, HeartbeatEvery: 50 * time.Millisecond, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	now := time.Now()
	n.Publish(cluster.Decision{Op: cluster.OpBan, Prefix: netip.MustParsePrefix("203.0.113.7/32"), At: now.UnixMilli(), Expires: now.Add(time.Hour).UnixMilli(), Reason: "trap"})
	deadline := time.Now().Add(5 * time.Second)
	for n.Stats().Published != 1 || n.Stats().Position == "" {
		if time.Now().After(deadline) {
			t.Fatalf("node did not publish: %+v", n.Stats())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(120 * time.Millisecond) // one more heartbeat

	res := guardctl(t, "", "cluster", "status", "--config", cfgPath)
	code, out, errOut := res.code, res.stdout, res.stderr
	if code != 0 || !strings.Contains(out, "healthy") || !strings.Contains(out, "1 shared") || !strings.Contains(out, "web-1") || !strings.Contains(out, "alive") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	res = guardctl(t, "", "cluster", "status", "--config", cfgPath, "-o", "json")
	code, out = res.code, res.stdout
	var st cluster.Status
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || len(st.Nodes) != 1 || st.Nodes[0].Published != 1 || st.BansShared != 1 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}

	r.Stop()
	res = guardctl(t, "", "cluster", "status", "--config", cfgPath)
	code, out, errOut = res.code, res.stdout, res.stderr
	if code != exitDaemon || !strings.Contains(out, "UNREACHABLE") {
		t.Fatalf("with Redis gone: exit %d\n%s\n%s", code, out, errOut)
	}
	os.WriteFile(cfgPath, nil, 0o644)
	if res = guardctl(t, "", "cluster", "status", "--config", cfgPath); res.code != exitConfig || !strings.Contains(res.stderr, "no [cluster]") {
		t.Fatalf("without [cluster]: %s", res)
	}
}
