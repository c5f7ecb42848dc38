package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/state"
)

// reconcile makes the kernel match the store at start:
//   - the table, sets and chains exist (Ensure) and the allow set holds the
//     policy's allow list;
//   - ended bans leave the store;
//   - every active stored ban is loaded with its remaining time;
//   - elements of ours the store does not know are removed, except when
//     the store never held a ban (a new or moved-aside state file):
//     then the kernel's elements are adopted into the store with their
//     remaining time, because an empty store must never unban anyone.
//     A store whose bans all ended (the daemon running or stopped) is
//     not such a store: it adopts nothing (what is left was added by
//     hand);
//   - a kernel timeout of an ended ban is trusted only when the daemon
//     could have set it (keepRunningTimeouts), else the element goes.
func (d *Daemon) reconcile(ctx context.Context) error {
	if d.clock != nil {
		// From the start on, a wall-clock step is recorded in the store
		// at once: the store's times are in the daemon's clock, and the
		// next start moves them back by it (clockstep.go).
		d.clock.setOnStep(d.saveClockOffset)
		// And with every ban written, and at the store's Close after a
		// last reading of the clock (the stop path).
		d.store.SetFrameOffsetSource(d.clock.storeOffset)
	}
	// What the store's Open did about the clock, said in status: an
	// offset it ignored, or a wall-clock step while the daemon was
	// stopped that it moved the bans by (state/seen.go).
	var opened []string
	if p := d.store.FrameOffsetProblem(); p != "" {
		opened = append(opened, p)
	}
	if st := d.store.StoppedStep(); st.Found {
		opened = append(opened, st.String())
	}
	if len(opened) > 0 {
		d.storeHealth.setOpenProblem(strings.Join(opened, "; "))
	}
	d.fwMu.LockFor("reconcile at start")
	defer d.fwMu.Unlock()
	if err := d.fw.Ensure(ctx); err != nil {
		return &FirewallError{Err: fmt.Errorf("set up %s: %w", d.fwName, err)}
	}
	if err := d.fw.SetAllow(ctx, d.allowList()); err != nil {
		return &FirewallError{Err: fmt.Errorf("load allow list: %w", err)}
	}
	now := d.now()
	expired, err := d.store.ExpireBans(now)
	if err != nil {
		return err
	}
	active, err := d.store.ActiveBans(now)
	if err != nil {
		return err
	}
	// Records that cannot be decoded are kept because they may be active
	// bans (8a27ec5), but every reader skips them, so each start removed
	// their elements as unknown to the store: the ban was silently undone
	// by a restart. One whose head says its end is enforced until then;
	// one whose end cannot be read keeps whatever the kernel holds.
	enforce, keep, err := undecodableBans(d.store, now)
	if err != nil {
		return err
	}
	if len(enforce)+len(keep) > 0 {
		d.log.Error("ban records that cannot be decoded: enforced by the prefix and end they still show (guardctl list names them; unban PREFIX removes them)",
			"enforced", len(enforce), "kept_in_kernel", len(keep))
	}
	active = append(active, enforce...)
	owed, err := d.finishLifts(ctx, active)
	if err != nil {
		return err
	}
	kernel, err := d.fw.List(ctx)
	if err != nil {
		return &FirewallError{Err: fmt.Errorf("list kernel bans: %w", err)}
	}
	if !owed {
		kept, lengthened, err := d.keepRunningTimeouts(expired, kernel, now)
		if err != nil {
			return err
		}
		active = append(active, kept...)
		if kernel, err = d.dropLengthened(ctx, lengthened, kernel); err != nil {
			return err
		}
	}

	switch {
	case owed:
		// The store is empty, or lacks these bans, because of an unban:
		// adopting would undo it, and removing the stale elements is the
		// step that just failed. The first repair retries it.
		restored, err := d.restoreKept(keep, kernel, now)
		if err != nil {
			return err
		}
		active = append(active, restored...)
	case len(active) == 0 && len(expired) == 0 && len(kernel) > 0 && !d.store.HeldBans():
		// Only a store that never held a ban (a new or moved-aside file):
		// one whose bans all ended has no element of them left (their
		// timeouts ran out too; those still running were kept above), so
		// what the kernel holds was added by hand, and adopting it made a
		// foreign element guardctl's ban (s13 known defect). 57ac8d9 told
		// that store by the bans ending at this start; one whose bans had
		// ended while the daemon ran (housekeeping deleted them) still
		// adopted (review s14): the store's held-bans mark tells both. The
		// cost: elements of ours that never reached such a store go too
		// (backlog.go: a restart removes those).
		adopted := make([]state.Ban, 0, len(kernel))
		for _, e := range kernel {
			b := state.Ban{Prefix: e.Prefix, Reason: "adopted from kernel", Start: now, Origin: state.OriginAuto}
			if e.Expires > 0 {
				// A kernel timeout may reach past what the store can hold
				// (an element someone added by hand with a huge timeout).
				b.Expires = expiry(now, e.Expires)
			}
			adopted = append(adopted, b)
		}
		if _, err := d.store.Write(state.Batch{Put: adopted}); err != nil {
			return err
		}
		d.log.Warn("the store knows no ban but the kernel holds some: adopted them instead of removing them",
			"adopted", len(adopted), "new_store", d.freshStore)
		active = adopted
	default:
		restored, err := d.restoreKept(keep, kernel, now)
		if err != nil {
			return err
		}
		active = append(active, restored...)
		stale := staleElements(kernel, append(slices.Clip(active), keep...))
		if len(stale) > 0 {
			if err := d.fw.Unban(ctx, stale); err != nil {
				return &FirewallError{Err: fmt.Errorf("remove bans the store does not know: %w", err)}
			}
			d.log.Info("removed kernel bans the store does not know", "count", len(stale))
		}
	}
	if err := d.loadActive(ctx, active, now); err != nil {
		return err
	}
	d.mu.Lock()
	for _, b := range active {
		d.active.set(b.Prefix, activeBan{expires: b.Expires, reason: b.Reason})
	}
	d.mu.Unlock()
	d.healthy.Store(true)
	if owed {
		d.setUnhealthy(errors.New("unbans of the last run are still owed to the kernel; the repair retries them"))
	}
	d.log.Info("kernel reconciled with the store", "active", len(active), "expired", len(expired), "kernel_before", len(kernel))
	return nil
}

