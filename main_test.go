package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// envRunMain makes the test binary run main instead of the tests, so the
// tests below see what a shell sees: the process's exit status and output.
const envRunMain = "GUARDCTL_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// TestProcessExitCodes: main hands cli.Run's exit code to the process and
// its standard streams to the verbs.
func TestProcessExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"version"}, 0, "guardctl ", ""},
		{[]string{"bann"}, 2, "", `did you mean "ban"?`},
		{[]string{"check-config", "/nonexistent/guardctl.toml"}, 3, "", "/nonexistent/guardctl.toml"},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), envRunMain+"=1")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("guardctl %v: exit %d, want %d\nstdout: %s\nstderr: %s", tc.args, code, tc.code, stdout.String(), stderr.String())
		}
	}
}
