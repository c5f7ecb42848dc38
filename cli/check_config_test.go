package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckConfigExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples/*.toml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := guardctl(t, "", "check-config", f)
			mustCode(t, r, exitOK)
			if !strings.Contains(r.stdout, f+": ok") {
				t.Errorf("no ok line:\n%s", r)
			}
		})
	}
}

// TestCheckConfigBad: every rules/testdata/bad file is rejected with exit 3
// and every line of its golden message (the rules package's own contract)
// reaches the user.
func TestCheckConfigBad(t *testing.T) {
	files, err := filepath.Glob("../rules/testdata/bad/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no rules/testdata/bad/*.toml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			golden, err := os.ReadFile(strings.TrimSuffix(f, ".toml") + ".err")
			if err != nil {
				t.Fatal(err)
			}
			r := guardctl(t, "", "check-config", f)
			mustCode(t, r, exitConfig)
			// Goldens name files relative to rules/; here they are
			// relative to cli/, so "testdata/bad/x.toml:3" appears inside
			// "../rules/testdata/bad/x.toml:3".
			for _, want := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("message lacks golden line %q:\n%s", want, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout on a bad config: %q", r.stdout)
			}
		})
	}
}

func TestCheckConfigUsage(t *testing.T) {
	mustCode(t, guardctl(t, "", "check-config"), exitUsage)
	mustCode(t, guardctl(t, "", "check-config", "a.toml", "b.toml"), exitUsage)
	mustCode(t, guardctl(t, "", "check-config", "--bogus", "../examples/nginx.toml"), exitUsage)
	r := guardctl(t, "", "check-config", filepath.Join(t.TempDir(), "absent.toml"))
	mustCode(t, r, exitConfig)
	if !strings.Contains(r.stderr, "absent.toml") {
		t.Errorf("message does not name the file:\n%s", r)
	}
}
