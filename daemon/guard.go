package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// verifyEvery is how often the kernel is compared with what the daemon
// loaded when the backend cannot watch it (iptables/ipset: no monitor for
// set contents), and the fallback when the watch fails. A comparison is
// a few cheap reads (counts, never a dump), and 250 ms keeps a repair
// within the second the issue asks for.
const verifyEvery = 250 * time.Millisecond

// repairs records what status tells about drift repairs.
type repairs struct {
	mu     sync.Mutex
	count  uint64
	last   time.Time
	reason string
}

func (r *repairs) note(at time.Time, reason string) {
	r.mu.Lock()
	r.count++
	r.last, r.reason = at, reason
	r.mu.Unlock()
}

func (r *repairs) get() (uint64, time.Time, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count, r.last, r.reason
}

// guard repairs changes others make to our kernel side (`nft flush
// ruleset`, a flushed set or chain, `ipset flush`, `iptables -F`, a
// firewall reload) until ctx is done. It follows the backend's Watch
// (nftables: netlink events, at once), or compares the kernel with what
// was loaded every verifyEvery when there is no watch.
func (d *Daemon) guard(ctx context.Context) {
	drifts, err := d.fw.Watch(ctx)
	if err != nil {
		if !errors.Is(err, errors.ErrUnsupported) {
			d.log.Warn("cannot watch the kernel for changes; comparing it every 250ms instead", "err", err)
		}
		drifts = d.poll(ctx)
	}
	for {
		for dr := range drifts {
			if dr.Empty() {
				continue
			}
			d.repairDrift(ctx, dr.String())
		}
		if ctx.Err() != nil {
			return
		}
		// The watch ended on its own (its netlink socket failed): keep
		// guarding by comparison rather than not at all.
		d.log.Warn("the kernel watch stopped; comparing the kernel every 250ms instead")
		drifts = d.poll(ctx)
	}
}

// poll is the watch of a backend that has none: Verify, or when even that
// is missing, a comparison of Status with the bans the daemon holds.
func (d *Daemon) poll(ctx context.Context) <-chan firewall.Drift {
	out := make(chan firewall.Drift)
	go func() {
		defer close(out)
		t := time.NewTicker(verifyEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			dr, err := d.fw.Verify(ctx)
			if errors.Is(err, errors.ErrUnsupported) {
				dr, err = d.compareStatus(ctx)
			}
			if err != nil {
				if ctx.Err() == nil {
					d.setUnhealthy(err)
				}
				continue
			}
			if dr.Empty() {
				continue
			}
			select {
			case out <- dr:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// compareStatus finds a missing table, set or chain, and ban sets holding
// fewer elements than the bans the daemon knows must be there. Bans ending
// within expirySlack are not counted: the kernel may already have dropped
// them on their own timeout.
//
// Bans decided but not yet loaded (queued for the enforcer) are not
// expected, and the expectation is taken before the kernel is read, so a
// ban loaded in between can only raise the kernel's count. A shortfall is
// confirmed by a second look before it is reported: an unban between the
// two reads would otherwise cost a needless repair of every ban.
func (d *Daemon) compareStatus(ctx context.Context) (firewall.Drift, error) {
	dr, err := d.compareOnce(ctx)
	if err != nil || dr.Empty() {
		return dr, err
	}
	select {
	case <-ctx.Done():
		return firewall.Drift{}, ctx.Err()
	case <-time.After(confirmAfter):
	}
	return d.compareOnce(ctx)
}

const confirmAfter = 100 * time.Millisecond

func (d *Daemon) compareOnce(ctx context.Context) (firewall.Drift, error) {
	now := d.now()
	want := d.expectedElements(now)
	st, err := d.fw.Status(ctx)
	if err != nil {
		return firewall.Drift{}, err
	}
	if !complete(st) {
		return firewall.Drift{At: now, Reasons: []string{"table, set or chain missing"}}, nil
	}
	if got := st.Bans(); got < want {
		return firewall.Drift{At: now, Reasons: []string{fmt.Sprintf("ban sets hold %d elements, want at least %d", got, want)}}, nil
	}
	return firewall.Drift{}, nil
}

const expirySlack = 2 * time.Second

// expectedElements is how many kernel elements the active bans need at
// least: the kernel merges a ban inside a wider one into it, so only the
// bans no other active ban contains count.
func (d *Daemon) expectedElements(now time.Time) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	var wide []netip.Prefix
	for p, a := range d.active {
		if !p.IsSingleIP() && a.lasts(now.Add(expirySlack)) {
			wide = append(wide, p)
		}
	}
	n := 0
outer:
	for p, a := range d.active {
		if !a.lasts(now.Add(expirySlack)) {
			continue
		}
		for _, w := range wide {
			if w != p && w.Bits() < p.Bits() && w.Contains(p.Addr()) {
				continue outer
			}
		}
		n++
	}
	// Held by d.mu, the loop queues nothing more; what is queued (or being
	// loaded) is not in the kernel yet.
	waiting, _ := d.commits.stats()
	return max(n-waiting, 0)
}

func (a activeBan) lasts(at time.Time) bool { return a.expires.IsZero() || a.expires.After(at) }

// repairDrift puts back everything of ours: the table, sets, chains and
// rules (Ensure), the allow list, and every active ban with its remaining
// time, from the daemon's own memory of them (the store's bans plus the
// ones still waiting for the store), in one call.
func (d *Daemon) repairDrift(ctx context.Context, reason string) {
	t0 := time.Now()
	d.mu.Lock()
	allow := d.allowList()
	now := d.now()
	bans := make([]firewall.Ban, 0, len(d.active))
	for p, a := range d.active {
		if a.lasts(now) {
			bans = append(bans, firewall.Ban{Prefix: p, Timeout: remaining(a.expires, now)})
		}
	}
	// Take fwMu before letting go of d.mu (the order every path uses): an
	// unban or a reload that changes d.active or the allow list after this
	// snapshot then reaches the kernel after the repair, instead of being
	// undone by it.
	d.fwMu.Lock()
	d.mu.Unlock()
	d.log.Warn("kernel changed from outside; repairing", "reason", reason, "bans", len(bans))
	err := d.fw.Ensure(ctx)
	if err == nil {
		err = d.fw.SetAllow(ctx, allow)
	}
	if err == nil && len(bans) > 0 {
		err = d.fw.Ban(ctx, bans)
	}
	d.fwMu.Unlock()
	d.repairs.note(d.now(), reason)
	if err != nil {
		if ctx.Err() == nil {
			d.setUnhealthy(err)
			d.log.Error("repair kernel ruleset", "reason", reason, "err", err)
		}
		return
	}
	d.healthy.Store(true)
	d.healthErr.Store(nil)
	d.log.Info("kernel ruleset repaired", "reason", reason, "bans", len(bans), "took", time.Since(t0))
}
