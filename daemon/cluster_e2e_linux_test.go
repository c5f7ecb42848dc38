//go:build linux

package daemon_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/redis/go-redis/v9"
)

// The cluster end-to-end test runs three real `guardctl run` daemons, each
// in a network namespace of its own with its own nftables table, sharing
// one real redis-server over a unix socket (a socket is a file: it reaches
// across network namespaces). It checks, in the three kernels:
//   - an offending line on node A bans the client in B's and C's kernels;
//   - an unban on C lifts it in A's and B's;
//   - Redis killed (SIGKILL) and restarted in the middle of a burst of
//     bans on A loses none: every one reaches B and C;
//   - C stopped while A decides 1,000 bans catches up when it starts again;
//   - a flood split by the balancer over the three logs (3 requests on
//     each, 9 in all) is banned by a scope = "cluster" throttle of 5,
//     which no node alone would do.

type clusterNode struct {
	t       *testing.T
	name    string
	bin     string
	ns      *netnstest.NS
	dir     string
	cfg     string
	logPath string
	socket  string
	cmd     *exec.Cmd
	done    chan struct{}
	fw      firewall.Backend
}

const clusterTable = "guardctlc"

func newClusterNode(t *testing.T, bin, name, redisURL string) *clusterNode {
	ns := netnstest.New(t)
	dir := t.TempDir()
	n := &clusterNode{t: t, name: name, bin: bin, ns: ns, dir: dir, cfg: filepath.Join(dir, "guardctl.toml"),
		logPath: filepath.Join(dir, "access.log"), socket: filepath.Join(dir, "g.sock")}
	cfg := fmt.Sprintf(`
[[source]]
path = %q

[traps]
paths = ["/wp-login.php"]
ban = "1h"

[[throttle]]
id = "vote-split"
methods = ["POST"]
path = "/vote"
statuses = [200]
requests = 8
window = "1m"
ban = "1h"
scope = "cluster"

[firewall]
backend = "nftables"
table = %q

[daemon]
state_dir = %q
socket = %q

[cluster]
redis_url = %q
node = %q
`, n.logPath, clusterTable, filepath.Join(dir, "state"), n.socket, redisURL, name)
	if err := os.WriteFile(n.cfg, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(n.logPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fwc := firewall.DefaultConfig()
	fwc.Backend, fwc.Table, fwc.NetNS = "nftables", clusterTable, ns.Path
	fw, err := backend.New(context.Background(), fwc, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.fw = fw
	t.Cleanup(func() {
		n.stop()
		_ = fw.Teardown(context.Background())
		fw.Close()
	})
	return n
}

func (n *clusterNode) start() {
	t := n.t
	t.Helper()
	cmd := exec.Command("ip", "netns", "exec", n.ns.Name, n.bin, "--log-level", "debug", "run", "--config", n.cfg)
	out, err := os.OpenFile(filepath.Join(n.dir, "daemon.log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	n.cmd, n.done = cmd, make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { _ = c.Wait(); close(done) }(cmd, n.done)
	n.wait(15*time.Second, "daemon "+n.name+" joined the cluster", func() bool {
		b, _ := os.ReadFile(filepath.Join(n.dir, "daemon.log"))
		return strings.Contains(string(b), "connected to redis") && strings.Contains(string(b), "guardctl running")
	})
}

func (n *clusterNode) stop() {
	if n.cmd == nil {
		return
	}
	_ = n.cmd.Process.Signal(syscall.SIGTERM) // ip netns exec execs guardctl: same PID
	select {
	case <-n.done:
	case <-time.After(10 * time.Second):
		_ = n.cmd.Process.Kill()
		<-n.done
		n.t.Errorf("%s did not stop on SIGTERM", n.name)
	}
	n.cmd = nil
}

func (n *clusterNode) log() string { return daemonLogTail(n.dir, 3000) }

func (n *clusterNode) wait(d time.Duration, what string, cond func() bool) {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			n.t.Fatalf("timed out after %s waiting for %s; %s's log:\n%s", d, what, n.name, n.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (n *clusterNode) kernel() map[netip.Prefix]bool {
	n.t.Helper()
	es, err := n.fw.List(context.Background())
	if err != nil {
		n.t.Fatalf("list %s's kernel set: %v", n.name, err)
	}
	m := make(map[netip.Prefix]bool, len(es))
	for _, e := range es {
		m[e.Prefix] = true
	}
	return m
}

func (n *clusterNode) appendLines(s string) {
	n.t.Helper()
	f, err := os.OpenFile(n.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		n.t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		n.t.Fatal(err)
	}
}

// burst is count trap lines from distinct clients in 100.64.base.0/...
func burst(base, count int) (string, []netip.Prefix) {
	var sb strings.Builder
	var ps []netip.Prefix
	for i := range count {
		ip := netip.AddrFrom4([4]byte{100, byte(64 + base), byte(i >> 8), byte(i)})
		sb.WriteString(line(ip, "/wp-login.php", 404))
		ps = append(ps, netip.PrefixFrom(ip, 32))
	}
	return sb.String(), ps
}

func missing(k map[netip.Prefix]bool, want []netip.Prefix) int {
	n := 0
	for _, p := range want {
		if !k[p] {
			n++
		}
	}
	return n
}

func TestClusterEndToEnd(t *testing.T) {
	netnstest.Require(t, "nft")
	clustertest.Require(t)
	bin := guardctlBinary(t)
	r := clustertest.Start(t)
	a := newClusterNode(t, bin, "web-a", r.URL())
	b := newClusterNode(t, bin, "web-b", r.URL())
	c := newClusterNode(t, bin, "web-c", r.URL())
	for _, n := range []*clusterNode{a, b, c} {
		n.start()
	}
	nodes := []*clusterNode{a, b, c}

	// An offending line on A bans the client in B's and C's kernels.
	victim := netip.MustParseAddr("203.0.113.7")
	vp := netip.PrefixFrom(victim, 32)
	a.appendLines(line(victim, "/wp-login.php", 404))
	for _, n := range nodes {
		n.wait(10*time.Second, "the ban in "+n.name+"'s kernel", func() bool { return n.kernel()[vp] })
	}
	// C's list (its store, written just after the kernel) says who
	// decided it.
	var bans []control.BanInfo
	c.wait(10*time.Second, "the ban in C's list", func() bool {
		var err error
		bans, err = control.Dial(c.socket).List(context.Background())
		return err == nil && len(bans) == 1
	})
	if bans[0].Reason != "trap:/wp-login.php (from web-a)" {
		t.Fatalf("C lists %+v", bans)
	}

	// Unban on C lifts it everywhere.
	if _, err := control.Dial(c.socket).Unban(context.Background(), control.UnbanRequest{Prefixes: []netip.Prefix{vp}}); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		n.wait(10*time.Second, "the unban in "+n.name+"'s kernel", func() bool { return !n.kernel()[vp] })
	}

	// Redis killed and restarted in the middle of a burst: no ban lost.
	first, ps1 := burst(1, 150)
	second, ps2 := burst(2, 150)
	a.appendLines(first)
	time.Sleep(30 * time.Millisecond)
	r.Kill()
	a.appendLines(second)
	a.wait(10*time.Second, "A enforces its burst alone", func() bool { return missing(a.kernel(), append(ps1, ps2...)) == 0 })
	r.Restart()
	for _, n := range nodes[1:] {
		n.wait(20*time.Second, "the whole burst in "+n.name+"'s kernel", func() bool { return missing(n.kernel(), append(ps1, ps2...)) == 0 })
	}

	// C stopped while A decides 1,000 bans catches up when it starts.
	c.stop()
	third, ps3 := burst(3, 1000)
	a.appendLines(third)
	b.wait(20*time.Second, "the 1,000 bans in B's kernel", func() bool { return missing(b.kernel(), ps3) == 0 })
	c.start()
	c.wait(20*time.Second, "the 1,000 bans in C's kernel after its restart", func() bool { return missing(c.kernel(), ps3) == 0 })
	if k := c.kernel(); len(k) != 1300 {
		t.Errorf("C's kernel holds %d bans, want 1300", len(k))
	}

	// A flood split over the three nodes, banned by the cluster's count:
	// 3 votes a node, 9 in all, against requests = 8. Two nodes' 6 do not
	// reach it (with requests = 5 they did, and on a loaded machine the
	// ban reached the third node before its check: CI at load 48).
	flooder := netip.MustParseAddr("198.51.100.50")
	fp := netip.PrefixFrom(flooder, 32)
	votes := strings.Repeat(fmt.Sprintf("%s - - [%s] \"POST /vote HTTP/1.1\" 200 12 \"-\" \"e2e\"\n",
		flooder, time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700")), 3)
	for _, n := range nodes {
		if n.kernel()[fp] {
			t.Fatal("the flooder is banned before it flooded")
		}
	}
	// A's and B's votes first: once Redis holds their 6 (or the rule's
	// marker, past its limit) and a few batch intervals passed, no kernel
	// may hold the ban; only then C's (revops-s10: the test passed with
	// requests = 5 too, where two nodes ban).
	a.appendLines(votes)
	b.appendLines(votes)
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	a.wait(10*time.Second, "A's and B's 6 votes counted in Redis", func() bool {
		n, marked := voteCount(rdb)
		return n >= 6 || marked
	})
	time.Sleep(10 * cluster.DefaultBatchInterval)
	for _, n := range nodes {
		if n.kernel()[fp] {
			t.Fatalf("two nodes' 6 votes banned the flooder in %s's kernel (requests = 8)", n.name)
		}
	}
	c.appendLines(votes)
	for _, n := range nodes {
		n.wait(10*time.Second, "the split flood banned in "+n.name+"'s kernel", func() bool { return n.kernel()[fp] })
	}
}

// voteCount sums the vote-split rule's counts in Redis (every window
// bucket, every client: only the flooder votes) and says whether a value
// is a marker (the limit was reached).
func voteCount(rdb *redis.Client) (n int, marked bool) {
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, "*count:vote-split:*").Result()
	if err != nil {
		return 0, false
	}
	for _, k := range keys {
		vals, err := rdb.HVals(ctx, k).Result()
		if err != nil {
			continue
		}
		for _, v := range vals {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				n += int(f)
			} else if strings.HasPrefix(v, "c") {
				marked = true
			}
		}
	}
	return n, marked
}
