// Package admin carries out the admin commands (ban, unban, list, status)
// directly on the store and the kernel, for when no daemon answers on the
// control socket: an admin who locked someone out must always be able to
// undo it. It implements control.Service, the interface the daemon serves.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/gaissmai/bart"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/eventlog"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// DefaultReason is the reason of a manual ban given none.
const DefaultReason = manualban.DefaultReason

// ErrKernel: the store changed but the kernel did not follow. The CLI maps
// it to its firewall exit code.
var ErrKernel = control.ErrKernel

// Options are the optional parts of an Offline service.
type Options struct {
	ConfigPath string           // shown by Status
	Version    string           // shown by Status
	Now        func() time.Time // default time.Now
	Log        *slog.Logger     // default: discard
}

// Offline is control.Service without a daemon. The caller owns the store
// and the backend: it opened them and closes them. Its methods may be
// called from several goroutines (the control tests serve it over a
// socket); they run one at a time because a backend is single-user.
type Offline struct {
	cfg     *rules.Config
	pol     *rules.Policy
	store   *state.Store
	fw      firewall.Backend
	checker *protect.Checker
	opts    Options

	mu sync.Mutex
}

var _ control.Service = (*Offline)(nil)

// NewOffline returns the offline service. cfg and pol may be nil (Status
// then shows no sources and mode); store, fw and checker are required.
func NewOffline(cfg *rules.Config, pol *rules.Policy, store *state.Store, fw firewall.Backend, checker *protect.Checker, opts Options) *Offline {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Offline{cfg: cfg, pol: pol, store: store, fw: fw, checker: checker, opts: opts}
}

// Ban is a manual ban, decided by manualban as in the daemon: stored
// (durable before anything else happens), then loaded into the kernel.
// When the kernel refuses, the ban stays stored and the error says so: a
// daemon started later puts it in place.
func (o *Offline) Ban(ctx context.Context, req control.BanRequest) (control.BanInfo, error) {
	pfx, err := manualban.Target(req, o.opts.Now())
	if err != nil {
		return control.BanInfo{}, err
	}
	shown := ipprefix.String(pfx)
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.opts.Now()
	ban, err := manualban.Record(req, pfx, now, o.checker, o.store)
	if err != nil {
		return control.BanInfo{}, err
	}
	if _, err := o.store.Write(state.Batch{Put: []state.Ban{ban}}); err != nil {
		return control.BanInfo{}, manualban.StoreError("ban "+shown, err)
	}
	info := manualban.Info(ban)
	o.writeEvents(now, manualban.BanEvent(ban, now))
	if err := o.fw.Ensure(ctx); err != nil {
		return info, manualban.KernelError("ban "+shown, kernelLater, err)
	}
	elem, capped := manualban.Kernel(ban, now, o.fw.MaxTimeout())
	if err := o.fw.Ban(ctx, []firewall.Ban{elem}); err != nil {
		return info, manualban.KernelError("ban "+shown, kernelLater, err)
	}
	info.InKernel = true
	if capped {
		o.opts.Log.Warn("the kernel holds this ban for less than its length; a running daemon loads it again when the kernel drops it",
			"prefix", shown, "kernel_timeout", elem.Timeout, "expires", ban.Expires)
	}
	o.opts.Log.Info("manual ban without daemon", "prefix", shown, "reason", ban.Reason, "expires", ban.Expires, "offence", ban.Offence, "force", req.Force)
	return info, nil
}

// kernelLater says who puts the kernel right after the offline path
// stored a change the kernel refused.
const kernelLater = "a starting daemon applies the store"

// Unban lifts every stored ban equal to or inside each prefix (or all of
// them) with the clients' offence history, as the daemon does, and removes
// the same from the kernel, including kernel elements the store does not
// know (drift, or a store that was reset).
func (o *Offline) Unban(ctx context.Context, req control.UnbanRequest) ([]control.BanInfo, error) {
	nets, err := manualban.Unban(req)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()

	kernel, kerr := manualban.KernelBans(ctx, o.fw, nets, req.All)
	batch, err := manualban.LiftRequest(o.store, req, nets)
	if err != nil {
		return nil, fmt.Errorf("unban: nothing lifted: %w", err)
	}
	removed, err := o.store.Write(batch)
	if err != nil {
		return nil, manualban.StoreError("unban", err)
	}
	now := o.opts.Now()
	lifted := make([]control.BanInfo, 0, len(removed))
	events := make([]eventlog.Event, 0, len(removed))
	for _, b := range removed {
		lifted = append(lifted, manualban.Info(b))
		events = append(events, manualban.UnbanEvent(b))
	}
	// Kernel elements inside the unbanned networks that the store did not
	// have are lifted too; report them so the admin sees what changed.
	strays := manualban.Strays(kernel, removed, batch.ForgetOffences, now)
	lifted = append(lifted, strays...)
	o.writeEvents(now, events...)
	// Try the kernel even when listing it failed: the listing is only for
	// the report, the removal is what the admin needs.
	if req.All {
		err = o.fw.Flush(ctx)
	} else {
		err = o.fw.Unban(ctx, manualban.Named(kernel, nets))
	}
	if err != nil && !errors.Is(err, firewall.ErrNotReady) {
		return lifted, fmt.Errorf("unban: removed from the store, but %w: %w", ErrKernel, err)
	}
	if kerr != nil {
		o.opts.Log.Warn("cannot list the kernel's bans; bans only the kernel held are not reported", "err", kerr)
	}
	shown := make([]string, len(nets))
	for i, n := range nets {
		shown[i] = ipprefix.String(n)
	}
	o.opts.Log.Info("manual unban without daemon", "prefixes", shown, "all", req.All, "lifted", len(lifted))
	return lifted, nil
}

