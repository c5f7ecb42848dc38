package fail2ban

import (
	"os"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/rules"
)

// stockDir is Debian's fail2ban configuration (apt-get install fail2ban;
// .ci/run installs it). Outside CI a machine without it skips.
func stockDir(t *testing.T) string {
	t.Helper()
	const dir = "/etc/fail2ban"
	if _, err := os.Stat(dir + "/jail.conf"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s/jail.conf missing: CI must install Debian's fail2ban package (.ci/run does)", dir)
		}
		t.Skipf("%s/jail.conf missing (Debian package fail2ban); skipping outside CI", dir)
	}
	return dir
}

// Every stock jail converts into a policy guardctl loads and compiles; what
// is not converted is listed.
func TestImportStockAllJails(t *testing.T) {
	dir := stockDir(t)
	res, err := Import(Options{Dir: dir, All: true})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Policy(dir)
	cfg, err := rules.Load(strings.NewReader(text), "imported.toml")
	if err != nil {
		t.Fatalf("the imported policy does not load: %v", err)
	}
	if _, err := cfg.Compile(rules.CompileOptions{}); err != nil {
		t.Fatalf("the imported policy does not compile: %v", err)
	}
	pats := 0
	for _, j := range res.Jails {
		pats += len(j.Patterns)
	}
	t.Logf("%d jails converted, %d failregex patterns, %d notes", len(res.Jails), pats, len(res.Notes))
	for _, n := range res.Notes {
		t.Log(n)
	}
}
