package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/importer/fail2ban"
	"github.com/guardctl/guardctl/rules"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "convert another tool's configuration into a guardctl policy",
		Subcommands: []*cli.Command{{
			Name:      "fail2ban",
			Usage:     "convert fail2ban jails and filters (jail.conf, jail.local, jail.d/*, filter.d/*) into a policy",
			ArgsUsage: "[DIR]   (default /etc/fail2ban)",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "write", Aliases: []string{"w"}, Usage: "write the policy to this file instead of standard output"},
				&cli.BoolFlag{Name: "force", Usage: "overwrite an existing --write file"},
				&cli.BoolFlag{Name: "all", Usage: "convert disabled jails too"},
				&cli.StringSliceFlag{Name: "jail", Usage: "convert only this jail (enabled or not); repeatable"},
			},
			Action:       runImportFail2ban,
			OnUsageError: commandUsageError,
		}},
		OnUsageError: commandUsageError,
	}
}

func runImportFail2ban(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef("import fail2ban: name at most one directory")
	}
	dir := "/etc/fail2ban"
	if c.NArg() == 1 {
		dir = c.Args().First()
	}
	res, err := fail2ban.Import(fail2ban.Options{Dir: dir, All: c.Bool("all"), Jails: c.StringSlice("jail")})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return withCode(exitInput, fmt.Errorf("import fail2ban: %w", err))
		}
		return withCode(exitInput, fmt.Errorf("import fail2ban %s: %w", dir, err))
	}
	text := res.Policy(dir)
	// The output must load: a policy the importer cannot write correctly
	// is its bug, reported rather than written.
	if _, err := rules.Load(strings.NewReader(text), "imported policy"); err != nil {
		return withCode(exitFailure, fmt.Errorf("import fail2ban: the converted policy does not load (a bug in the importer):\n%w", err))
	}
	w := c.App.Writer
	if path := c.String("write"); path != "" {
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if c.Bool("force") {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(path, flags, 0o644)
		if err != nil {
			return withCode(exitInput, fmt.Errorf("import fail2ban: %w (--force overwrites)", err))
		}
		defer f.Close()
		w = f
	}
	if _, err := fmt.Fprint(w, text); err != nil {
		return err
	}
	pats := 0
	for _, j := range res.Jails {
		pats += len(j.Patterns)
	}
	fmt.Fprintf(c.App.ErrWriter, "guardctl: converted %s (%s) from %s; %s not converted or converted with a caveat:\n",
		plural(len(res.Jails), "jail"), plural(pats, "failure pattern"), dir, plural(len(res.Notes), "item"))
	for _, n := range res.Notes {
		fmt.Fprintf(c.App.ErrWriter, "  - %s\n", strings.ReplaceAll(n.String(), "\n", " "))
	}
	if len(res.Jails) == 0 {
		return withCode(exitInput, fmt.Errorf("import fail2ban: no jail converted (none enabled? --all converts disabled jails)"))
	}
	return nil
}
