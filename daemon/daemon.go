// Package daemon is `guardctl run`: it follows the configured logs, sends
// every line through the same pipeline as `analyze`, enforces bans in the
// kernel, keeps them in the store, and serves the admin API
// (control.Service) the CLI verbs use.
//
// One goroutine (the loop) owns the detector: lines of every source are
// judged there in order, so the detector needs no locking of its own. The
// bans decided from a run of lines go to the kernel at once, in one batch;
// then the bans, the offences behind them and the read positions after
// those lines go to the store in one transaction (one fsync) on a second
// goroutine, while the loop judges on; only then is a ban reported (event
// log, service log, API). A crash at any point re-reads at most the lines
// after the last saved position and never skips one: a ban that reached the
// kernel but not the store is decided again from its re-read line, and a
// ban in the event log is in the store.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/metrics"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/tailer"
)

// Options configure a Daemon. ConfigPath is required.
type Options struct {
	ConfigPath string
	// StateDir and Socket override daemon.state_dir and daemon.socket.
	StateDir string
	Socket   string
	Logger   *slog.Logger
	Version  string
	// Notify sends a service manager notification ("READY=1", ...). Nil
	// means systemd's sd_notify, a no-op outside systemd.
	Notify func(state string)
	// Serve runs the control API until ctx is done, calling listening
	// once the socket answers (READY waits for it). Nil means
	// control.ServeListening on the configured socket; tests may
	// replace it.
	Serve func(ctx context.Context, socket, group string, d *Daemon, log *slog.Logger, listening func()) error
	// NetNS, when set, enforces in the network namespace at this path
	// (/run/netns/NAME) instead of the daemon's own.
	NetNS string
	// Now is the wall clock; nil means time.Now.
	Now func() time.Time
	// JournalFiles makes journal sources read these journal files
	// (journalctl --file) instead of the system journal: tests.
	JournalFiles []string
	// PositionEvery is how often read positions are saved when no ban
	// forces a write. Default 1s.
	PositionEvery time.Duration
	// HealthEvery is how often the kernel side is checked and repaired.
	// Default 10s.
	HealthEvery time.Duration
	// KernelWait bounds how long an admin change waits for a kernel call
	// in progress, and status's kernel reads; KernelStuckAfter is how
	// long a held call takes to make status unhealthy. Defaults
	// kernelWait and kernelStuckAfter; tests set them shorter.
	KernelWait, KernelStuckAfter time.Duration
	// NoRepair leaves changes others make to the kernel side alone (no
	// watch, no repair on the health check). Only tests that stage a
	// broken kernel on purpose set it.
	NoRepair bool
	// KernelHook, if set, is called after each batch of bans was accepted
	// by the kernel, with the prefixes (measurements hook the latency
	// there).
	KernelHook func(prefixes []netip.Prefix, at time.Time)
	// Metrics, if set, counts rule hits, bans, store errors and kernel
	// latencies as they happen; scrapes read the rest through
	// MetricsSnapshot (metrics.go). Nil counts nothing.
	Metrics *metrics.Metrics
}