// loadActive puts every active stored ban into the kernel with its
// remaining time (banning again replaces a timeout). Called with fwMu held.
func (d *Daemon) loadActive(ctx context.Context, active []state.Ban, now time.Time) error {
	if len(active) == 0 {
		return nil
	}
	fwb := make([]firewall.Ban, len(active))
	for i, b := range active {
		fwb[i] = firewall.Ban{Prefix: b.Prefix, Timeout: remaining(b.Expires, now)}
	}
	if err := d.fw.Ban(ctx, fwb); err != nil {
		return &FirewallError{Err: fmt.Errorf("load %d stored bans: %w", len(fwb), err)}
	}
	return nil
}

// staleElements are the kernel's elements the store does not know. The
// kernel may hold a ban merged into a wider one, so an element is known
// when it overlaps a stored ban.
func staleElements(kernel []firewall.Entry, active []state.Ban) []netip.Prefix {
	ps := make([]netip.Prefix, len(active))
	for i, b := range active {
		ps[i] = b.Prefix
	}
	x := newPrefixIndex(ps, true)
	var stale []netip.Prefix
	for _, e := range kernel {
		if !x.overlaps(e.Prefix) {
			stale = append(stale, e.Prefix)
		}
	}
	return stale
}

// allowList is the policy's allow list as prefixes.
func (d *Daemon) allowList() []netip.Prefix {
	var out []netip.Prefix
	if d.pol.Allow != nil {
		for p := range d.pol.Allow.All() {
			out = append(out, p)
		}
	}
	return out
}

// checkHealth is the slow safety net behind guard: Verify (cheap counts,
// never a dump) and a repair when anything differs. It also retries a
// repair or a ban batch that failed (the daemon is then unhealthy).
func (d *Daemon) checkHealth(ctx context.Context) {
	d.checkStoreFile()
	if d.opts.NoRepair {
		return
	}
	dr, err := d.fw.Verify(ctx)
	if errors.Is(err, errors.ErrUnsupported) {
		dr, err = d.compareStatus(ctx)
	}
	if err == nil {
		d.noteAudit(dr)
	}
	if err == nil && dr.Empty() {
		// The daemon's own count as well: it also catches elements the
		// kernel dropped early because their timeout was capped (ipset).
		dr, err = d.compareStatus(ctx)
	}
	switch {
	case err != nil:
		d.setUnhealthy(err)
		d.log.Error("check the kernel ruleset", "err", err)
	case !dr.Empty():
		d.repairDrift(ctx, dr.String())
	case !d.healthy.Load():
		d.repairDrift(ctx, "retry after a kernel error: "+d.healthError())
	}
	d.retryGivenUp(ctx)
}

func (d *Daemon) healthError() string {
	if e := d.healthErr.Load(); e != nil {
		return *e
	}
	return ""
}