// kernelEntries lists the kernel's bans; a missing table holds none.
func (o *Offline) kernelEntries(ctx context.Context) ([]firewall.Entry, error) {
	entries, err := o.fw.List(ctx)
	if errors.Is(err, firewall.ErrNotReady) {
		return nil, nil
	}
	return entries, err
}

// List returns the store's active bans, each marked with whether the kernel
// holds it, followed by kernel elements the store does not know. A kernel
// that cannot be read (no CAP_NET_ADMIN) is logged, not fatal: the store
// alone still answers what is banned.
func (o *Offline) List(ctx context.Context) ([]control.BanInfo, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.opts.Now()
	bans, err := o.store.ActiveBans(now)
	if err != nil {
		return nil, fmt.Errorf("list bans: %w", err)
	}
	kernel, kerr := o.kernelEntries(ctx)
	if kerr != nil {
		o.opts.Log.Warn("cannot read the kernel's bans; in-kernel flags are unknown", "err", kerr)
	}
	inKernel := new(bart.Table[bool])
	for _, e := range kernel {
		inKernel.Insert(e.Prefix, true)
	}
	stored := new(bart.Table[bool])
	out := make([]control.BanInfo, 0, len(bans))
	for _, b := range bans {
		info := manualban.Info(b)
		// The kernel merges a ban inside a wider one into the wider one.
		_, _, info.InKernel = inKernel.LookupPrefixLPM(b.Prefix)
		stored.Insert(b.Prefix, true)
		out = append(out, info)
	}
	for _, e := range kernel {
		if !stored.OverlapsPrefix(e.Prefix) {
			out = append(out, manualban.KernelOnly(e, now))
		}
	}
	return manualban.ListUndecodable(o.store, out)
}

// Covering returns the active stored bans equal to or containing addr,
// whether the kernel holds them, and the kernel's elements covering addr
// that no stored ban accounts for, by point lookups (manualban.Covering).
func (o *Offline) Covering(ctx context.Context, addr netip.Addr) ([]control.BanInfo, error) {
	if !addr.IsValid() {
		return nil, fmt.Errorf("covering: invalid address: %w", control.ErrInvalid)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	bans, err := o.store.Covering(addr, o.opts.Now())
	if err != nil {
		return nil, fmt.Errorf("covering %s: %w", addr, err)
	}
	kernel, kerr := o.fw.Lookup(ctx, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
	return manualban.Covering(bans, kernel, kerr, o.opts.Now()), nil
}

// Status reports the store and the kernel; Running is false.
func (o *Offline) Status(ctx context.Context) (control.Status, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	st := control.Status{
		Running:      false,
		Version:      o.opts.Version,
		Config:       o.opts.ConfigPath,
		BansByReason: map[string]int{},
		Sources:      []control.SourceStatus{},
	}
	if o.pol != nil {
		st.Mode = string(o.pol.Mode)
	}
	if o.cfg != nil {
		for _, s := range o.cfg.Sources {
			st.Sources = append(st.Sources, control.SourceStatus{Path: s.Path, Format: s.Format})
		}
	}
	bans, err := o.store.ActiveBans(o.opts.Now())
	if err != nil {
		return st, fmt.Errorf("status: %w", err)
	}
	st.ActiveBans = len(bans)
	for _, b := range bans {
		st.BansByReason[b.Reason]++
	}
	st.Backend = backendStatus(ctx, o.fw)
	return st, nil
}

// backendStatus summarizes the kernel side: healthy means guardctl's table
// and sets exist and can be read.
func backendStatus(ctx context.Context, fw firewall.Backend) control.BackendStatus {
	fs, err := fw.Status(ctx)
	bs := control.BackendStatus{Name: fs.Backend}
	if err != nil {
		bs.Error = err.Error()
		return bs
	}
	bs.Elements = fs.Bans()
	if fs.Backend == firewall.BackendNone {
		// The dry run holds nothing between processes; there is nothing
		// to be unhealthy.
		bs.Healthy = true
		return bs
	}
	bs.Healthy = fs.Present
	for _, s := range fs.Sets {
		if !s.Present {
			bs.Healthy = false
		}
	}
	if !bs.Healthy {
		bs.Error = fmt.Sprintf("table %s or its sets are missing (the daemon creates them when it starts)", fs.Table)
	}
	return bs
}

// Reload needs a running daemon.
func (o *Offline) Reload(context.Context) (control.ReloadResult, error) {
	return control.ReloadResult{}, fmt.Errorf("reload: %w", control.ErrNotRunning)
}

// writeEvents appends to the config's event log (`[daemon] event_log`)
// what the daemon would have written: every ban and unban is a line,
// daemon running or not. The store holds the change already; a log that
// cannot be written is logged, not fatal.
func (o *Offline) writeEvents(now time.Time, events ...eventlog.Event) {
	if o.cfg == nil {
		return
	}
	if err := eventlog.Append(o.cfg.Daemon.EventLog, now, events...); err != nil {
		o.opts.Log.Warn("cannot write the event log", "err", err)
	}
}
