package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

var _ control.Service = (*Daemon)(nil)

func serveControl(ctx context.Context, socket, group string, d *Daemon, log *slog.Logger, listening func()) error {
	return control.ServeListening(ctx, socket, group, d, log, listening)
}

// Ban is a manual ban, decided by manualban as on the offline path: after
// the bans the loop decided are durable (so the record it replaces is the
// latest), stored, then loaded into the kernel.
func (d *Daemon) Ban(ctx context.Context, req control.BanRequest) (control.BanInfo, error) {
	pfx, err := manualban.Target(req, d.now())
	if err != nil {
		return control.BanInfo{}, err
	}
	shown := ipprefix.String(pfx)
	// Behind a stuck kernel call, say so before changing anything (and
	// before d.mu: the loop and status do not wait for this).
	if err := d.kernelFree(ctx); err != nil {
		return control.BanInfo{}, fmt.Errorf("ban %s: not banned, nothing changed: %w", shown, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.barrier(); err != nil {
		if berr := d.fwMu.busyError(); berr != nil {
			return control.BanInfo{}, fmt.Errorf("ban %s: not banned, nothing changed: %w", shown, berr)
		}
		return control.BanInfo{}, fmt.Errorf("ban %s: not banned: %w: %w", shown, control.ErrStore, err)
	}
	now := d.now()
	b, err := manualban.Record(req, pfx, now, d.prot, d.store)
	if err != nil {
		return control.BanInfo{}, err
	}
	if _, err := d.store.Write(state.Batch{Put: []state.Ban{b}}); err != nil {
		if errors.Is(err, state.ErrInvalid) {
			return control.BanInfo{}, manualban.StoreError("ban "+shown, err)
		}
		d.storeHealth.failed(err, now)
		d.opts.Metrics.StoreError()
		return control.BanInfo{}, fmt.Errorf("ban %s: not banned: %w: %w", shown, control.ErrStore, err)
	}
	d.active.set(pfx, activeBan{expires: b.Expires, reason: b.Reason})
	d.clusterBanned([]state.Ban{b})
	elem, _ := manualban.Kernel(b, now, d.fw.MaxTimeout()) // capped: the drift check loads it again
	// Stored: a kernel call stuck since the check above leaves the ban
	// to the repair that follows it (the daemon is unhealthy then).
	if err = d.fwMu.lockWithin(ctx, d.opts.KernelWait, "ban "+shown); err == nil {
		err = d.fw.Ban(ctx, []firewall.Ban{elem})
		d.fwMu.Unlock()
	}
	info := manualban.Info(b)
	info.InKernel = err == nil
	dur := "permanent"
	if !b.Expires.IsZero() {
		dur = b.Expires.Sub(now).String()
	}
	d.events.write(manualban.BanEvent(b, now), d.now())
	d.opts.Metrics.Ban(banMetric(b))
	d.events.flush()
	if err != nil {
		d.setUnhealthy(err)
		return info, manualban.KernelError("ban "+shown, "the daemon retries", err)
	}
	d.log.Info("banned", "client", shown, "reason", b.Reason, "duration", dur, "offence", b.Offence, "origin", "manual", "force", req.Force)
	return info, nil
}

// Unban lifts every ban equal to or inside each prefix (or all), in the
// store, the kernel and the detector, together with the clients' offence
// history (manualban says why).
func (d *Daemon) Unban(ctx context.Context, req control.UnbanRequest) ([]control.BanInfo, error) {
	nets, err := manualban.Unban(req)
	if err != nil {
		return nil, err
	}
	// What the kernel holds that no stored ban accounts for is removed too
	// and reported, as on the offline path. It is read before d.mu and
	// without adopting it (review finding: a listing under d.mu held the
	// loop for 0.4 s at 100k bans, and adopting every element made a
	// hand-added one elsewhere "ours", so deleting it later started
	// endless repairs).
	if err := d.kernelFree(ctx); err != nil {
		return nil, fmt.Errorf("unban: nothing lifted: %w", err)
	}
	kernel, kerr := manualban.KernelBans(ctx, d.fw, nets, req.All)
	if kerr != nil {
		d.log.Warn("cannot list the kernel's bans; bans only the kernel held are not reported", "err", kerr)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.barrier(); err != nil {
		if berr := d.fwMu.busyError(); berr != nil {
			return nil, fmt.Errorf("unban: nothing lifted: %w", berr)
		}
		return nil, fmt.Errorf("unban: nothing lifted: %w: %w", control.ErrStore, err)
	}
	batch, err := manualban.LiftRequest(d.store, req, nets)
	if err != nil {
		return nil, fmt.Errorf("unban: nothing lifted: %w", err)
	}
	forget := batch.ForgetOffences
	// Owed until the kernel step below is done, in the same transaction as
	// the deletion: a restart in between (a failed flush, a crash) must
	// finish the unban, not adopt the kernel's elements as bans again.
	batch.AddLifts = &state.Lifts{All: req.All, Prefixes: nets}
	removed, err := d.store.Write(batch)
	if err != nil {
		d.storeHealth.failed(err, d.now())
		d.opts.Metrics.StoreError()
		return nil, fmt.Errorf("unban: nothing lifted: %w: %w", control.ErrStore, err)
	}
	for p := range d.active.all() {
		if manualban.Inside(p, forget) {
			d.active.del(p)
		}
	}
	for _, n := range forget {
		d.det.Forget(n)
	}
	now := d.now()
	strays := manualban.Strays(kernel, removed, forget, now)
	named := manualban.Named(kernel, nets)
	if err = d.fwMu.lockWithin(ctx, d.opts.KernelWait, "unban"); err != nil {
		// Stuck behind a kernel call since the check above: the store is
		// lifted (and says the kernel step is owed); the repair that
		// follows the stuck call does it.
		// nets too, always: they are the keys the batch stored, which
		// finishing the park removes from the store (liftsDone).
		d.oweMu.Lock()
		d.owed, d.owedAll = append(d.owed, named...), d.owedAll || req.All
		d.owed = append(d.owed, nets...)
		d.oweMu.Unlock()
	} else {
		err = d.unbanKernel(ctx, req.All, named, nets, kerr)
		d.fwMu.Unlock()
	}
	out := make([]control.BanInfo, 0, len(removed)+len(strays))
	for _, b := range removed {
		out = append(out, manualban.Info(b))
		d.events.write(manualban.UnbanEvent(b), now) // names another node's ban: the reporter leaves it to that node
		d.log.Info("unbanned", "client", ipprefix.String(b.Prefix), "reason", b.Reason)
	}
	out = append(out, strays...)
	d.events.flush()
	d.clusterUnbanned(ctx, req.All, nets, removed)
	if err != nil {
		d.setUnhealthy(err)
		return out, fmt.Errorf("unban: removed from the store, but %w (the daemon retries): %w", control.ErrKernel, err)
	}
	return out, nil
}

// unbanKernel is Unban's kernel step, with fwMu held; what fails is noted
// for the repair (lifted, liftAll) and in the store.
func (d *Daemon) unbanKernel(ctx context.Context, all bool, named, nets []netip.Prefix, kerr error) error {
	var err error
	if all {
		err = d.fw.Flush(ctx)
	} else {
		err = d.fw.Unban(ctx, named)
	}
	// oweMu too: status reads lifted under it alone (owedUnbans).
	d.oweMu.Lock()
	var done state.Lifts // the store keys finished here (liftsDone)
	switch {
	case err != nil && all:
		d.liftAll = true
	case err != nil:
		// The store is lifted: the repair that follows the failure
		// (the daemon is unhealthy now) removes what the kernel kept.
		// The networks go with the elements: when the elements inside
		// were not read (kerr) they stand for them (removeLifted reads
		// them again), and they are the keys the batch stored.
		d.lifted = append(d.lifted, named...)
		d.lifted = append(d.lifted, nets...)
	case all:
		// The flush finished every lift in progress too.
		done = state.Lifts{All: true, Prefixes: slices.Concat(nets, d.lifted)}
		d.lifted, d.liftAll = nil, false
	default:
		done = state.Lifts{Prefixes: nets}
	}
	d.oweMu.Unlock()
	d.liftsDone(done)
	return err
}

// List returns the active bans, marking the ones the kernel holds.
func (d *Daemon) List(ctx context.Context) ([]control.BanInfo, error) {
	out, err := d.listStored(ctx)
	if err != nil {
		return nil, err
	}
	return manualban.ListUndecodable(d.store, out)
}

// listReadBelow: a list of fewer bans reads the kernel's sets to say
// which it holds, whatever the counts say.
const listReadBelow = 10000

// listStored is List's decoded bans, with whether the kernel holds them.
func (d *Daemon) listStored(ctx context.Context) ([]control.BanInfo, error) {
	bans, err := d.store.ActiveBans(d.now())
	if err != nil {
		return nil, err
	}
	out := make([]control.BanInfo, len(bans))
	for i, b := range bans {
		out[i] = manualban.Info(b)
	}
	// The kernel's own counters say whether it holds everything loaded
	// (Verify compares them with what went in): then no set is dumped,
	// which at 100,000 bans is most of a list's time. Otherwise, or when
	// a load failed, the sets are read to say which bans are missing.
	// Kernel reads are bounded: behind a stuck kernel call (the backend's
	// own lock is held by it) the list answers from the store, every
	// ban's kernel state unknown (before: "no", as if the kernel had lost
	// them all).
	c, err := d.readCounts(ctx, d.fw.Counts)
	if errors.Is(err, errReadStuck) {
		d.log.Warn("list: the kernel did not answer; answering from the store", "err", err, "busy", d.fwMu.busyError())
		for i := range out {
			out[i].KernelUnknown = true
		}
		return out, nil
	}
	// The counts cannot see one of ours gone beside a stranger added
	// (review s12 item 1: "IN KERNEL yes" for a ban the kernel had
	// dropped): below listReadBelow bans the sets are read, which costs
	// milliseconds; above, the audit (which compares the elements) must
	// have found no stranger.
	if err == nil && len(bans) >= listReadBelow && complete(c.Status) && c.Drift.Empty() && c.Drift.Extra == 0 && d.healthy.Load() {
		for i := range out {
			out[i].InKernel = true
		}
		return out, nil
	}
	// Read without adopting: a hand-added element read here is no ban of
	// ours (safe without fwMu: the ban path goes on).
	kernel, kerr := manualban.Peek(ctx, d.fw)
	var inKernel []netip.Prefix
	for _, e := range kernel {
		inKernel = append(inKernel, e.Prefix)
	}
	slices.SortFunc(inKernel, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr()) })
	for i, b := range bans {
		out[i].InKernel = kerr == nil && covered(b.Prefix, inKernel)
		out[i].KernelUnknown = kerr != nil
	}
	return out, nil
}

// Covering answers from the store's point lookups (at most 33 or 129) and
// the kernel's single-element lookup: no set is read whole.
func (d *Daemon) Covering(ctx context.Context, addr netip.Addr) ([]control.BanInfo, error) {
	if !addr.IsValid() {
		return nil, fmt.Errorf("covering: invalid address: %w", control.ErrInvalid)
	}
	bans, err := d.store.Covering(addr, d.now())
	if err != nil {
		return nil, err
	}
	kernel, kerr := d.fw.Lookup(ctx, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
	// The kernel's elements no stored ban accounts for too (review s12
	// item 2: "not banned" while the kernel dropped the address).
	return manualban.Covering(bans, kernel, kerr, d.now()), nil
}

// covered reports whether p lies inside one of sorted (by address).
func covered(p netip.Prefix, sorted []netip.Prefix) bool {
	i, _ := slices.BinarySearchFunc(sorted, p.Addr(), func(e netip.Prefix, a netip.Addr) int { return e.Addr().Compare(a) })
	// The covering element starts at or before p's address; kernel
	// elements do not overlap, so it is the last one starting there.
	for j := min(i, len(sorted)-1); j >= 0 && j >= i-1; j-- {
		if sorted[j].Bits() <= p.Bits() && sorted[j].Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Status is `guardctl status`.
func (d *Daemon) Status(ctx context.Context) (control.Status, error) {
	now := d.now()
	d.mu.Lock()
	st := control.Status{
		Running: true, PID: os.Getpid(), Version: d.opts.Version, Started: d.started,
		Mode: string(d.pol.Mode), Config: d.opts.ConfigPath, LastReload: d.lastReload, ReloadError: d.reloadError, ReloadNotes: d.reloadNotes,
		BansByReason: map[string]int{},
	}
	for _, s := range d.sources {
		ss := control.SourceStatus{Path: firstNonEmpty(s.cfg.Path, s.cfg.Label()), Format: firstNonEmpty(s.spec.Format, "auto (not detected yet)"),
			Lines: s.lines, LinesPerSec: s.rate.perSec(now, s.lines), LastLine: s.lastLine, Skipped: map[string]uint64{}}
		for r, n := range s.skipped {
			ss.Skipped[string(r)] = n
		}
		st.Sources = append(st.Sources, ss)
	}
	st.Clients = d.det.Stats().Clients
	d.mu.Unlock()
	// Counted a chunk at a time: 100k bans do not hold up the loop.
	d.eachActive(nil, func(_ netip.Prefix, a activeBan) {
		if a.lasts(now) {
			st.ActiveBans++
			st.BansByReason[a.reason]++
		}
	})

	st.Backend = control.BackendStatus{Name: d.fwName}
	st.Backend.Repairs, st.Backend.LastRepair, st.Backend.RepairReason = d.repairs.get()
	st.Backend.Warning = d.repairs.extraWarning()
	ss := d.storeHealth.status(d.commits, d.durable)
	ss.CorruptDropped, ss.CorruptUnreadable = d.store.CorruptDropped(), d.store.CorruptUnreadable()
	st.Store = &ss
	st.Cluster = d.clusterStatus()
	st.Degraded = d.degraded()
	// Counts reads the kernel's own element counters: no set is dumped,
	// and no lock of the ban path is held.
	// Bounded: behind a stuck kernel call (holding the backend's own
	// lock) status answers from memory and names the call.
	c, err := d.readCounts(ctx, func(ctx context.Context) (firewall.Counts, error) {
		c, err := d.fw.Counts(ctx)
		if errors.Is(err, errors.ErrUnsupported) {
			c.Status, err = d.fw.Status(ctx)
			c.Bans = c.Status.Bans()
		}
		return c, err
	})
	// After the read: a call that got stuck while it waited counts.
	st.Backend.Healthy, st.Backend.Error, st.Backend.Busy, st.Backend.Owed = d.backendHealth()
	if err != nil {
		st.Backend.Healthy = false
		st.Backend.Error = firstNonEmpty(st.Backend.Error, err.Error())
		st.Backend.ElementsUnknown = true
	} else {
		st.Backend.Elements = c.Bans
		if !complete(c.Status) {
			st.Backend.Healthy = false
			st.Backend.Error = firstNonEmpty(st.Backend.Error, "table or sets missing (being repaired)")
		} else if !c.Drift.Empty() {
			st.Backend.Healthy = false
			st.Backend.Error = firstNonEmpty(st.Backend.Error, "changed from outside (being repaired): "+c.Drift.String())
		}
	}
	return st, nil
}

// Reload re-reads the config. An invalid one changes nothing and every
// problem is returned; a valid one swaps the policy (the detector keeps
// its state), the allow list, protected addresses and source parsers; when
// the sources' paths changed, the logs are followed anew from the positions
// judged so far. Changes to [firewall] and [daemon] need a restart and are
// reported as such.
func (d *Daemon) Reload(ctx context.Context) (control.ReloadResult, error) {
	cfg, pol, err := loadConfig(d.opts.ConfigPath)
	if err == nil && len(cfg.Sources) == 0 {
		err = errors.New("no [[source]]: guardctl run needs at least one log to follow")
	}
	// d.prot is read and swapped under d.mu only; another reload may be
	// swapping it right now.
	var prot *protect.Checker
	if err == nil {
		prot, err = newProtector(cfg, pol)
	}
	if err != nil {
		res := control.ReloadResult{OK: false, Errors: splitErrors(err)}
		d.mu.Lock()
		d.reloadError = strings.Join(res.Errors, "; ")
		d.mu.Unlock()
		d.log.Error("reload refused; the running config stays", "config", d.opts.ConfigPath, "errors", res.Errors)
		return res, nil
	}
	d.mu.Lock()
	var notes []string
	if firewallConfig(cfg) != firewallConfig(d.cfg) || cfg.Firewall.SharedTable != d.cfg.Firewall.SharedTable {
		notes = append(notes, "[firewall] changed: restart guardctl to apply it")
	}
	refollow := !slices.Equal(pathsOf(cfg), pathsOf(d.cfg))
	if cfg.Daemon != d.cfg.Daemon {
		notes = append(notes, "[daemon] changed: restart guardctl to apply it")
	}
	d.det.SetPolicy(pol)
	oldCfg := d.cfg
	d.cfg, d.pol, d.prot = cfg, pol, prot
	if err := d.buildSources(cfg, pol); err != nil {
		// Validated by Compile; a parser that still refuses keeps the old
		// sources (the policy change stands).
		_ = d.buildSources(oldCfg, pol)
		notes = append(notes, err.Error())
	}
	if refollow {
		select {
		case d.refollow <- struct{}{}:
		default: // one is pending already
		}
	}
	d.lastReload = d.now()
	d.reloadError = ""
	d.reloadNotes = strings.Join(notes, "; ")
	d.reloadGen++
	gen := d.reloadGen
	allow := d.allowList()
	d.mu.Unlock()

	if err = d.fwMu.lockWithin(ctx, d.opts.KernelWait, "load allow list"); err == nil {
		err = d.fw.SetAllow(ctx, allow)
		d.fwMu.Unlock()
	}
	if err != nil {
		// The repair that follows (the daemon is unhealthy now) loads the
		// allow list again.
		err = fmt.Errorf("load allow list: %w", err)
		d.setUnhealthy(err)
		notes = append(notes, err.Error()+" (the daemon retries)")
	}
	if err := d.events.reopen(); err != nil {
		notes = append(notes, err.Error())
	}
	enrichNotes, late := d.reloadEnrich(cfg, pol)
	before := slices.Clip(notes)
	notes = append(notes, enrichNotes...)
	// What went wrong after the swap is shown by status too, not only
	// told to the client that asked (it may have given up): a reload
	// whose allow list did not load said "reloaded" with no error.
	d.mu.Lock()
	d.reloadNotes = strings.Join(notes, "; ")
	d.mu.Unlock()
	if late != nil {
		// Block lists the kernel took after this reload answered: their
		// notes replace "kernel busy", unless a later reload's stand.
		go func() {
			n, ok := <-late
			if !ok {
				return // replaced by a later reload before it started
			}
			d.log.Info("reload: block lists loaded after the kernel answered", "notes", n)
			d.mu.Lock()
			defer d.mu.Unlock()
			if d.reloadGen == gen {
				d.reloadNotes = strings.Join(append(before, n...), "; ")
			}
		}()
	}
	for _, n := range notes {
		d.log.Warn("reload", "note", n)
	}
	d.log.Info("config reloaded", "config", d.opts.ConfigPath, "mode", pol.Mode)
	return control.ReloadResult{OK: true, Errors: notes}, nil
}

func pathsOf(c *rules.Config) []string {
	out := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		out[i] = s.Path
	}
	return out
}

// splitErrors lists every problem of a config error, one per entry.
func splitErrors(err error) []string {
	var es rules.Errors
	if errors.As(err, &es) {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Error()
		}
		return out
	}
	return []string{err.Error()}
}

// summary is the one-line STATUS= for systemd.
func (d *Daemon) summary() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var lines uint64
	for _, s := range d.sources {
		lines += s.lines
	}
	return fmt.Sprintf("%d sources, %d lines, %d active bans, backend %s", len(d.sources), lines, d.active.len(), d.fwName)
}
