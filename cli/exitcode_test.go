package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/daemon"
)

// TestExitCodeOf: the exit code follows the error's type through any
// wrapping, and a code a verb chose wins over the type.
func TestExitCodeOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("ban 203.0.113.7: %w", err) }
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"plain", errors.New("disk on fire"), exitFailure},
		{"config", wrap(&daemon.ConfigError{Err: errors.New("line 3")}), exitConfig},
		{"firewall", wrap(&daemon.FirewallError{Err: errors.New("no nf_tables")}), exitFirewall},
		{"kernel offline", wrap(control.ErrKernel), exitFirewall},
		{"kernel from the daemon", wrap(&control.RemoteError{Status: 502, Code: control.CodeKernel, Message: "m"}), exitFirewall},
		{"protected", wrap(&control.ProtectedError{Detail: "::1 is protected (loopback)"}), exitUsage},
		{"protected from the daemon", wrap(&control.RemoteError{Status: 403, Code: control.CodeProtected, Message: "m"}), exitUsage},
		{"invalid from the daemon", wrap(&control.RemoteError{Status: 400, Code: control.CodeBadRequest, Message: "m"}), exitUsage},
		{"daemon internal", wrap(&control.RemoteError{Status: 500, Code: control.CodeInternal, Message: "m"}), exitDaemon},
		{"not running", wrap(control.ErrNotRunning), exitDaemon},
		{"no answer (a stopped daemon)", wrap(control.ErrNoAnswer), exitDaemon},
		{"denied", wrap(control.ErrDenied), exitDaemon},
		{"store", wrap(control.ErrStore), exitDaemon},
		{"chosen code wins", withCode(exitFailure, &daemon.ConfigError{Err: errors.New("bug")}), exitFailure},
		{"usage", usagef("bad flag"), exitUsage},
	} {
		if got := exitCodeOf(tc.err); got != tc.want {
			t.Errorf("%s: exit %d, want %d (%v)", tc.name, got, tc.want, tc.err)
		}
	}
}
