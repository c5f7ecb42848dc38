package cli

import (
	"path/filepath"
	"testing"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
)

func TestFirewallConfigOf(t *testing.T) {
	def := firewallConfigOf(rules.Default())
	if want := firewall.DefaultConfig(); def != want {
		t.Errorf("embedded default policy gives %+v, want the backend default %+v", def, want)
	}
	path := filepath.Join(t.TempDir(), "g.toml")
	writeFile(t, path, "[firewall]\nbackend = \"iptables\"\ntable = \"web\"\nhook = \"prerouting\"\npriority = -150\naction = \"drop\"\n")
	cfg, err := rules.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := firewallConfigOf(cfg)
	want := firewall.DefaultConfig()
	want.Backend, want.Table, want.Hook, want.Priority = "iptables", "web", "prerouting", -150
	if got != want {
		t.Errorf("firewallConfigOf = %+v, want %+v", got, want)
	}
	if _, err := got.Normalize(); err != nil {
		t.Errorf("result does not normalize: %v", err)
	}
}
