//go:build linux

package ipt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestTeardownOtherFlavourUnreadable: when the iptables flavour not in use
// cannot be read (iptables-nft-save fails, as on a kernel or sandbox
// without nf_tables), Teardown still removes the chain, the jumps and the
// sets of the flavour in use, and returns the other flavour's error beside
// it (reviewer revops-s10: 22f8cbb returned at that error and left every
// banned address dropped).
func TestTeardownOtherFlavourUnreadable(t *testing.T) {
	netnstest.Require(t, binaries...)
	bin := t.TempDir()
	for _, tool := range []string{"iptables-nft-save", "ip6tables-nft-save"} {
		script := "#!/bin/sh\necho 'iptables-nft-save: Could not fetch rule set generation id: Invalid argument' >&2\nexit 1\n"
		if err := os.WriteFile(filepath.Join(bin, tool), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	ctx := context.Background()
	ns := netnstest.New(t)
	b := opener("legacy")(t, ns, nil) // Ensure passes: the failure is only logged there
	if err := b.Ban(ctx, firewalltest.Many(5, time.Hour)); err != nil {
		t.Fatal(err)
	}
	err := b.Teardown(ctx)
	out, _ := ns.Output("iptables-legacy", "-S")
	sets, _ := ns.Output("ipset", "list", "-name")
	if strings.Contains(out, "GUARDCTL") || strings.TrimSpace(sets) != "" {
		t.Errorf("flavour in use not torn down (err %v)\niptables-legacy -S:\n%s\nipset sets: %q", err, out, sets)
	}
	if err == nil || !strings.Contains(err.Error(), "other iptables flavour") {
		t.Errorf("Teardown error %v, want the other flavour's failure reported", err)
	}
	if err != nil && strings.Count(err.Error(), "teardown:") != 1 {
		t.Errorf("Teardown error %v, want only the other flavour's failure", err)
	}
}
