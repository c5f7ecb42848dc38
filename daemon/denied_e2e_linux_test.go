//go:build linux

package daemon_test

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSocketPermissionDeniedExits9: a user who may not open the control
// socket gets the documented "daemon could not be reached" code, 9, not 1,
// and no fallback to the store (the daemon may well be running).
func TestSocketPermissionDeniedExits9(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs root to run the CLI as another user")
		}
		t.Skip("needs root to run the CLI as another user (runs in CI)")
	}
	bin := guardctlBinary(t)
	// A copy of the binary that nobody may run, and a socket only root reaches.
	pub, err := os.MkdirTemp("", "gctl-bin")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(pub) })
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(pub, "guardctl")
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(pub, 0o755); err != nil {
		t.Fatal(err)
	}
	priv, err := os.MkdirTemp("", "gctl-sock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(priv) })
	sock := filepath.Join(priv, "guardctl.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()

	cmd := exec.Command(exe, "status", "--socket", sock, "--state-dir", filepath.Join(pub, "state"))
	cmd.Dir = pub
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + pub}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 9 || !strings.Contains(string(out), "permission denied") {
		t.Fatalf("guardctl status as nobody on a root-only socket: %v\n%s\nwant exit 9 and a permission message", err, out)
	}
	if strings.Contains(string(out), "not running") {
		t.Errorf("fell back to the store although a daemon may be running:\n%s", out)
	}
}
