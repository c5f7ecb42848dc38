package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirewallVerbsReadTheConfig: firewall status/flush act on the table
// the config's [firewall] names, as the daemon does; flags override it.
// The "none" backend keeps the host's ruleset untouched.
func TestFirewallVerbsReadTheConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "guardctl.toml")
	writeFile(t, cfg, "[firewall]\nbackend = \"none\"\ntable = \"gctest\"\n")

	r := guardctl(t, "", "firewall", "status", "-c", cfg, "-o", "json")
	mustCode(t, r, exitOK)
	var st struct {
		Backend, Table string
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	if st.Backend != "none" || st.Table != "gctest" {
		t.Errorf("status used backend %q table %q, want the config's none/gctest", st.Backend, st.Table)
	}
	r = guardctl(t, "", "firewall", "status", "-o", "json", "--table", "other", "-c", cfg)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, `"table": "other"`) {
		t.Errorf("--table did not override the config:\n%s", r)
	}

	r = guardctl(t, "", "firewall", "flush", "-c", cfg)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "flushed 0 bans") || !strings.Contains(r.stderr, "unban --all") {
		t.Errorf("flush does not say the bans come back:\n%s", r)
	}
}

// TestFirewallTeardownNothingThere (operator audit): teardown of a table
// that does not exist (a mistyped --table, or the none backend) said
// "removed table inet X"; it says there was nothing to remove.
func TestFirewallTeardownNothingThere(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "guardctl.toml")
	writeFile(t, cfg, "[firewall]\nbackend = \"none\"\ntable = \"gctest\"\n")
	r := guardctl(t, "", "firewall", "teardown", "-c", cfg, "--table", "mistyped")
	mustCode(t, r, exitOK)
	if strings.Contains(r.stdout, "removed") || !strings.Contains(r.stdout, "nothing to remove: no table inet mistyped") {
		t.Errorf("teardown of an absent table:\n%s", r)
	}
}