// Daemon is a running (or ready to run) guardctl service.
type Daemon struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	clock   *stepClock // behind now: the wall clock without its steps (clockstep.go)
	started time.Time

	store *state.Store
	// storeFile is the store's file as opened (checkStoreFile); only the
	// housekeeping goroutine uses it after New.
	storeFile os.FileInfo
	// freshStore: the state file did not exist before this start, so the
	// kernel's elements are adopted rather than removed (see reconcile).
	freshStore bool
	fw         firewall.Backend
	// fwMu orders the changes made to the kernel (Ban, Unban, Ensure,
	// SetAllow, Flush) among the loop, the admin calls and repairs. Reads
	// (Status, Counts, Verify, Lookup, List) are safe for concurrent use
	// and never take it, so a status or a health check never holds up the
	// ban path.
	// It names the call holding it (kernelgate.go): status reports a
	// stuck one and admin changes give up behind it after kernelWait.
	fwMu kernelGate
	// lifted are kernel elements an unban took out of the store whose
	// kernel step failed; liftAll: unban --all's flush failed. The next
	// repair removes them (removeLifted). Guarded by fwMu; written with
	// oweMu held too, so status reads it under oweMu alone (owedUnbans).
	lifted  []netip.Prefix
	liftAll bool
	// owed: unbans that gave up waiting for a stuck kernel call (so
	// without fwMu); the repair adds them to lifted. Guarded by oweMu.
	oweMu   sync.Mutex
	owed    []netip.Prefix
	owedAll bool
	// givenUp: unbans whose kernel step failed again when the repair
	// retried it (givenUpAll: unban --all's flush). They stay in the
	// store's pending lifts, so a restart removes them instead of
	// adopting the elements as bans; the health check retries them and
	// status names them until done. Guarded by oweMu.
	givenUp    []netip.Prefix
	givenUpAll bool
	// countsBusy: a status or list kernel read is still running (stuck
	// behind a kernel call); no second one is started (boundedRead).
	countsBusy atomic.Bool
	fwName     string
	events     *eventLog
	socket     string
	group      string
	flushOut   bool
	cluster    *clusterLink // nil unless [cluster] (cluster.go)
	// enrich: block lists and geo (enrich.go); set when Run starts.
	enrich atomic.Pointer[enrich]

	// mu guards everything below: the loop holds it while it judges a
	// run of lines and commits it; admin calls take it for their change.
	mu      sync.Mutex
	cfg     *rules.Config
	pol     *rules.Policy
	det     *detector.Engine
	prot    *protect.Checker
	sources []*source
	bySrc   map[string]*source
	active  activeSet
	pend    pending

	fol      *follower
	refollow chan struct{} // a reload changed the sources' paths

	commits       *commitQueue  // loop, admin calls -> enforcer (kernel)
	durable       *commitQueue  // enforcer -> committer (store)
	committerDone chan struct{} // closed when the committer has stopped
	storeHealth   storeHealth

	lastReload  time.Time
	reloadError string // the last reload was refused
	reloadNotes string // the last reload was applied, with these problems
	reloadGen   uint64 // counts reloads applied: a late block-list load updates reloadNotes only if its reload is the last
	protected   uint64 // decisions not enforced because the client is protected

	repairs   repairs
	healthy   atomic.Bool
	healthErr atomic.Pointer[string]
	heartbeat atomic.Int64
}

// activeBan is what the loop remembers of a stored ban: enough to ignore a
// late decision for a client already banned and to answer status.
type activeBan struct {
	expires time.Time // zero: permanent
	reason  string
}

