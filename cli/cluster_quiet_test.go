package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestClusterStatusClientQuiet (operator audit): `cluster status` with
// Redis unreachable printed the Redis client's own dial failures to
// stderr ("redis: ... pool.go:770: ... failed to dial after 5 attempts",
// twice) before its status said the same once. The client writes to file
// descriptor 2 itself, so the verb runs in a child process here.
func TestClusterStatusClientQuiet(t *testing.T) {
	if cfg := os.Getenv("GUARDCTL_TEST_CLUSTER_CHILD"); cfg != "" {
		r := guardctl(t, "", "cluster", "status", "--config", cfg)
		os.Stdout.WriteString(r.stdout)
		os.Stderr.WriteString(r.stderr)
		os.Exit(r.code)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "g.toml")
	writeFile(t, cfg, "[cluster]\nredis_url = \"unix://"+filepath.Join(dir, "nothere.sock")+"\"\nnode = \"web-1\"\n")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestClusterStatusClientQuiet$")
	cmd.Env = append(os.Environ(), "GUARDCTL_TEST_CLUSTER_CHILD="+cfg)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitDaemon {
		t.Fatalf("child: %v, want exit %d\n%s\n%s", err, exitDaemon, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "UNREACHABLE") {
		t.Errorf("status does not say Redis is unreachable:\n%s", stdout.String())
	}
	if strings.Contains(stderr.String(), "pool.go") || strings.Count(stderr.String(), "no such file") != 1 {
		t.Errorf("stderr should say it once, in guardctl's words:\n%s", stderr.String())
	}
}
