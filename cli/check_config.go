package cli

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

func checkConfigCommand() *cli.Command {
	return &cli.Command{
		Name:      "check-config",
		Aliases:   []string{"check"},
		Usage:     "validate a policy file and report every problem with its line and key",
		ArgsUsage: "[FILE]",
		Flags:     []cli.Flag{configFlag(), outputFlag(nil)},
		// A bad flag is a usage error (exit 2), not a failure.
		OnUsageError: commandUsageError,
		Action: func(c *cli.Context) error {
			choice, err := checkConfigChoice(c)
			if err != nil {
				return err
			}
			format, err := outputOf(c)
			if err != nil {
				return err
			}
			pol, err := loadChoice(choice)
			if format == outputJSON {
				return writeCheckConfigJSON(c, choice, pol, err)
			}
			if err != nil {
				return err
			}
			p := pol.Policy
			fmt.Fprintf(c.App.Writer, "%s: ok (mode %s, %s, %s, %d allow and %d deny prefixes, %s)\n",
				pol.describe(), p.Mode, plural(len(p.Throttles), "throttle"), plural(len(p.Traps), "trap path"),
				p.Allow.Size(), p.Deny.Size(), plural(len(pol.Config.Sources), "source"))
			return nil
		},
	}
}

// checkConfigChoice is the file check-config checks: FILE when given, else
// the one every verb would run with (--config, $GUARDCTL_CONFIG, the
// system config). The embedded default needs no check: with none of them
// there is nothing to check, which is a usage error.
func checkConfigChoice(c *cli.Context) (configChoice, error) {
	flag := c.String("config")
	switch {
	case c.NArg() > 1:
		return configChoice{}, usagef("check-config: name at most one policy file")
	case c.NArg() == 1 && flag != "" && flag != c.Args().First():
		return configChoice{}, usagef("check-config: give the file as an argument or with --config, not both")
	case c.NArg() == 1:
		return configChoice{Path: c.Args().First()}, nil
	}
	choice := findConfig(flag, os.Getenv, defaultConfigPath)
	if choice.Path == "" {
		return configChoice{}, usagef("check-config: no policy file: name one (check-config FILE or --config FILE), or set $%s, or create %s", envConfig, defaultConfigPath)
	}
	return choice, nil
}
