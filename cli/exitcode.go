package cli

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"
)

// Exit codes are part of the interface: scripts and CI branch on them. They
// are documented in README.md ("Exit codes"); keep the two in step.
const (
	exitOK           = 0
	exitFailure      = 1  // unexpected failure (a bug, an I/O error on output)
	exitUsage        = 2  // bad flags or arguments, bad IP or CIDR on the command line
	exitConfig       = 3  // the policy/config file is invalid
	exitInput        = 4  // a log file cannot be opened or read
	exitMismatch     = 5  // guardctl test: verdicts differ from expectations
	exitExpectations = 6  // guardctl test: an expectations file is malformed
	exitFixture      = 7  // guardctl test: a fixture log is missing or unusable
	exitFirewall     = 8  // the kernel backend failed (no CAP_NET_ADMIN, no nf_tables ...)
	exitDaemon       = 9  // the daemon could not be reached or refused the request
	exitBanned       = 10 // analyze --fail-on-ban: at least one client would be banned
	exitUnparsable   = 11 // explain: the line does not parse in the forced format, or in any
)

// exitError carries the exit code an error should end the process with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

func usageError(err error) error { return withCode(exitUsage, err) }

// commandUsageError is every command's OnUsageError: urfave/cli does not
// pass a command's flag errors to the App's handler, so without it a bad
// flag after the command name would exit 1 instead of 2.
func commandUsageError(_ *cli.Context, err error, _ bool) error { return usageError(err) }

func usagef(format string, args ...any) error {
	return withCode(exitUsage, fmt.Errorf(format, args...))
}

func exitCodeOf(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailure
}
