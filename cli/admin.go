package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// Flags shared by the admin verbs (ban, unban, list, status, reload).
const (
	flagSocket   = "socket"
	flagStateDir = "state-dir"
	flagJSON     = "json"
)

// offlineNotice tells the admin that the verb bypasses the daemon.
const offlineNotice = "daemon not running: acting on the store and the kernel directly"

// offlineLockTimeout is how long the offline path waits for the state file:
// a daemon that is starting holds it briefly before its socket answers.
const offlineLockTimeout = 2 * time.Second

func adminFlags() []cli.Flag {
	cf := configFlag()
	cf.Usage = "policy file (TOML) the daemon runs with, for its socket, state_dir and [firewall]; default: $" + envConfig + ", else " + defaultConfigPath + " when it exists, else the embedded default"
	return []cli.Flag{
		cf,
		&cli.StringFlag{Name: flagSocket, Usage: "the daemon's control socket (default: daemon.socket of the config, /run/guardctl/guardctl.sock)", EnvVars: []string{"GUARDCTL_SOCKET"}},
		&cli.StringFlag{Name: flagStateDir, Usage: "state directory used when the daemon is not running (default: daemon.state_dir of the config, /var/lib/guardctl)", EnvVars: []string{"GUARDCTL_STATE_DIR"}},
		outputFlag(nil),
	}
}

// adminEnv is what an admin verb works with: the daemon's socket, and the
// offline service opened only when no daemon answers.
type adminEnv struct {
	c      *cli.Context
	policy *loadedPolicy
	client *control.Client
	socket string

	offline *admin.Offline
	closers []func() error

	// policyErr is why the policy file did not load: the daemon runs its
	// last valid version, so the verbs that go through its socket still
	// work (an admin fixing a bad edit needs unban most); only the offline
	// path, which needs the file's [daemon] and [firewall], refuses.
	policyErr error
	warned    bool
	// socketNote says why the socket is the default one when the policy
	// file could not even be read as TOML: "nothing listens on
	// /run/guardctl/guardctl.sock" alone sent the admin (reload after a
	// bad edit) looking for a dead daemon that was running on the
	// socket the file names (operator audit).
	socketNote string
}

func newAdminEnv(c *cli.Context) (*adminEnv, error) {
	if _, err := outputOf(c); err != nil {
		return nil, err
	}
	// Found as by every verb: --config, $GUARDCTL_CONFIG, then the file
	// the packaged unit runs the daemon with, so the offline path finds the
	// same socket, state and table.
	choice := findConfig(c.String("config"), os.Getenv, defaultConfigPath)
	lp, err := loadChoice(choice)
	socket := c.String(flagSocket)
	if err != nil {
		var note string
		if socket == "" {
			var guessed bool
			if socket, guessed = socketOf(choice.Path); guessed {
				note = fmt.Sprintf("the default socket: %s does not parse, so the socket it names is unknown; fix it or give --socket", choice.Path)
			}
		}
		return &adminEnv{c: c, client: control.Dial(socket), socket: socket, policyErr: err, socketNote: note}, nil
	}
	if socket == "" {
		socket = lp.Config.Daemon.Socket
	}
	return &adminEnv{c: c, policy: lp, client: control.Dial(socket), socket: socket}, nil
}

// socketOf reads daemon.socket from a policy file that does not load as a
// whole, leniently (unknown keys, bad values elsewhere do not matter); the
// default socket when the file says none or cannot be read as TOML at all.
// guessed: the file could not be read as TOML, so whether it names another
// socket is unknown.
func socketOf(path string) (socket string, guessed bool) {
	var f struct {
		Daemon struct {
			Socket string `toml:"socket"`
		} `toml:"daemon"`
	}
	if path != "" {
		_, err := toml.DecodeFile(path, &f)
		if err == nil && f.Daemon.Socket != "" {
			return f.Daemon.Socket, false
		}
		guessed = err != nil
	}
	return rules.Default().Daemon.Socket, guessed
}

// warnPolicy says once that the policy file is invalid while the daemon
// answered with the configuration it runs.
func (e *adminEnv) warnPolicy() {
	if e.policyErr == nil || e.warned {
		return
	}
	e.warned = true
	fmt.Fprintf(e.c.App.ErrWriter, "warning: the policy file is invalid; the daemon keeps running its last valid version (guardctl check-config shows every problem):\n%v\n", e.policyErr)
}

func (e *adminEnv) Close() {
	_ = e.client.Close()
	for i := len(e.closers) - 1; i >= 0; i-- {
		_ = e.closers[i]()
	}
}

