//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// ownedHarness is a daemon on nftables with the default [firewall]: the
// table owned (no shared_table).
func ownedHarness(t *testing.T, extra string) *harness {
	h := newHarness(t, extra)
	cfg, _ := os.ReadFile(h.cfgPath)
	cfg = []byte(strings.Replace(string(cfg), `backend = "none"`, `backend = "nftables"`, 1))
	if err := os.WriteFile(h.cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestOwnedTable (review s12 items 1, 2, 4, 11): the running daemon owns
// its nftables table. Another process can neither add an allow element
// (which unbanned silently) nor shorten a ban's timeout beside a stranger
// (which undid it silently), `nft flush ruleset` leaves the table, a
// second daemon on the same table is refused at start and exits (two
// daemons repaired against each other ~1,250 times a second), the CLI's
// own backend is refused while the daemon runs and works once it stopped.
func TestOwnedTable(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	ctx := context.Background()
	h := ownedHarness(t, "")
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	victim := netip.MustParsePrefix("203.0.113.5/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: victim, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	for _, fault := range [][]string{
		{"nft", "add", "element", "inet", "guardctl", "allow4", "{ 203.0.113.5 }"},
		{"nft", "add", "element", "inet", "guardctl", "ban4", "{ 203.0.113.5 timeout 1s expires 1s, 198.51.100.77 timeout 1h }"},
		{"nft", "delete", "table", "inet", "guardctl"},
	} {
		if out, err := ns.Output(fault...); err == nil {
			t.Errorf("%s: accepted beside the daemon (%s)", strings.Join(fault, " "), out)
		}
	}
	ns.Run(t, "nft", "flush", "ruleset")
	if got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", "ban4"); !strings.Contains(got, "203.0.113.5 timeout 1h") {
		t.Errorf("the ban lost its place or its time beside other processes:\n%s", got)
	}
	if got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", "allow4"); strings.Contains(got, "203.0.113.5") {
		t.Errorf("allow4 gained the banned address:\n%s", got)
	}

	// A second daemon (another state dir) on the same table: refused.
	h2 := ownedHarness(t, "")
	d2, err := New(Options{ConfigPath: h2.cfgPath, NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d2.Run(ctx) }()
	select {
	case err := <-done:
		if !errors.Is(err, firewall.ErrOwned) || !strings.Contains(err.Error(), "running guardctl daemon") {
			t.Errorf("second daemon: %v; want ErrOwned that names the running daemon", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a second daemon on the owned table kept running")
	}

	// The CLI's backend (firewall flush, offline verbs): refused now ...
	cli := openBackend(t, ns, "nftables")
	if err := cli.Flush(ctx); !errors.Is(err, firewall.ErrOwned) {
		t.Errorf("firewall flush beside the daemon = %v, want ErrOwned", err)
	}
	// ... and working once the daemon stopped, on the table it left.
	h.stop()
	if err := cli.Ensure(ctx); err != nil {
		t.Fatalf("offline Ensure after the daemon stopped: %v", err)
	}
	if es, err := cli.Lookup(ctx, victim); err != nil || len(es) != 1 {
		t.Fatalf("the ban after the daemon stopped: %v, %v", es, err)
	}
	if err := cli.Unban(ctx, []netip.Prefix{victim}); err != nil {
		t.Errorf("offline unban after the daemon stopped: %v", err)
	}
}

// TestSharedTable: with [firewall] shared_table = true other processes may
// write the table while the daemon runs (the setups that need it).
func TestSharedTable(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := ownedHarness(t, "")
	cfg, _ := os.ReadFile(h.cfgPath)
	cfg = []byte(strings.Replace(string(cfg), `backend = "nftables"`, "backend = \"nftables\"\nshared_table = true", 1))
	if err := os.WriteFile(h.cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 198.51.100.77 timeout 1h }")
}
