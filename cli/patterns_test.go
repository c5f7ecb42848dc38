package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/patterns"
)

// TestPatterns: the verb lists the whole catalogue, filters by category,
// and refuses an unknown category as a usage error.
func TestPatterns(t *testing.T) {
	r := guardctl(t, "", "patterns", "-o", "json")
	mustCode(t, r, exitOK)
	var all []patternJSON
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.stdout)
	}
	if len(all) != len(patterns.Catalogue()) || len(all) == 0 {
		t.Fatalf("%d patterns listed, the catalogue holds %d", len(all), len(patterns.Catalogue()))
	}
	r = guardctl(t, "", "patterns", "sqli", "xss")
	mustCode(t, r, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("text table: %s", r)
	}
	for _, l := range lines[1 : len(lines)-1] {
		if f := strings.Fields(l); f[1] != "sqli" && f[1] != "xss" {
			t.Errorf("patterns sqli xss listed %q", l)
		}
	}
	r = guardctl(t, "", "patterns", "sqil")
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, `did you mean "sqli"`) {
		t.Errorf("unknown category: %s", r)
	}
}

// TestUnknownPatternIDAdviceRuns: check-config's message for an unknown
// disable_ids entry names a verb; that verb exists and lists the ids (it
// named `guardctl patterns` before there was one).
func TestUnknownPatternIDAdviceRuns(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "p.toml")
	writeFile(t, cfg, "[patterns]\ndisable_ids = [\"no-such-pattern\"]\n")
	r := guardctl(t, "", "check-config", cfg)
	mustCode(t, r, exitConfig)
	m := regexp.MustCompile("`guardctl ([a-z-]+)`").FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no verb named in: %s", r)
	}
	r = guardctl(t, "", m[1])
	mustCode(t, r, exitOK)
	if id := patterns.Catalogue()[0].ID; !strings.Contains(r.stdout, id) {
		t.Errorf("guardctl %s does not list %s: %s", m[1], id, r)
	}
}
