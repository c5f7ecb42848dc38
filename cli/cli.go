// Package cli is guardctl's command line. Each verb has a file named for
// it (analyze.go, ban.go, test.go ...) with its test beside it; the plumbing
// the verbs share lives in files named for what it does: args.go (flags
// after arguments, did-you-mean), config.go (which policy file a verb
// reads), output.go (-o text|json and shared formatting), time.go
// (--since/--until), exitcode.go (the exit codes and the one place errors
// map to them), admin.go (daemon socket or offline store for the admin
// verbs). main.go at the repository root only calls Run.
package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// Run is guardctl's command line: it runs the verb args names and returns
// the process exit code (see exitcode.go). main calls it; tests call it
// in-process with their own readers and writers.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	args, err := normalizeArgs(app, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return exitOK
	}
	code := exitCodeOf(err)
	fmt.Fprintf(stderr, "guardctl: %v\n", err)
	return code
}

// newApp builds the command line. Every command writes to the given writers
// (never os.Stdout directly) so tests can read what a user would see.
func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "guardctl",
		Usage:     "protect web servers from abusive clients: analyze logs, ban in the kernel",
		Version:   readBuildInfo().String(),
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		// Errors are printed once, by run, with the exit code they carry.
		ExitErrHandler: func(*cli.Context, error) {},
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "debug, info, warn or error", EnvVars: []string{"GUARDCTL_LOG_LEVEL"}},
		},
		Commands: []*cli.Command{
			analyzeCommand(),
			testCommand(),
			checkConfigCommand(),
			runCommand(),
			explainCommand(),
			patternsCommand(),
			firewallCommand(),
			banCommand(),
			unbanCommand(),
			listCommand(),
			statusCommand(),
			reloadCommand(),
			clusterCommand(),
			listsCommand(),
			initCommand(),
			importCommand(),
			versionCommand(),
			completionCommand(),
			manCommand(),
		},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError(err)
		},
	}
	// urfave/cli does not pass a command's own flag errors to the App's
	// OnUsageError: give every command (and subcommand) the handler, so a
	// bad flag exits 2 wherever it is.
	var setUsage func([]*cli.Command)
	setUsage = func(cmds []*cli.Command) {
		for _, c := range cmds {
			if c.OnUsageError == nil {
				c.OnUsageError = commandUsageError
			}
			setUsage(c.Subcommands)
		}
	}
	setUsage(app.Commands)
	return app
}
