package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunRefusesBadConfig: guardctl run exits with the config code and
// names the problem, before touching the store or the kernel.
func TestRunRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	noSource := filepath.Join(dir, "nosource.toml")
	if err := os.WriteFile(noSource, []byte("[daemon]\nstate_dir = \""+dir+"/state\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badKey := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(badKey, []byte("[[source]]\npath = \"/var/log/x.log\"\n\n[escalation]\nthreshhold = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, config, want string
	}{
		{"missing file", filepath.Join(dir, "absent.toml"), "absent.toml"},
		{"no source", noSource, "no [[source]]"},
		{"unknown key", badKey, "bad.toml:5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := Run(context.Background(), []string{"guardctl", "run", "--config", tc.config}, strings.NewReader(""), &stdout, &stderr)
			if code != exitConfig {
				t.Errorf("exit code %d, want %d; stderr: %s", code, exitConfig, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not mention %q", stderr.String(), tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); err == nil {
		t.Error("a refused start created the state directory")
	}
}
