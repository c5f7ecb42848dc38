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

// TestReloadUnparsableConfigNamesDefaultSocket (operator audit): after an
// edit that breaks the TOML itself, `reload -c FILE` could read no socket
// from it and tried the default one, then said only "daemon is not
// running (nothing listens on /run/guardctl/guardctl.sock)" while the
// daemon ran on the socket FILE names. It now says the socket is the
// default because FILE does not parse, and how to name it.
func TestReloadUnparsableConfigNamesDefaultSocket(t *testing.T) {
	s := newAdminSetup(t)
	writeFile(t, s.config, "[daemon]\nsocket = \"/tmp/elsewhere.sock\"\n[firewall\n")
	r := guardctl(t, "", "reload", "--config", s.config)
	if r.code != exitDaemon || !strings.Contains(r.stderr, "does not parse") || !strings.Contains(r.stderr, "--socket") {
		t.Errorf("reload with an unparsable config: want exit %d saying the file does not parse and naming --socket, got %s", exitDaemon, r)
	}
	// A file that parses as TOML names its socket: no note.
	writeFile(t, s.config, "[daemon]\nsocket = "+fmt.Sprintf("%q", s.socket)+"\nsokcet = 1\n")
	r = guardctl(t, "", "reload", "--config", s.config)
	if r.code != exitDaemon || strings.Contains(r.stderr, "does not parse") || !strings.Contains(r.stderr, s.socket) {
		t.Errorf("reload with an invalid but parsable config: want exit %d naming %s, got %s", exitDaemon, s.socket, r)
	}
}