// call runs fn against the daemon, or, when none answers and offlineOK,
// against the store and the kernel directly. It reports which one answered.
func call[T any](e *adminEnv, offlineOK bool, fn func(control.Service) (T, error)) (T, bool, error) {
	v, err := fn(e.client)
	if errors.Is(err, control.ErrNotRunning) && e.socketNote != "" {
		err = fmt.Errorf("%w (%s)", err, e.socketNote)
	}
	if err == nil || !errors.Is(err, control.ErrNotRunning) || !offlineOK {
		if !errors.Is(err, control.ErrNotRunning) && !errors.Is(err, control.ErrDenied) {
			e.warnPolicy()
		}
		return v, false, err
	}
	if e.policyErr != nil {
		// Acting on the store and kernel needs the file's [daemon] and
		// [firewall]: guessing them could touch the wrong table.
		var zero T
		return zero, true, e.policyErr
	}
	if e.offline == nil { // said once, however many calls a verb makes
		fmt.Fprintln(e.c.App.ErrWriter, offlineNotice)
	}
	svc, err := e.openOffline()
	if err != nil {
		var zero T
		return zero, true, err
	}
	v, err = fn(svc)
	return v, true, err
}

// openOffline opens the store, the firewall backend and the protection
// checker the way the daemon would.
func (e *adminEnv) openOffline() (*admin.Offline, error) {
	if e.offline != nil {
		return e.offline, nil
	}
	cfg := e.policy.Config
	dir := e.c.String(flagStateDir)
	if dir == "" {
		dir = cfg.Daemon.StateDir
	}
	log := adminLogger(e.c)
	st, err := state.Open(dir, state.Options{LockTimeout: offlineLockTimeout, Logger: log})
	if err != nil {
		var locked *state.LockedError
		if errors.As(err, &locked) {
			return nil, withCode(exitDaemon, fmt.Errorf(
				"no daemon answers on %s, but %v: it may be starting, hung, or listening on another socket (see daemon.socket and --socket); not touching the store behind its back",
				e.socket, err))
		}
		return nil, withCode(exitFailure, err)
	}
	e.closers = append(e.closers, st.Close)
	fw, err := backend.New(e.c.Context, firewallConfigOf(cfg), log)
	if err != nil {
		return nil, withCode(exitFirewall, fmt.Errorf("open %s backend: %w", cfg.Firewall.Backend, err))
	}
	e.closers = append(e.closers, fw.Close)
	chk, err := protect.ForConfig(cfg, e.policy.Policy) // as the daemon protects
	if err != nil {
		return nil, err
	}
	e.offline = admin.NewOffline(cfg, e.policy.Policy, st, fw, chk, admin.Options{
		ConfigPath: e.policy.Source,
		Version:    version,
		Log:        log,
	})
	return e.offline, nil
}

// adminLogger is the backends' logger for a verb an admin types: warnings
// only, unless --log-level asks for more (the dry-run backend would print
// "would ban" for every call, and the result line says it already).
func adminLogger(c *cli.Context) *slog.Logger {
	if c.IsSet("log-level") {
		return firewallLogger(c)
	}
	return slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// parseTarget reads an IP address or CIDR from the command line, by the
// rules and with the messages the daemon and the offline path apply to it.
func parseTarget(s string) (netip.Prefix, error) {
	if strings.HasPrefix(s, manualban.KeyPrefix) {
		// A raw key names one stored record that cannot be decoded
		// (list prints it so); only unban takes it.
		return netip.Prefix{}, usagef("%q is a stored record's key, not an IP address or CIDR network: `guardctl unban %s` removes that record; a ban needs an address", s, s)
	}
	p, err := ipprefix.Parse(s)
	if err != nil {
		return netip.Prefix{}, usagef("%v", err)
	}
	return p, nil
}

// serviceError words a failed admin call for the person who typed it. Its
// exit code comes from what it wraps (exitCodeOf), never from its text.
func serviceError(verb string, err error) error {
	var (
		pe *control.ProtectedError
		re *control.RemoteError
	)
	switch {
	case errors.As(err, &pe):
		return &reworded{msg: fmt.Sprintf("%s: %s, a protected address; add --force to ban it anyway", verb, pe.Detail), err: err}
	case errors.Is(err, control.ErrProtected): // from a daemon that does not send the detail
		return fmt.Errorf("%s: %w; add --force to ban it anyway", verb, err)
	case errors.Is(err, control.ErrInvalid):
		return fmt.Errorf("%s: %w", verb, err)
	case errors.Is(err, control.ErrNotRunning), errors.Is(err, control.ErrDenied),
		errors.Is(err, control.ErrStore), errors.Is(err, control.ErrKernel):
		// Their messages say it all; a kernel refusal the daemon reports
		// reads as on the offline path.
		return err
	case errors.As(err, &re):
		return fmt.Errorf("%s: the daemon answered: %w", verb, err)
	}
	return err
}
