package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func checkConfigCommand() *cli.Command {
	return &cli.Command{
		Name:      "check-config",
		Aliases:   []string{"check"},
		Usage:     "validate a policy file and report every problem with its line and key",
		ArgsUsage: "FILE",
		Flags:     []cli.Flag{outputFlag(nil)},
		// A bad flag is a usage error (exit 2), not a failure.
		OnUsageError: commandUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("check-config: name exactly one policy file")
			}
			path := c.Args().First()
			format, err := outputOf(c)
			if err != nil {
				return err
			}
			pol, err := loadPolicy(path)
			if format == outputJSON {
				return writeCheckConfigJSON(c, path, pol, err)
			}
			if err != nil {
				return err
			}
			p := pol.Policy
			fmt.Fprintf(c.App.Writer, "%s: ok (mode %s, %d throttles, %d trap paths, %d allow and %d deny prefixes, %d sources)\n",
				path, p.Mode, len(p.Throttles), len(p.Traps), p.Allow.Size(), p.Deny.Size(), len(pol.Config.Sources))
			return nil
		},
	}
}
