//go:build linux

package daemon

import (
	"os"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestIPTablesModeFromConfig: [firewall] iptables_mode picks the iptables
// flavour (before, the key did not exist and the daemon always used auto,
// which in a namespace without rules takes the system's default flavour).
// With "legacy" the chain is in iptables-legacy's tables, with "nft" in
// iptables-nft's, whatever auto would pick.
func TestIPTablesModeFromConfig(t *testing.T) {
	netnstest.Require(t, "iptables-legacy", "iptables-nft", "ipset")
	for _, mode := range []string{"legacy", "nft"} {
		t.Run(mode, func(t *testing.T) {
			ns := netnstest.New(t)
			h := newHarness(t, "")
			cfg, _ := os.ReadFile(h.cfgPath)
			c := strings.Replace(string(cfg), `backend = "none"`, "backend = \"iptables\"\niptables_mode = \""+mode+"\"", 1)
			if err := os.WriteFile(h.cfgPath, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
			h.start(Options{NetNS: ns.Path})
			other := map[string]string{"legacy": "nft", "nft": "legacy"}[mode]
			if out, err := ns.Output("iptables-"+mode, "-S", "GUARDCTL"); err != nil {
				t.Errorf("iptables_mode = %q: no GUARDCTL chain in iptables-%s: %v %s", mode, mode, err, out)
			}
			if out, err := ns.Output("iptables-"+other, "-S", "GUARDCTL"); err == nil {
				t.Errorf("iptables_mode = %q: the GUARDCTL chain is in iptables-%s:\n%s", mode, other, out)
			}
		})
	}
}
