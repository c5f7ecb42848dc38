package main

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
)

// Flag names of the firewall commands.
const (
	flagFWBackend  = "backend"
	flagFWTable    = "table"
	flagFWHook     = "hook"
	flagFWPriority = "priority"
	flagFWAction   = "action"
	flagFWForward  = "forward"
	flagFWIPTMode  = "iptables-mode"
	flagFWNetNS    = "netns"
)

// firewallCommand groups the commands that inspect and remove guardctl's
// kernel ruleset. Each subcommand takes the same flags, so they can follow
// the subcommand name.
func firewallCommand() *cli.Command {
	return &cli.Command{
		Name:  "firewall",
		Usage: "inspect or remove guardctl's kernel ruleset (needs CAP_NET_ADMIN)",
		Subcommands: []*cli.Command{
			{
				Name:   "status",
				Usage:  "show the backend, whether the table and sets exist, and how many bans they hold",
				Flags:  firewallFlags(),
				Action: runFirewallStatus,
			},
			{
				Name:   "flush",
				Usage:  "remove every ban, keep the table, chains and allow list",
				Flags:  firewallFlags(),
				Action: runFirewallFlush,
			},
			{
				Name:   "teardown",
				Usage:  "remove everything guardctl created in the kernel, and nothing else",
				Flags:  firewallFlags(),
				Action: runFirewallTeardown,
			},
		},
	}
}

func firewallFlags() []cli.Flag {
	d := firewall.DefaultConfig()
	return []cli.Flag{
		&cli.StringFlag{Name: flagFWBackend, Value: d.Backend, Usage: "nftables, iptables or none (dry run)", EnvVars: []string{"GUARDCTL_FIREWALL_BACKEND"}},
		&cli.StringFlag{Name: flagFWTable, Value: d.Table, Usage: "name of guardctl's table (nftables), set prefix (ipset) and chain (iptables, upper-cased)"},
		&cli.StringFlag{Name: flagFWHook, Value: d.Hook, Usage: "input, prerouting or forward"},
		&cli.IntFlag{Name: flagFWPriority, Value: d.Priority, Usage: "nftables base chain priority (below 0 runs before the usual filter chains)"},
		&cli.StringFlag{Name: flagFWAction, Value: d.Action, Usage: "drop or reject"},
		&cli.BoolFlag{Name: flagFWForward, Usage: "also filter forwarded traffic (containers, VMs) when the hook is input"},
		&cli.StringFlag{Name: flagFWIPTMode, Value: d.IPTablesMode, Usage: "iptables flavour: auto, nft or legacy"},
		&cli.StringFlag{Name: flagFWNetNS, Usage: "act in the network namespace at this path (e.g. /run/netns/NAME)"},
	}
}

// firewallConfigFromFlags builds the firewall configuration from the
// command's flags. The config file will feed the same struct; flags set on
// the command line should then override it.
func firewallConfigFromFlags(c *cli.Context) firewall.Config {
	cfg := firewall.DefaultConfig()
	cfg.Backend = c.String(flagFWBackend)
	cfg.Table = c.String(flagFWTable)
	cfg.Hook = c.String(flagFWHook)
	cfg.Priority = c.Int(flagFWPriority)
	cfg.Action = c.String(flagFWAction)
	cfg.Forward = c.Bool(flagFWForward)
	cfg.IPTablesMode = c.String(flagFWIPTMode)
	cfg.NetNS = c.String(flagFWNetNS)
	return cfg
}

// firewallLogger writes the backends' logs to stderr at the global level.
func firewallLogger(c *cli.Context) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: level}))
}

// openFirewall opens the configured backend; its errors carry the firewall
// exit code, or the usage code for a bad flag value.
func openFirewall(c *cli.Context) (firewall.Backend, error) {
	if c.NArg() > 0 {
		return nil, usagef("firewall %s: unexpected argument %q", c.Command.Name, c.Args().First())
	}
	cfg, err := firewallConfigFromFlags(c).Normalize()
	if err != nil {
		return nil, usagef("firewall %s: %v", c.Command.Name, err)
	}
	b, err := backend.New(c.Context, cfg, firewallLogger(c))
	if err != nil {
		return nil, withCode(exitFirewall, fmt.Errorf("open %s backend: %w", cfg.Backend, err))
	}
	return b, nil
}

func runFirewallStatus(c *cli.Context) error {
	b, err := openFirewall(c)
	if err != nil {
		return err
	}
	defer b.Close()
	st, err := b.Status(c.Context)
	if err != nil {
		return withCode(exitFirewall, fmt.Errorf("firewall status: %w", err))
	}
	_, err = st.WriteTo(c.App.Writer)
	return err
}

func runFirewallFlush(c *cli.Context) error {
	b, err := openFirewall(c)
	if err != nil {
		return err
	}
	defer b.Close()
	before, err := b.List(c.Context)
	if err != nil {
		return withCode(exitFirewall, fmt.Errorf("firewall flush: %w", err))
	}
	if err := b.Flush(c.Context); err != nil {
		return withCode(exitFirewall, fmt.Errorf("firewall flush: %w", err))
	}
	fmt.Fprintf(c.App.Writer, "flushed %d bans\n", len(before))
	return nil
}

func runFirewallTeardown(c *cli.Context) error {
	b, err := openFirewall(c)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.Teardown(c.Context); err != nil {
		return withCode(exitFirewall, fmt.Errorf("firewall teardown: %w", err))
	}
	cfg := firewallConfigFromFlags(c)
	what := "table inet " + cfg.Table
	if cfg.Backend == firewall.BackendIPTables {
		what = fmt.Sprintf("chain %s and sets %s-*", strings.ToUpper(cfg.Table), cfg.Table)
	}
	fmt.Fprintf(c.App.Writer, "removed %s\n", what)
	return nil
}
