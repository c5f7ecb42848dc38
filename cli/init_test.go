package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitFindsLogs builds a fake root with an nginx log in vhost_combined
// (not its default) and a Debian apache layout, and checks the config
// init writes follows them in the formats they really use, and loads.
func TestInitFindsLogs(t *testing.T) {
	root := t.TempDir()
	scanner := readLines(t, "../testdata/logs/scanner.log")
	var vhost strings.Builder
	for _, l := range scanner[:20] {
		vhost.WriteString("example.org:443 " + l + "\n")
	}
	mkLog := func(rel, body string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, body)
	}
	mkLog("var/log/nginx/access.log", vhost.String())
	mkLog("var/log/apache2/access.log", strings.Join(scanner[:20], "\n")+"\n")
	mkLog("var/log/apache2/other_vhosts_access.log", "")

	out := filepath.Join(t.TempDir(), "etc", "guardctl.toml")
	r := guardctl(t, "", "init", "--root", root, "--write", out)
	mustCode(t, r, exitOK)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	conf := string(data)
	for _, want := range []string{
		"path = \"/var/log/nginx/access.log\"\nformat = \"vhost_combined\"",
		"path = \"/var/log/apache2/access.log\"\nformat = \"combined\"",
		"path = \"/var/log/apache2/other_vhosts_access.log\"\nformat = \"vhost_combined\"",
		"not the default combined",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("config lacks %q:\n%s", want, conf)
		}
	}
	mustCode(t, guardctl(t, "", "check-config", out), exitOK)
	// A second run does not overwrite without --force.
	mustCode(t, guardctl(t, "", "init", "--root", root, "--write", out), exitUsage)
	mustCode(t, guardctl(t, "", "init", "--root", root, "--write", out, "--force"), exitOK)

	// Nothing found: still a config that loads, and a warning.
	r = guardctl(t, "", "init", "--root", t.TempDir())
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "no nginx or Apache access log found") || !strings.Contains(r.stdout, "[[source]]") {
		t.Errorf("empty host: %s", r)
	}
}
