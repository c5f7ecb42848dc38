//go:build linux

package ipt

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestModeSwitchRemovesOtherFlavour (session 10, ops item 2): after
// [firewall] iptables_mode switches between nft and legacy, the GUARDCTL
// chain and its jumps stayed in the other flavour's tables, still
// dropping the banned addresses through the shared ipsets, and teardown
// failed (ipset cannot destroy a set a rule references). Now the start
// (Ensure) and teardown remove guardctl's own chain and jumps from the
// flavour not in use; the host's rules there stay.
func TestModeSwitchRemovesOtherFlavour(t *testing.T) {
	for _, tc := range []struct{ from, to string }{{"nft", "legacy"}, {"legacy", "nft"}} {
		t.Run(tc.from+"-to-"+tc.to, func(t *testing.T) {
			t.Parallel()
			netnstest.Require(t, binaries...)
			ctx := context.Background()
			for _, path := range []string{"ensure", "teardown"} {
				ns := netnstest.New(t)
				// A rule of the host's own in the old flavour: it stays.
				ns.Run(t, "iptables-"+tc.from, "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT")
				old := opener(tc.from)(t, ns, func(c *firewall.Config) { c.Forward = true })
				if err := old.Ban(ctx, firewalltest.Many(5, time.Hour)); err != nil {
					t.Fatal(err)
				}
				cfg := firewall.DefaultConfig()
				cfg.Backend, cfg.IPTablesMode, cfg.NetNS, cfg.Forward = firewall.BackendIPTables, tc.to, ns.Path, true
				b, err := New(ctx, cfg, nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { b.Close() })
				if path == "ensure" {
					if err := b.Ensure(ctx); err != nil {
						t.Fatalf("%s: Ensure in %s after %s: %v", path, tc.to, tc.from, err)
					}
					if got, _ := ns.Output("iptables-"+tc.to, "-S"); !strings.Contains(got, "-A INPUT -j GUARDCTL") {
						t.Errorf("%s: iptables-%s after Ensure has no jump:\n%s", path, tc.to, got)
					}
				}
				if path == "teardown" {
					if err := b.Teardown(ctx); err != nil {
						t.Errorf("%s: Teardown in %s after %s: %v", path, tc.to, tc.from, err)
					}
				}
				for _, cmd := range [][]string{{"iptables-" + tc.from, "-S"}, {"ip6tables-" + tc.from, "-S"}, {"iptables-" + tc.from, "-t", "raw", "-S"}} {
					if got, _ := ns.Output(cmd...); strings.Contains(got, "GUARDCTL") {
						t.Errorf("%s: %s still holds guardctl's chain after switching to %s:\n%s", path, strings.Join(cmd, " "), tc.to, got)
					}
				}
				if got, _ := ns.Output("iptables-"+tc.from, "-S", "INPUT"); !strings.Contains(got, "--dport 22 -j ACCEPT") {
					t.Errorf("%s: the host's own rule in iptables-%s is gone:\n%s", path, tc.from, got)
				}
				if path == "ensure" {
					if err := b.Teardown(ctx); err != nil {
						t.Errorf("%s: Teardown in %s after %s: %v", path, tc.to, tc.from, err)
					}
				}
				if got := ns.Run(t, "ipset", "list", "-name"); got != "" {
					t.Errorf("%s: ipset sets after teardown: %q", path, got)
				}
			}
		})
	}
}
