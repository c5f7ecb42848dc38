package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
)

func reloadCommand() *cli.Command {
	return &cli.Command{
		Name:   "reload",
		Usage:  "make the daemon reread its config (as SIGHUP does); an invalid config is refused and the running one stays",
		Flags:  adminFlags(),
		Action: runReload,
	}
}

func runReload(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("reload: unexpected argument %q", c.Args().First())
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	res, _, err := call(env, false, func(s control.Service) (control.ReloadResult, error) {
		return s.Reload(c.Context)
	})
	if errors.Is(err, control.ErrNotRunning) {
		return withCode(exitDaemon, fmt.Errorf("reload: %w: nothing to reload", err))
	}
	if err != nil {
		return serviceError("reload", err)
	}
	if !res.OK {
		// Every problem, one a line, so the admin fixes them in one go.
		return withCode(exitConfig, fmt.Errorf("reload refused, the daemon keeps running the previous config (%d errors):\n  %s",
			len(res.Errors), strings.Join(res.Errors, "\n  ")))
	}
	if wantJSON(c) {
		return writeJSON(c.App.Writer, res)
	}
	fmt.Fprintln(c.App.Writer, "reloaded")
	// Parts the daemon took only in part ([firewall] and [daemon] need a
	// restart): without these the admin would believe them applied.
	for _, n := range res.Errors {
		fmt.Fprintf(c.App.ErrWriter, "note: %s\n", n)
	}
	return nil
}
