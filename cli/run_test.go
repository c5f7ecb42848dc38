package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestReloadShowsRestartNotes: a reload that takes the policy but not a
// changed [firewall] says so; "reloaded" alone would tell the admin the
// new table or backend is in use.
func TestReloadShowsRestartNotes(t *testing.T) {
	s := newAdminSetup(t)
	logPath := filepath.Join(s.dir, "access.log")
	writeFile(t, logPath, "")
	cfg := "[[source]]\npath = %q\n[firewall]\nbackend = \"none\"\ntable = %q\n[daemon]\nstate_dir = %q\nsocket = %q\n"
	writeFile(t, s.config, fmt.Sprintf(cfg, logPath, "guardctl", s.stateDir, s.socket))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr strings.Builder
	go func() {
		done <- Run(ctx, []string{"guardctl", "run", "--config", s.config}, strings.NewReader(""), io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("run exited %d: %s", code, stderr.String())
		}
	}()
	for i := 0; ; i++ {
		if _, err := os.Stat(s.socket); err == nil {
			break
		}
		if i == 500 {
			t.Fatal("daemon socket did not appear within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	writeFile(t, s.config, fmt.Sprintf(cfg, logPath, "guardctl2", s.stateDir, s.socket))
	r := s.run(t, "reload")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout+r.stderr, "[firewall] changed: restart guardctl to apply it") {
		t.Errorf("reload does not say the [firewall] change needs a restart: %s", r)
	}
}
