package cli

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/daemon"
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
	exitUnhealthy    = 12 // status: the daemon runs, but its kernel backend or its store fails
)

// exitError carries the exit code an error should end the process with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// reworded is an error shown in other words than its own text, still
// wrapping it for errors.Is/As and so for its exit code.
type reworded struct {
	msg string
	err error
}

func (e *reworded) Error() string { return e.msg }
func (e *reworded) Unwrap() error { return e.err }

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

// exitCodeOf is the one place an error becomes an exit code. A code a verb
// chose (withCode, usagef) wins; otherwise the error's type says it, so a
// verb returns the daemon's, the control API's or the store's errors as
// they are, wrapped with context, and never matches their text.
func exitCodeOf(err error) int {
	var (
		ee *exitError
		ce *daemon.ConfigError
		fe *daemon.FirewallError
		re *control.RemoteError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ce):
		return exitConfig
	// A kernel refusal is the firewall's failure whether the daemon (a
	// RemoteError with code "kernel") or the offline path reports it.
	case errors.As(err, &fe), errors.Is(err, control.ErrKernel):
		return exitFirewall
	// A protected address or a malformed request: the admin's input.
	case errors.Is(err, control.ErrProtected), errors.Is(err, control.ErrInvalid):
		return exitUsage
	case errors.Is(err, control.ErrNotRunning), errors.Is(err, control.ErrDenied), errors.Is(err, control.ErrNoAnswer),
		errors.Is(err, control.ErrStore), errors.As(err, &re):
		return exitDaemon
	}
	return exitFailure
}