func complete(st firewall.Status) bool {
	if !st.Present {
		return false
	}
	for _, s := range st.Sets {
		if !s.Present {
			return false
		}
	}
	for _, c := range st.Chains {
		if !c.Present {
			return false
		}
	}
	return true
}

func (d *Daemon) setUnhealthy(err error) {
	s := err.Error()
	d.healthErr.Store(&s)
	d.healthy.Store(false)
}

// finishLifts does the kernel step of the unbans a previous run stored
// but did not finish (a failed flush of unban --all, then a restart before
// the repair ran): before, the emptied store made this start adopt every
// element the flush had left as a ban again. Elements inside an active
// ban stay. It reports whether removals are still owed: a failure here is
// not given up (review of 48e8d90: giving up cleared the stored record, so
// the empty store beside the kernel's elements was adopted, the unban
// --all undone for good); they stay in lifted and the store for the first
// repair, and the start adopts nothing meanwhile. Called with fwMu held.
func (d *Daemon) finishLifts(ctx context.Context, active []state.Ban) (bool, error) {
	l, err := d.store.Lifts()
	if err != nil {
		return false, err
	}
	if l.Empty() {
		return false, nil
	}
	d.setLifted(l.Prefixes, l.All)
	d.log.Info("finishing unbans the last run could not finish in the kernel", "all", l.All, "prefixes", len(l.Prefixes))
	now := d.now()
	bans := make([]firewall.Ban, len(active))
	for i, b := range active {
		bans[i] = firewall.Ban{Prefix: b.Prefix, Timeout: remaining(b.Expires, now)}
	}
	if _, err := d.removeLifted(ctx, bans, false); err != nil {
		d.log.Error("cannot finish the unbans the last run owed to the kernel; the repair retries them, and nothing is adopted from the kernel meanwhile", "err", err)
		return true, nil
	}
	return false, nil
}

// restoreKept rewrites each undecodable record whose end cannot be read
// (keep) and whose prefix the kernel holds as a readable ban ending when
// the kernel's element does, and returns those bans for d.active. Only
// kept in the kernel (ff1973c), such a ban was not in d.active: the
// first repair after an outside flush of the set, or a reboot, lost it
// for good (review rev-ops s11). The kernel's element is the only record
// of its end left; one the kernel no longer holds has nothing to restore
// and stays as it is (list names it). The Put replaces the damaged
// record: its key is the prefix's key.
func (d *Daemon) restoreKept(keep []state.Ban, kernel []firewall.Entry, now time.Time) ([]state.Ban, error) {
	if len(keep) == 0 {
		return nil, nil
	}
	held := make(map[netip.Prefix]firewall.Entry, len(kernel))
	for _, e := range kernel {
		held[e.Prefix] = e
	}
	var restored []state.Ban
	for _, k := range keep {
		e, ok := held[k.Prefix]
		if !ok {
			continue
		}
		b := state.Ban{Prefix: k.Prefix, Reason: "undecodable record rewritten with the end its kernel element shows", Start: now, Origin: state.OriginAuto}
		if e.Expires > 0 {
			b.Expires = expiry(now, e.Expires)
		}
		restored = append(restored, b)
	}
	if len(restored) == 0 {
		return nil, nil
	}
	if _, err := d.store.Write(state.Batch{Put: restored}); err != nil {
		return nil, fmt.Errorf("rewrite %d undecodable ban records from the kernel: %w", len(restored), err)
	}
	d.log.Error("ban records whose end could not be read were rewritten with the end their kernel element shows",
		"rewritten", len(restored), "not_in_kernel", len(keep)-len(restored))
	return restored, nil
}

// undecodableBans are the store's undecodable records with a prefix for a
// key: enforce those whose head shows an end still to come (or none:
// permanent), keep those whose end cannot be read.
func undecodableBans(st *state.Store, now time.Time) (enforce, keep []state.Ban, err error) {
	bad, err := st.Undecodable(netip.Prefix{})
	if err != nil {
		return nil, nil, err
	}
	for _, u := range bad {
		switch {
		case !u.Prefix.IsValid():
		case !u.HeadRead:
			keep = append(keep, state.Ban{Prefix: u.Prefix})
		case u.Expires.IsZero() || u.Expires.After(now):
			b := u.Ban()
			b.Origin = state.OriginAuto
			enforce = append(enforce, b)
		}
	}
	return enforce, keep, nil
}

// kernelTimeoutSlack is how much longer than its ban's whole duration a
// kernel timeout the daemon set may read: remaining rounds to the second
// (ipset keeps whole seconds) and the clock may be read up to a step
// threshold apart (stepThreshold).
const kernelTimeoutSlack = stepThreshold + time.Second