// New loads the configuration and opens the store and the firewall
// backend. It changes nothing in the kernel; Run does.
func New(opts Options) (*Daemon, error) {
	if opts.ConfigPath == "" {
		return nil, errors.New("daemon: no config file given")
	}
	if abs, err := filepath.Abs(opts.ConfigPath); err == nil {
		opts.ConfigPath = abs // reloads must not depend on the working directory
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PositionEvery <= 0 {
		opts.PositionEvery = time.Second
	}
	if opts.HealthEvery <= 0 {
		opts.HealthEvery = 10 * time.Second
	}
	if opts.KernelWait <= 0 {
		opts.KernelWait = kernelWait
	}
	if opts.KernelStuckAfter <= 0 {
		opts.KernelStuckAfter = kernelStuckAfter
	}
	if opts.Notify == nil {
		opts.Notify = sdNotify
	}
	// The daemon's clock does not follow wall-clock steps (clockstep.go).
	clock := newStepClock(opts.Now, opts.Logger)
	d := &Daemon{opts: opts, log: opts.Logger, now: clock.Now, clock: clock, active: newActiveSet(), pend: pending{pos: map[state.FileID]state.Position{}},
		commits: newCommitQueue(0), durable: newCommitQueue(maxBacklogBans), committerDone: make(chan struct{}), refollow: make(chan struct{}, 1)}
	cfg, pol, err := loadConfig(opts.ConfigPath)
	if err != nil {
		return nil, err
	}
	if len(cfg.Sources) == 0 {
		return nil, &ConfigError{Err: fmt.Errorf("config %s: no [[source]]: guardctl run needs at least one log to follow", opts.ConfigPath)}
	}
	d.cfg, d.pol = cfg, pol
	d.socket = firstNonEmpty(opts.Socket, cfg.Daemon.Socket)
	d.group = cfg.Daemon.SocketGroup
	d.flushOut = cfg.Daemon.FlushOnExit
	if d.prot, err = newProtector(cfg, pol); err != nil {
		return nil, err
	}

	dir := firstNonEmpty(opts.StateDir, cfg.Daemon.StateDir)
	d.freshStore = !storeExists(dir)
	if d.store, err = openStore(dir, d.log, d.now); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(d.store.Path()); err == nil {
		d.storeFile = fi // checkStoreFile compares the file with it
	}
	if d.cluster, err = newClusterLink(cfg, dir); err != nil {
		d.store.Close()
		return nil, err
	}
	d.det = detector.New(pol, detector.Options{History: d.history(), Logger: d.log, Country: d.countryFunc()})
	d.restoreLoginMarks()
	if err := d.buildSources(cfg, pol); err != nil {
		d.store.Close()
		return nil, &ConfigError{Err: err}
	}

	fwCfg := firewallConfig(cfg)
	fwCfg.NetNS = opts.NetNS
	// Only the running daemon owns the table: the CLI's firewall and
	// offline verbs (FirewallConfig) never claim it, and while the daemon
	// runs their writes are refused (ErrOwned) instead of undoing bans
	// behind its back; it stays, unowned, when the daemon exits.
	fwCfg.Owner = !cfg.Firewall.SharedTable
	d.fwName = fwCfg.Backend
	if d.fw, err = backend.New(context.Background(), fwCfg, d.log); err != nil {
		d.store.Close()
		return nil, &FirewallError{Err: fmt.Errorf("open %s backend: %w", fwCfg.Backend, err)}
	}
	d.warnLongBans(d.fw, pol)
	if cfg.Daemon.EventLog != "" {
		if d.events, err = openEventLog(cfg.Daemon.EventLog, d.log); err != nil {
			d.fw.Close()
			d.store.Close()
			return nil, err
		}
	}
	// Bans and unbans are reported elsewhere too ([report], enrich.go).
	d.events = d.tapEvents(d.events)
	return d, nil
}

// ConfigError marks a configuration problem (main maps it to its exit code).
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// FirewallError marks a kernel backend failure.
type FirewallError struct{ Err error }

func (e *FirewallError) Error() string { return e.Err.Error() }
func (e *FirewallError) Unwrap() error { return e.Err }

func loadConfig(path string) (*rules.Config, *rules.Policy, error) {
	cfg, err := rules.LoadFile(path)
	if err != nil {
		return nil, nil, &ConfigError{Err: fmt.Errorf("load config %s:\n%w", path, err)}
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		return nil, nil, &ConfigError{Err: fmt.Errorf("config %s:\n%w", path, err)}
	}
	return cfg, pol, nil
}

// newProtector is protect.ForConfig, which the offline admin verbs use too.
func newProtector(cfg *rules.Config, pol *rules.Policy) (*protect.Checker, error) {
	return protect.ForConfig(cfg, pol)
}

// openStore opens the state store, turning its failures into advice.
// A corrupt file is never replaced automatically: the admin moves it aside,
// and the next start adopts the bans the kernel still holds (reconcile), so
// nothing is unbanned by accident.
func openStore(dir string, log *slog.Logger, now func() time.Time) (*state.Store, error) {
	s, err := state.Open(dir, state.Options{Logger: log, Now: now})
	var ce *state.CorruptError
	var le *state.LockedError
	switch {
	case err == nil:
		return s, nil
	case errors.As(err, &ce):
		return nil, fmt.Errorf("refusing to start: %w\n  to start with an empty store: mv %s %s.corrupt (bans in the kernel are kept and adopted at the next start)",
			err, ce.Path, ce.Path)
	case errors.As(err, &le):
		return nil, fmt.Errorf("refusing to start: %w; is guardctl already running?", err)
	default:
		return nil, fmt.Errorf("open state in %s: %w", dir, err)
	}
}

func storeExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, state.FileName))
	return !errors.Is(err, fs.ErrNotExist)
}

