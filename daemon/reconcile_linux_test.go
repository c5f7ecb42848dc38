//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// kernelBackend opens the nftables backend in ns, set up (Ensure).
func kernelBackend(t testing.TB, ns *netnstest.NS) firewall.Backend {
	t.Helper()
	b := openBackend(t, ns, firewall.DefaultConfig().Backend)
	if err := b.Ensure(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b
}

// openBackend opens the backend named in ns, for a test to read or change
// the kernel beside the daemon; closed at the test's end.
func openBackend(t testing.TB, ns *netnstest.NS, name string) firewall.Backend {
	t.Helper()
	cfg := firewall.DefaultConfig()
	cfg.Backend, cfg.NetNS = name, ns.Path
	b, err := backend.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func kernelSet(t *testing.T, b firewall.Backend) map[netip.Prefix]time.Duration {
	t.Helper()
	es, err := b.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[netip.Prefix]time.Duration{}
	for _, e := range es {
		m[e.Prefix] = e.Expires
	}
	return m
}

func nftHarness(t testing.TB) *harness { return harnessOn(t, "nftables", "") }

// harnessOn is newHarness(t, extraCfg) with the backend named. The table
// is shared (shared_table = true): these tests play the other process that
// changes it beside the daemon, which an owned table refuses
// (TestOwnedTable covers the default).
func harnessOn(t testing.TB, backendName, extraCfg string) *harness {
	h := newHarness(t, extraCfg)
	cfg, _ := os.ReadFile(h.cfgPath)
	cfg = []byte(strings.Replace(string(cfg), `backend = "none"`, `backend = "`+backendName+"\"\nshared_table = true", 1))
	if err := os.WriteFile(h.cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestReconcileAtStart: stored bans missing from the kernel are loaded with
// their remaining time, kernel elements the store does not know are
// removed, expired stored bans are dropped; then a flushed ruleset is
// repaired by the health check.
func TestReconcileAtStart(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	unknown := netip.MustParsePrefix("198.51.100.50/32")
	if err := fw.Ban(context.Background(), []firewall.Ban{{Prefix: unknown, Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	h := nftHarness(t)
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	active := netip.MustParsePrefix("203.0.113.20/32")
	expired := netip.MustParsePrefix("203.0.113.21/32")
	if _, err := s.Write(state.Batch{Put: []state.Ban{
		{Prefix: active, Reason: "r", Start: now.Add(-time.Hour), Expires: now.Add(time.Hour), Origin: state.OriginAuto, Offence: 1},
		{Prefix: expired, Reason: "r", Start: now.Add(-2 * time.Hour), Expires: now.Add(-time.Minute), Origin: state.OriginAuto, Offence: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	h.start(Options{NetNS: ns.Path, HealthEvery: time.Millisecond})
	k := kernelSet(t, fw)
	if _, ok := k[unknown]; ok {
		t.Error("a kernel element the store does not know survived reconciliation")
	}
	if left, ok := k[active]; !ok || left > time.Hour || left < 59*time.Minute {
		t.Errorf("stored ban in the kernel: %v, timeout %s; want about 1h left", ok, left)
	}
	if _, ok := k[expired]; ok {
		t.Error("expired ban loaded into the kernel")
	}
	if _, ok := h.banned("203.0.113.21"); ok {
		t.Error("expired ban still listed")
	}

	// Someone runs `nft flush ruleset`: the health check restores it.
	ns.Run(t, "nft", "flush", "ruleset")
	eventually(t, 5*time.Second, "ruleset repaired with the ban", func() bool {
		es, err := fw.List(context.Background())
		if err != nil {
			return false
		}
		for _, e := range es {
			if e.Prefix == active {
				return true
			}
		}
		return false
	})
}

// TestReconcileAdoptsWithEmptyStore: a new (or moved-aside) store must not
// make the start unban everyone: the kernel's elements are adopted.
func TestReconcileAdoptsWithEmptyStore(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	kept := netip.MustParsePrefix("198.51.100.60/32")
	if err := fw.Ban(context.Background(), []firewall.Ban{{Prefix: kept, Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path})
	if _, ok := kernelSet(t, fw)[kept]; !ok {
		t.Fatal("the kernel's ban was removed by a start with an empty store")
	}
	b, ok := h.banned("198.51.100.60")
	if !ok || b.Reason != "adopted from kernel" || b.Expires.Before(time.Now().Add(59*time.Minute)) {
		t.Errorf("adopted ban = %+v, %v", b, ok)
	}
}

// TestStopLeavesBansUnlessFlushOnExit: SIGTERM leaves bans in the kernel to
// expire on their own; with daemon.flush_on_exit they go.
func TestStopLeavesBansUnlessFlushOnExit(t *testing.T) {
	netnstest.Require(t, "nft")
	for _, flush := range []bool{false, true} {
		ns := netnstest.New(t)
		fw := kernelBackend(t, ns)
		h := nftHarness(t)
		if flush {
			cfg, _ := os.ReadFile(h.cfgPath)
			if err := os.WriteFile(h.cfgPath, []byte(strings.Replace(string(cfg), "[daemon]\n", "[daemon]\nflush_on_exit = true\n", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		h.start(Options{NetNS: ns.Path})
		h.append(clfLine("203.0.113.30", "/wp-login.php"))
		eventually(t, 3*time.Second, "ban", func() bool { _, ok := h.banned("203.0.113.30"); return ok })
		h.stop()
		_, inKernel := kernelSet(t, fw)[netip.MustParsePrefix("203.0.113.30/32")]
		if inKernel == flush {
			t.Errorf("flush_on_exit=%v: ban in the kernel after stop = %v", flush, inKernel)
		}
	}
}

// TestKernelRefusalIsKernelError: a ban the store took but the kernel
// refused reaches the admin as a kernel failure (the CLI's exit 8), through
// the socket as directly, not as "the daemon refused the request" (9).
func TestKernelRefusalIsKernelError(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, NoRepair: true})
	// Someone replaced our sets with full ones: the kernel refuses more.
	ns.Run(t, "nft", "flush", "ruleset")
	ns.Run(t, "nft", "add", "table", "inet", "guardctl")
	ns.Run(t, "nft", "add set inet guardctl ban4 { type ipv4_addr; flags interval,timeout; size 1; }")
	ns.Run(t, "nft", "add element inet guardctl ban4 { 192.0.2.200 }")
	req := control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.30/32"), Duration: time.Hour}
	if _, err := h.d.Ban(context.Background(), req); !errors.Is(err, control.ErrKernel) {
		t.Errorf("Ban into a full set = %v, want ErrKernel", err)
	}
	c := control.Dial(filepath.Join(h.dir, "g.sock"))
	defer c.Close()
	req.Prefix = netip.MustParsePrefix("203.0.113.31/32")
	if _, err := c.Ban(context.Background(), req); !errors.Is(err, control.ErrKernel) {
		t.Errorf("Ban over the socket into a full set = %v, want ErrKernel", err)
	}
}

// TestReconcileClampsAdoptedTimeouts: a kernel element whose timeout
// reaches past 2262 made the adoption's store write fail, and the daemon
// exit at every start. It is adopted with the latest expiry the store holds.
func TestReconcileClampsAdoptedTimeouts(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	far := netip.MustParsePrefix("198.51.100.61/32")
	if err := fw.Ban(context.Background(), []firewall.Ban{{Prefix: far, Timeout: 250 * 365 * 24 * time.Hour}}); err != nil {
		t.Fatal(err)
	}
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path})
	b, ok := h.banned("198.51.100.61")
	if !ok || !b.Expires.Equal(state.MaxTime()) {
		t.Errorf("adopted ban = %+v (found %v), want expiry clamped to %s", b, ok, state.MaxTime())
	}
}
