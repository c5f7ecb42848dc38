package main

import (
	"fmt"
	"net/netip"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
)

func unbanCommand() *cli.Command {
	return &cli.Command{
		Name:      "unban",
		Usage:     "lift bans: each IP or CIDR lifts every ban equal to or inside it; --all lifts every ban",
		ArgsUsage: "IP|CIDR...",
		Flags: append(adminFlags(),
			&cli.BoolFlag{Name: "all", Usage: "lift every ban"},
		),
		Action: runUnban,
	}
}

func runUnban(c *cli.Context) error {
	args, err := arguments(c)
	if err != nil {
		return err
	}
	all := c.Bool("all")
	switch {
	case all && len(args) > 0:
		return usagef("unban: give either --all or addresses, not both")
	case !all && len(args) == 0:
		return usagef("unban: want at least one IP address or CIDR, or --all")
	}
	var prefixes []netip.Prefix
	for _, a := range args {
		p, err := parseTarget(a)
		if err != nil {
			return err
		}
		prefixes = append(prefixes, p)
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	req := control.UnbanRequest{Prefixes: prefixes, All: all}
	lifted, _, err := call(env, true, func(s control.Service) ([]control.BanInfo, error) {
		return s.Unban(c.Context, req)
	})
	// Report what was lifted even when the kernel step failed: the store
	// part is done and the admin needs to know it.
	for _, b := range lifted {
		fmt.Fprintf(c.App.Writer, "unbanned %s (%s, reason: %s)\n", b.Prefix, b.Origin, b.Reason)
	}
	if err != nil {
		return serviceError("unban", err)
	}
	if len(lifted) == 0 {
		fmt.Fprintln(c.App.Writer, "no ban matched; nothing to lift")
	} else if all {
		fmt.Fprintf(c.App.Writer, "lifted %d bans\n", len(lifted))
	}
	return nil
}