// keepRunningTimeouts puts back the bans the store just ended whose kernel
// element's timeout still runs, with the kernel's remaining time, and
// returns them (review rev-enforce s13 item 1, the safety net). Kernel
// timeouts run on the monotonic clock, the store's ends on the wall clock:
// after a forward step the daemon did not record (a crash before it
// could), the store calls a ban ended that the kernel, which measured the
// real time elapsed, still holds; removing it as unknown undid the ban at
// the restart. Here the kernel's count wins for the bans the store knew.
// A ban that really ended while the daemon was stopped has no element
// left (its timeout ran out too), so nothing is kept that should not be.
//
// But only a timeout the daemon could have set is trusted (s13 known
// defect): every timeout it gives the kernel is the ban's remaining time,
// never more than the ban's whole duration (Expires - Start, the same in
// every clock frame), whatever the steps. An element with more left than
// that was lengthened by hand (nft add element ... timeout 30d, ipset add
// -exist ... timeout, a saved ruleset restored) or added by hand for an
// address whose ban had ended: keeping it made a ban outlive its decision,
// stored as ours with the old reason. Those are returned as lengthened,
// not kept.
func (d *Daemon) keepRunningTimeouts(expired []state.Ban, kernel []firewall.Entry, now time.Time) (kept []state.Ban, lengthened []firewall.Entry, err error) {
	if len(expired) == 0 || len(kernel) == 0 {
		return nil, nil, nil
	}
	left := make(map[netip.Prefix]time.Duration, len(kernel))
	for _, e := range kernel {
		if e.Expires > 0 {
			left[e.Prefix] = e.Expires
		}
	}
	for _, b := range expired {
		r, ok := left[b.Prefix]
		if !ok || b.Expires.IsZero() {
			continue
		}
		if whole := b.Expires.Sub(b.Start); r > whole+kernelTimeoutSlack {
			// Logged once for all by dropLengthened: a restored ruleset
			// with thousands of them must not write a line each.
			lengthened = append(lengthened, firewall.Entry{Prefix: b.Prefix, Expires: r})
			continue
		}
		start := b.Start
		b.Expires = expiry(now, r)
		if !b.Expires.After(start) {
			b.Start = now
		}
		kept = append(kept, b)
	}
	if len(kept) == 0 {
		return nil, lengthened, nil
	}
	if _, err := d.store.Write(state.Batch{Put: kept}); err != nil {
		return nil, nil, err
	}
	d.log.Warn("bans the wall clock calls ended are kept with the time their kernel timeout has left (an unrecorded wall-clock step before the last stop?)",
		"count", len(kept), "first", kept[0].Prefix, "left", remaining(kept[0].Expires, now))
	return kept, lengthened, nil
}

// maxLengthenedExamples is how many of the elements dropLengthened removed
// its warning names.
const maxLengthenedExamples = 3

// dropLengthened removes from the kernel the elements keepRunningTimeouts
// did not trust, and returns kernel without them, so that neither the
// adoption of an empty store's kernel nor the stale pass sees them. On a
// shared table (shared_table = true) too: the sets are guardctl's, the
// element's prefix is a ban guardctl stored and ended, and left there it
// would block with no decision behind it while status and list call it
// guardctl's; a tool that wants its own block keeps it in its own set.
// Called with fwMu held.
func (d *Daemon) dropLengthened(ctx context.Context, lengthened, kernel []firewall.Entry) ([]firewall.Entry, error) {
	if len(lengthened) == 0 {
		return kernel, nil
	}
	drop := make(map[netip.Prefix]bool, len(lengthened))
	ps := make([]netip.Prefix, 0, len(lengthened))
	for _, e := range lengthened {
		drop[e.Prefix] = true
		ps = append(ps, e.Prefix)
	}
	if err := d.fw.Unban(ctx, ps); err != nil {
		return nil, &FirewallError{Err: fmt.Errorf("remove %d elements whose kernel timeout outlived their ended ban: %w", len(ps), err)}
	}
	// One line for all (count and the first few), not one per element.
	eg := make([]string, 0, min(len(lengthened), maxLengthenedExamples))
	for _, e := range lengthened[:cap(eg)] {
		eg = append(eg, fmt.Sprintf("%s (kernel left %s)", e.Prefix, e.Expires.Round(time.Second)))
	}
	d.log.Warn("removed kernel elements of ended bans whose timeout was longer than the ban ever had (lengthened or added by hand); a block wanted beyond the ban's end is guardctl ban's, or another set's",
		"count", len(ps), "examples", strings.Join(eg, ", "))
	return slices.DeleteFunc(kernel, func(e firewall.Entry) bool { return drop[e.Prefix] }), nil
}
