package cli

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/logging"
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
				Usage:  "remove every ban from the kernel, keep the table, chains and allow list (the daemon restores the bans it keeps: use unban --all to lift them)",
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

// firewallFlags: the config's [firewall] section decides by default (the
// same lookup as every verb: --config, $GUARDCTL_CONFIG, the system file);
// a flag given on the command line overrides its key.
func firewallFlags() []cli.Flag {
	d := firewall.DefaultConfig()
	return []cli.Flag{
		configFlag(),
		outputFlag(nil),
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
// policy's [firewall] section, as the daemon does, with the flags set on
// the command line (or by their environment variables) overriding it.
func firewallConfigFromFlags(c *cli.Context) (firewall.Config, error) {
	pol, err := loadPolicy(c.String("config"))
	if err != nil {
		return firewall.Config{}, err
	}
	cfg := firewallConfigOf(pol.Config)
	if c.IsSet(flagFWBackend) {
		cfg.Backend = c.String(flagFWBackend)
	}
	if c.IsSet(flagFWTable) {
		cfg.Table = c.String(flagFWTable)
	}
	if c.IsSet(flagFWHook) {
		cfg.Hook = c.String(flagFWHook)
	}
	if c.IsSet(flagFWPriority) {
		cfg.Priority = c.Int(flagFWPriority)
	}
	if c.IsSet(flagFWAction) {
		cfg.Action = c.String(flagFWAction)
	}
	if c.IsSet(flagFWForward) {
		cfg.Forward = c.Bool(flagFWForward)
	}
	if c.IsSet(flagFWIPTMode) {
		cfg.IPTablesMode = c.String(flagFWIPTMode)
	}
	cfg.NetNS = c.String(flagFWNetNS)
	return cfg, nil
}

// firewallLogger writes the backends' logs to stderr at the global level.
func firewallLogger(c *cli.Context) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		level = slog.LevelInfo
	}
	return logging.New(c.App.ErrWriter, level, os.Getenv)
}

// openFirewall opens the configured backend; its errors carry the firewall
// exit code, or the usage code for a bad flag value.
func openFirewall(c *cli.Context) (firewall.Backend, error) {
	if c.NArg() > 0 {
		return nil, usagef("firewall %s: unexpected argument %q", c.Command.Name, c.Args().First())
	}
	if _, err := outputOf(c); err != nil {
		return nil, err
	}
	fc, err := firewallConfigFromFlags(c)
	if err != nil {
		return nil, err
	}
	cfg, err := fc.Normalize()
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
	if format, _ := outputOf(c); format == outputJSON {
		return writeJSON(c.App.Writer, firewallStatusJSON(st))
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
	if format, _ := outputOf(c); format == outputJSON {
		return writeJSON(c.App.Writer, map[string]any{"flushed": len(before)})
	}
	fmt.Fprintf(c.App.Writer, "flushed %s from the kernel\n", plural(len(before), "ban"))
	// The store still holds them: the daemon (or its next start) puts
	// them back. Say so, or the admin believes they are gone.
	fmt.Fprintln(c.App.ErrWriter, "note: the daemon restores the bans it keeps in its state on its next start or reconcile; to lift them for good: guardctl unban --all")
	return nil
}

func runFirewallTeardown(c *cli.Context) error {
	b, err := openFirewall(c)
	if err != nil {
		return err
	}
	defer b.Close()
	// Whether there was anything to remove: "removed table inet x" for a
	// table that never existed (a mistyped --table) told the admin the
	// wrong table was gone (operator audit). A status that cannot be read
	// counts as present.
	st, err := b.Status(c.Context)
	existed := err != nil || st.Present
	for _, s := range st.Sets {
		existed = existed || s.Present
	}
	for _, ch := range st.Chains {
		existed = existed || ch.Present
	}
	if err := b.Teardown(c.Context); err != nil {
		return withCode(exitFirewall, fmt.Errorf("firewall teardown: %w", err))
	}
	cfg, err := firewallConfigFromFlags(c)
	if err != nil {
		return err
	}
	what := "table inet " + cfg.Table
	if cfg.Backend == firewall.BackendIPTables {
		what = fmt.Sprintf("chain %s and sets %s-*", strings.ToUpper(cfg.Table), cfg.Table)
	}
	if format, _ := outputOf(c); format == outputJSON {
		return writeJSON(c.App.Writer, map[string]any{"removed": what, "existed": existed})
	}
	if !existed {
		fmt.Fprintf(c.App.Writer, "nothing to remove: no %s in the kernel (backend %s)\n", what, cfg.Backend)
		return nil
	}
	fmt.Fprintf(c.App.Writer, "removed %s\n", what)
	return nil
}

// firewallStatusJSON is `firewall status -o json`: the status with the
// snake_case keys every guardctl JSON document uses.
func firewallStatusJSON(st firewall.Status) any {
	type set struct {
		Name     string `json:"name"`
		Present  bool   `json:"present"`
		Flags    string `json:"flags"`
		Elements int    `json:"elements"`
	}
	type chain struct {
		Name    string `json:"name"`
		Hook    string `json:"hook"`
		Present bool   `json:"present"`
		Rules   int    `json:"rules"`
		Blocked uint64 `json:"blocked_packets"`
	}
	out := struct {
		Backend string  `json:"backend"`
		Detail  string  `json:"detail,omitempty"`
		Table   string  `json:"table"`
		Present bool    `json:"present"`
		Sets    []set   `json:"sets"`
		Chains  []chain `json:"chains"`
	}{Backend: st.Backend, Detail: st.Detail, Table: st.Table, Present: st.Present, Sets: []set{}, Chains: []chain{}}
	for _, s := range st.Sets {
		out.Sets = append(out.Sets, set(s))
	}
	for _, c := range st.Chains {
		out.Chains = append(out.Chains, chain(c))
	}
	return out
}
