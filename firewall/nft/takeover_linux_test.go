//go:build linux

package nft

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestOwnerTakesOverUnownedTable (session 13): a host upgraded from a
// guardctl without table ownership has our table unowned and without the
// persist flag, which the kernel never lets become owned. The daemon's
// start (Ensure with Owner) replaces it in ONE transaction (the ruleset
// generation moves by exactly one) with an owned table holding every ban
// with the time it had left, and the allow list. Before, the table stayed
// unowned (writable by anyone) until `guardctl firewall teardown`.
func TestOwnerTakesOverUnownedTable(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	ctx := context.Background()
	old := open(t, ns, nil) // Owner false: the table an older guardctl made
	bans := []firewall.Ban{
		{Prefix: netip.MustParsePrefix("100.64.0.1/32"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("100.64.0.2/32")}, // no timeout: permanent
		{Prefix: netip.MustParsePrefix("198.51.100.0/24"), Timeout: 2 * time.Hour},
		{Prefix: netip.MustParsePrefix("2001:db8::1/128"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("2001:db8:1:2::/64"), Timeout: 3 * time.Hour},
		{Prefix: netip.MustParsePrefix("2001:db8:100::/48"), Timeout: time.Hour},
	}
	if err := old.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	allow := []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	if err := old.SetAllow(ctx, allow); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	if f := tableFlagsJSON(t, ns.Run(t, "nft", "-j", "list", "table", "inet", "guardctl")); strings.Contains(f, "owner") || strings.Contains(f, "persist") {
		t.Fatalf("the old table has flags %q (the test's premise: unowned, no persist)", f)
	}

	cfg := firewall.DefaultConfig()
	cfg.NetNS = ns.Path
	cfg.Owner = true
	b, err := New(ctx, cfg, slog.New(slog.NewTextHandler(testWriter{t}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	gen0, err := generation(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ensure(ctx); err != nil {
		t.Fatalf("Ensure with Owner on the unowned table: %v", err)
	}
	gen1, err := generation(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	if gen1 != gen0+1 {
		t.Errorf("the start committed %d transactions, want 1 (delete, create and refill together)", gen1-gen0)
	}
	got := ns.Run(t, "nft", "-j", "list", "table", "inet", "guardctl")
	// nft names the owner flag; older nft prints persist as "unknown", so
	// the kernel's flags are read too.
	if f := tableFlagsJSON(t, got); !strings.Contains(f, "owner") {
		t.Errorf("after the start nft shows the table's flags as %s, want owner", f)
	}
	if tb, err := b.conn.ListTableOfFamily(cfg.Table, nftables.TableFamilyINet); err != nil {
		t.Error(err)
	} else if f := tableFlags(tb); f != tableFlagOwner|tableFlagPersist {
		t.Errorf("after the start the table's flags = %#x, want owner|persist (%#x)", f, tableFlagOwner|tableFlagPersist)
	}
	if _, err := ns.Output("nft", "delete", "table", "inet", "guardctl"); err == nil {
		t.Error("another process deleted the table after the start: not owned")
	}
	es, err := b.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	left := map[netip.Prefix]time.Duration{}
	for _, e := range es {
		left[e.Prefix] = e.Expires
	}
	for _, x := range bans {
		d, ok := left[x.Prefix]
		switch {
		case !ok:
			t.Errorf("%s lost in the take-over", x.Prefix)
		case x.Timeout == 0 && d != 0:
			t.Errorf("%s: permanent before, %v left after", x.Prefix, d)
		case x.Timeout > 0 && (d > x.Timeout || d < x.Timeout-time.Minute):
			t.Errorf("%s: %v left after the take-over, want about %v", x.Prefix, d, x.Timeout)
		}
	}
	for _, set := range []string{setAllow4, setAllow6} {
		out := ns.Run(t, "nft", "list", "set", "inet", "guardctl", set)
		if !strings.Contains(out, "192.0.2.0/24") && !strings.Contains(out, "2001:db8:ffff::/48") {
			t.Errorf("allow list lost in the take-over: %s", out)
		}
	}
	t.Logf("generation %d -> %d; table:\n%s", gen0, gen1, ns.Run(t, "nft", "list", "table", "inet", "guardctl"))
}

// tableFlagsJSON returns the flags of the table in `nft -j list table`.
func tableFlagsJSON(t *testing.T, out string) string {
	t.Helper()
	var doc struct {
		Nftables []map[string]json.RawMessage `json:"nftables"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("nft -j: %v\n%s", err, out)
	}
	for _, o := range doc.Nftables {
		if tb, ok := o["table"]; ok {
			var x struct {
				Flags json.RawMessage `json:"flags"`
			}
			_ = json.Unmarshal(tb, &x)
			return string(x.Flags)
		}
	}
	t.Fatalf("no table in nft -j output:\n%s", out)
	return ""
}

// testWriter sends the backend's log to the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestPersistProbedOnce (review rev-enforce s13 item 3): whether the kernel
// accepts the persist flag is asked once per backend, by a transaction the
// kernel aborts (the ruleset generation does not move, no scratch table
// is left); here (a kernel with persist) the answer is yes and the
// take-over runs; the next Ensure does not probe again. Kernels 5.12-6.8
// (owner without persist), where the probe says no and no take-over is
// tried, do not run here.
func TestPersistProbedOnce(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	ctx := context.Background()
	old := open(t, ns, nil)
	if err := old.Ban(ctx, []firewall.Ban{{Prefix: netip.MustParsePrefix("100.64.0.1/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	b := openOwner(t, ns)
	gen0, err := generation(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	ok := b.probePersist(ctx)
	b.mu.Unlock()
	gen1, err := generation(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Errorf("probe: this kernel (%s) has no persist flag?", ns.Run(t, "uname", "-r"))
	}
	if gen1 != gen0 {
		t.Errorf("the probe committed %d transactions, want none", gen1-gen0)
	}
	if out := ns.Run(t, "nft", "list", "tables"); strings.Contains(out, "probe") {
		t.Errorf("the probe left a table: %s", out)
	}
	for range 2 {
		if err := b.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if b.persistProbes != 1 {
		t.Errorf("%d probes for one backend, want 1", b.persistProbes)
	}
	if !b.owned {
		t.Error("not owned after Ensure: the take-over did not run")
	}
}

// TestTakeOverStopsWhenCancelled (review rev-enforce s13 item 4): a start
// cancelled (SIGTERM) during the take-over returns with the context's
// error and leaves the old table, unowned, with its bans: nothing half
// done. Only the read and the commit's start are cancellable; the commit
// itself is one kernel call.
func TestTakeOverStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	old := open(t, ns, nil)
	if err := old.Ban(context.Background(), []firewall.Ban{{Prefix: netip.MustParsePrefix("100.64.0.1/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	b := openOwner(t, ns)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Ensure(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Ensure with a cancelled context: %v, want context.Canceled", err)
	}
	got := ns.Run(t, "nft", "-j", "list", "table", "inet", "guardctl")
	if f := tableFlagsJSON(t, got); strings.Contains(f, "owner") {
		t.Errorf("table flags %s after a cancelled start, want the old table as it was", f)
	}
	if !strings.Contains(ns.Run(t, "nft", "list", "set", "inet", "guardctl", "ban4"), "100.64.0.1") {
		t.Error("the old table lost its ban")
	}
}

// openOwner opens a backend with Config.Owner in ns (the daemon's), closed
// at the test's end.
func openOwner(t *testing.T, ns *netnstest.NS) *Backend {
	t.Helper()
	cfg := firewall.DefaultConfig()
	cfg.NetNS = ns.Path
	cfg.Owner = true
	b, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(testWriter{t}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
