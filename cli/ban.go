package cli

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// defaultBanFor is a manual ban's length without --for: long enough to stop
// an attack, short enough that a mistyped address heals by itself.
const defaultBanFor = "24h"

func banCommand() *cli.Command {
	return &cli.Command{
		Name:      "ban",
		Usage:     "ban an address or network now (through the daemon, or directly when it is not running)",
		ArgsUsage: "IP|CIDR",
		Flags: append(adminFlags(),
			&cli.StringFlag{Name: "for", Value: defaultBanFor, Usage: "ban length: 90s, 2h, 7d, 2w, or 0/permanent"},
			&cli.StringFlag{Name: "reason", Value: "manual", Usage: "why, as list and status show it"},
			&cli.BoolFlag{Name: "force", Usage: "ban even a protected address (loopback, allow list, trusted proxy, this host)"},
		),
		Action: runBan,
	}
}

// parseBanFor reads --for: the policy's duration syntax, or 0/permanent.
func parseBanFor(s string) (time.Duration, error) {
	if s == "permanent" || s == "0" {
		return 0, nil
	}
	d, err := rules.ParseDuration(s)
	if err != nil {
		return 0, usagef("--for: %v", err)
	}
	// Said here, as a usage error, rather than by the daemon as "ban X:
	// ban X: duration ...: invalid request" (operator audit).
	if last := state.MaxTime(); d >= time.Until(last) {
		return 0, usagef("--for %s: the ban would end after %s, the latest time the store holds; use a permanent ban (--for permanent)", s, last.Format("2006-01-02"))
	}
	return d, nil
}

func runBan(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) != 1 {
		return usagef("ban: want exactly one IP address or CIDR, got %d arguments", len(args))
	}
	pfx, err := parseTarget(args[0])
	if err != nil {
		return err
	}
	d, err := parseBanFor(c.String("for"))
	if err != nil {
		return err
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := manualban.CheckReason(c.String("reason")); err != nil {
		return usagef("--reason: %v", err)
	}
	req := control.BanRequest{Prefix: pfx, Duration: d, Reason: c.String("reason"), Force: c.Bool("force")}
	info, _, err := call(env, true, func(s control.Service) (control.BanInfo, error) {
		return s.Ban(c.Context, req)
	})
	if err != nil {
		return serviceError("ban "+args[0], err)
	}
	if wantJSON(c) {
		return writeJSON(c.App.Writer, info)
	}
	// The ban in force, which is longer than asked when the prefix was
	// banned longer already: a ban never shortens one (manualban).
	if info.Expires.IsZero() {
		fmt.Fprintf(c.App.Writer, "banned %s permanently (reason: %s)\n", info.Prefix, manualban.ShowReason(info.Reason))
	} else {
		fmt.Fprintf(c.App.Writer, "banned %s for %s, until %s (reason: %s)\n",
			info.Prefix, formatRemaining(time.Until(info.Expires).Round(time.Minute)), info.Expires.Local().Format(timeLayout), manualban.ShowReason(info.Reason))
	}
	if d > 0 && (info.Expires.IsZero() || info.Expires.Sub(info.Since) > d+time.Second) {
		fmt.Fprintf(c.App.ErrWriter, "note: %s was banned longer already; a ban never shortens one in force (guardctl unban %s first to shorten it)\n", info.Prefix, info.Prefix)
	}
	return nil
}
