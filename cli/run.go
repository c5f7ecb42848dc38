package cli

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/daemon"
	"github.com/guardctl/guardctl/logging"
	"github.com/guardctl/guardctl/metrics"
)

// Flag names of guardctl run.
const (
	flagRunStateDir = "state-dir"
	flagRunSocket   = "socket"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "run the daemon: follow the configured logs and ban offenders in the kernel",
		Description: "Follows every [[source]] of the config, bans in the kernel set of [firewall], keeps bans,\n" +
			"offence history and read positions in daemon.state_dir, and serves the control socket\n" +
			"(guardctl ban/unban/list/status/reload). SIGHUP reloads the config; SIGTERM stops and leaves\n" +
			"the bans in the kernel to expire on their own (unless daemon.flush_on_exit).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Value: defaultConfigPath, Usage: "policy file (TOML) with [[source]], [firewall] and [daemon]", EnvVars: []string{"GUARDCTL_CONFIG"}},
			&cli.StringFlag{Name: flagRunStateDir, Usage: "override daemon.state_dir"},
			&cli.StringFlag{Name: flagRunSocket, Usage: "override daemon.socket"},
		},
		Action: runDaemon,
	}
}

func runDaemon(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run: unexpected argument %q", c.Args().First())
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return usagef("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	log := logging.New(c.App.ErrWriter, level, os.Getenv)
	// Take SIGHUP before the (possibly slow) start-up: its default action
	// would kill the process. One arriving meanwhile waits in the channel
	// and reloads once the daemon runs.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	m := metrics.New()
	d, err := daemon.New(daemon.Options{
		ConfigPath: c.String("config"),
		StateDir:   c.String(flagRunStateDir),
		Socket:     c.String(flagRunSocket),
		Logger:     log,
		Version:    version,
		Metrics:    m,
	})
	if err != nil {
		return err // a *daemon.ConfigError or *daemon.FirewallError says its exit code
	}
	m.SetSnapshot(d.MetricsSnapshot)

	ctx, cancel := context.WithCancel(c.Context)
	defer cancel() // ends the SIGHUP goroutine when Run returns, whatever the reason
	if addr := d.MetricsListen(); addr != "" {
		// Metrics are an aid: a port in use is logged, not fatal. A
		// changed listen address takes a restart.
		go func() {
			if err := m.Serve(ctx, addr); err != nil {
				log.Error("metrics endpoint", "err", err)
			}
		}()
		log.Info("metrics", "listen", addr)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				res, err := d.Reload(ctx)
				if err != nil {
					log.Error("reload on SIGHUP", "err", err)
				} else if !res.OK {
					log.Error("reload on SIGHUP refused", "errors", res.Errors)
				}
			}
		}
	}()
	return d.Run(ctx)
}