func firewallConfig(cfg *rules.Config) firewall.Config {
	c := firewall.DefaultConfig()
	f := cfg.Firewall
	c.Backend = firstNonEmpty(f.Backend, c.Backend)
	c.Table = firstNonEmpty(f.Table, c.Table)
	c.Hook = firstNonEmpty(f.Hook, c.Hook)
	c.Priority = f.Priority
	c.Action = firstNonEmpty(f.Action, c.Action)
	c.Forward = f.Forward
	c.IPTablesMode = firstNonEmpty(f.IPTablesMode, c.IPTablesMode)
	return c
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Run starts everything and blocks until ctx is done or a fatal error:
// reconcile the kernel with the store, follow the logs, serve the control
// socket, and on the way out save positions and leave the bans in the
// kernel (unless daemon.flush_on_exit). Run closes the daemon's resources.
func (d *Daemon) Run(ctx context.Context) error {
	defer d.close()
	d.started = d.now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	startMemoryLimitWith(ctx, d.cfg.Limits, clusterMemory(d.cfg), d.log) // memlimit.go, cluster_mem.go

	if err := d.reconcile(ctx); err != nil {
		return err
	}
	stopCluster, err := d.startCluster(ctx)
	if err != nil {
		return err
	}
	defer stopCluster()
	// Block lists go into the kernel before the first line is read.
	stopEnrich := d.startEnrich(ctx)
	defer stopEnrich()
	guardCtx, stopGuard := context.WithCancel(ctx)
	guardDone := make(chan struct{})
	go func() {
		defer close(guardDone)
		var wg sync.WaitGroup
		wg.Go(func() { d.housekeeping(guardCtx) })
		if !d.opts.NoRepair {
			d.guard(guardCtx)
		}
		wg.Wait()
	}()
	defer func() { stopGuard(); <-guardDone }() // before close: it uses the backend
	positions, err := d.store.Positions()
	if err != nil {
		return err
	}
	for _, p := range positions {
		d.pend.pos[p.ID()] = p
	}

	// A few batches of up to 512 lines: enough to keep the loop busy, and
	// little memory queued when the tailer runs ahead during a burst.
	lines := make(chan []tailer.Line, 8)
	go d.enforcer(ctx)
	go d.committer(ctx)
	if d.fol, err = d.follow(ctx, cancel, lines, positions); err != nil {
		d.commits.close()
		<-d.committerDone
		return err
	}
	var wg sync.WaitGroup
	serve := d.opts.Serve
	if serve == nil {
		serve = serveControl
	}
	listening := make(chan struct{})
	var listenOnce sync.Once
	wg.Go(func() {
		if err := serve(ctx, d.socket, d.group, d, d.log, func() { listenOnce.Do(func() { close(listening) }) }); err != nil {
			cancel(err)
		}
	})
	stopWatchdog := d.watchdog(ctx)
	defer stopWatchdog()

	// READY means the sources are open and the control socket answers:
	// a ban or status right after `systemctl start` must not find
	// nothing listening.
	select {
	case <-d.fol.ready():
	case <-ctx.Done():
	}
	select {
	case <-listening:
	case <-ctx.Done():
	}
	d.notify("READY=1\nSTATUS=" + d.summary())
	d.mu.Lock() // the socket already serves reloads
	nsrc, mode := len(d.sources), d.pol.Mode
	d.mu.Unlock()
	d.log.Info("guardctl running", "sources", nsrc, "backend", d.fwName, "mode", mode, "state", d.store.Path())

	d.loop(ctx, cancel, lines)

	d.notify("STOPPING=1")
	d.mu.Lock()
	d.fol.stop()
	d.mu.Unlock()
	// Save what the loop judged; lines still queued were not judged and
	// their positions were not saved, so they are read again next time.
	d.mu.Lock()
	d.commit(context.WithoutCancel(ctx), true)
	d.mu.Unlock()
	wg.Wait() // the control server has answered its last request
	d.commits.close()
	<-d.committerDone
	if d.flushOut {
		d.fwMu.LockFor("flush on exit")
		if err := d.fw.Flush(context.WithoutCancel(ctx)); err != nil {
			d.log.Error("flush bans on exit", "err", err)
		} else {
			d.log.Info("flushed every ban from the kernel (daemon.flush_on_exit)")
		}
		d.fwMu.Unlock()
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	d.log.Info("guardctl stopped")
	return nil
}

func (d *Daemon) close() {
	if d.events != nil {
		d.events.Close()
	}
	d.fw.Close()
	d.store.Close()
}

func (d *Daemon) patterns() []string {
	out := make([]string, 0, len(d.sources))
	for _, s := range d.sources {
		if !s.cfg.IsJournal() { // followed by journald (journal.go)
			out = append(out, s.cfg.Path)
		}
	}
	return out
}

func fromStored(ps []state.Position) []tailer.Position {
	out := make([]tailer.Position, len(ps))
	for i, p := range ps {
		out[i] = tailer.Position{Path: p.Path, Dev: p.Dev, Inode: p.Inode, Offset: p.Offset, HeadLen: p.HeadLen, HeadHash: p.HeadHash}
	}
	return out
}

func toStored(p tailer.Position) state.Position {
	return state.Position{Path: p.Path, Dev: p.Dev, Inode: p.Inode, Offset: p.Offset, Size: p.Offset, HeadLen: p.HeadLen, HeadHash: p.HeadHash}
}
