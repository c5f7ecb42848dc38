package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

const unitFile = "../contrib/systemd/guardctl.service"

// unitValues returns every value of key in the unit file, in order.
func unitValues(t *testing.T, key string) []string {
	t.Helper()
	f, err := os.Open(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok && strings.TrimSpace(k) == key {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// TestSystemdUnitVerifies runs `systemd-analyze verify` on the unit, with
// ExecStart pointed at an executable that exists (the test binary), and
// fails on any complaint: verify exits 0 on unknown keys and only warns.
func TestSystemdUnitVerifies(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: systemd-analyze is missing (apt-get install systemd)")
		}
		t.Skip("systemd-analyze not installed; the unit file is not verified")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(unit, []byte("ExecStart=/usr/local/bin/guardctl ")) {
		t.Fatal("ExecStart does not start /usr/local/bin/guardctl")
	}
	unit = bytes.ReplaceAll(unit, []byte("/usr/local/bin/guardctl"), []byte(self))
	path := filepath.Join(t.TempDir(), "guardctl.service")
	if err := os.WriteFile(path, unit, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
	for key, want := range map[string]string{"Type": "notify", "StateDirectory": "guardctl", "RuntimeDirectory": "guardctl", "NoNewPrivileges": "yes", "ProtectSystem": "strict"} {
		if got := unitValues(t, key); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if got := unitValues(t, "WatchdogSec"); len(got) != 1 {
		t.Errorf("WatchdogSec missing")
	}
}

// TestSystemdExecStartParses feeds the unit's ExecStart arguments to the
// real command line (newApp) so a renamed flag cannot break the unit.
func TestSystemdExecStartParses(t *testing.T) {
	exe := unitValues(t, "ExecStart")
	if len(exe) != 1 {
		t.Fatalf("ExecStart lines: %q", exe)
	}
	args := strings.Fields(exe[0])
	if filepath.Base(args[0]) != "guardctl" {
		t.Fatalf("ExecStart runs %s", args[0])
	}
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	var config string
	found := false
	for _, c := range app.Commands {
		if c.Name == "run" {
			found = true
			c.Action = func(c *cli.Context) error {
				config = c.String("config")
				if c.NArg() > 0 {
					return usagef("unexpected argument %q", c.Args().First())
				}
				return nil
			}
		}
	}
	if !found {
		t.Fatal("newApp has no run command")
	}
	if err := app.Run(append([]string{"guardctl"}, args[1:]...)); err != nil {
		t.Fatalf("ExecStart %q does not parse: %v", exe[0], err)
	}
	if config != "/etc/guardctl/guardctl.toml" {
		t.Errorf("--config = %q, want /etc/guardctl/guardctl.toml", config)
	}
}
