//go:build linux

package nft

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/mdlayher/netlink"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// defaultAuditEvery spaces the element audits: the daemon's health check
// (every 10 s) runs one each time, a caller polling Verify faster (the
// daemon when the watch failed) one at most this often. What an audit
// finds is a loaded.Findings: elements in our ban sets that this process
// did not load (someone ran `nft add element inet guardctl ban4 {
// 1.2.3.4 }`). They are reported, never removed: an element an operator
// added by hand may be meant, and guardctl only removes what it put there.
const defaultAuditEvery = 5 * time.Second

// fullAuditEvery: an audit reads every non-empty ban set this often even
// when the counts show no stranger, to compare each element's time left
// with the one loaded. A timeout shortened by another process sends an
// element event (which forces a read at once, see Watch) but its expiry
// sends none, and a stranger added beside it keeps the count equal to
// ours (review s12 item 1). Reading 100,000 elements costs about 0.1-0.2 s
// of CPU on the audit's own socket, never under mu.
const fullAuditEvery = 30 * time.Second

// ownedFullAuditEvery replaces fullAuditEvery while this process owns the
// table (Config.Owner, table flag owner): the kernel then refuses every
// change from any other socket (add or delete an element, flush a set,
// delete the table: EPERM), so no other process can shorten a timeout or
// slip a stranger in beside ours, which is what the 30 s read is for. It
// cost the idle daemon most of its CPU with 100k bans (0.28 % -> ~1 % of a
// core, review rev-enforce2 s12). A rare full read is kept as a safety net
// for what ownership does not cover: this process's own record drifting
// from the kernel (a bug of ours, an element the kernel dropped on its
// own). The counts are still compared at every audit.
const ownedFullAuditEvery = 10 * time.Minute

// auditNow runs an element audit at once (after the running one), for
// an event that showed another process adding elements to a ban set.
func (b *Backend) auditNow(ctx context.Context) (d firewall.Drift, err error) {
	b.pace.Force(func() { d, err = b.auditElements(ctx) })
	return d, err
}

// auditIfDue runs the element audit when pace says it is due; ran says
// whether it did.
func (b *Backend) auditIfDue(ctx context.Context) (d firewall.Drift, ran bool, err error) {
	ran = b.pace.Due(func() { d, err = b.auditElements(ctx) })
	return d, ran, err
}

// auditElements compares the elements of the ban sets with what this
// process loaded. A set the kernel counts (Linux 6.14+) that holds no more
// elements than this process has recorded for it is not read: no stranger
// can be in it unless one of ours went at the same time, which the
// monitor reports as a deletion.
// Any other ban set is dumped on a socket of the audit's own (never under
// mu, and not on the census socket: status must not wait ~1 s behind it),
// then checked against the loaded record a chunk at a time under mu.
// Missing elements show as a count of our elements below the expected one
// (bans added meanwhile only raise it; an unban, flush or reload
// meanwhile repeats the round), extra ones are counted and sampled. The
// counts of the other sets come from the kernel, or from dumps when it
// does not count (Linux < 6.14).
func (b *Backend) auditElements(ctx context.Context) (firewall.Drift, error) {
	var conn *netlink.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	// Sets another process wrote since the last audit, and whether a
	// full read is due: both read a set whatever its count says.
	b.mu.Lock()
	suspect := b.suspect
	b.suspect = nil
	every := fullAuditEvery
	if b.owned {
		every = ownedFullAuditEvery
	}
	full := time.Since(b.lastFull) >= every
	b.mu.Unlock()
	done := false
	defer func() {
		if !done { // what another process wrote is still to be read
			b.mu.Lock()
			for set := range suspect {
				b.markSuspect(set)
			}
			b.mu.Unlock()
		}
	}()
	for range 3 {
		now := time.Now()
		short := map[string]loaded.Short{}
		s, err := b.snapshot(now)
		if err != nil {
			return firewall.Drift{}, err
		}
		c, err := b.census(ctx, countNotBans)
		if err != nil {
			return firewall.Drift{}, explainRead(err)
		}
		// What may be ours is read after the kernel's counts: bans sent
		// meanwhile then count on both sides (read before, they would
		// look like strangers and cost a dump every time).
		ours := map[string]int{}
		b.mu.Lock()
		for _, set := range banSetNames() {
			ours[set] = b.loaded[set].Len()
		}
		b.mu.Unlock()
		found := loaded.Findings{At: now}
		for _, set := range banSetNames() {
			info, ok := c.sets[set]
			if !ok || info.hasCount && (info.count == 0 || info.count <= ours[set] && !full && !suspect[set]) {
				continue
			}
			if conn == nil {
				if conn, err = b.dial(); err != nil {
					return firewall.Drift{}, fmt.Errorf("audit: %w", err)
				}
			}
			if err := ctx.Err(); err != nil {
				return firewall.Drift{}, err
			}
			entries, ends, err := b.readSetMarked(conn, set)
			if err != nil {
				return firewall.Drift{}, explainRead(err)
			}
			ours := marked(entries, ends)
			info.count, info.hasCount = b.checkLoaded(set, ours, &found), true
			c.sets[set] = info
			// Time left is compared at the end of the read, not at the
			// audit's start: a daemon short of CPU took longer than the
			// slack to dump 100k bans, and every ban then read as
			// shortened and was reloaded, over and over (review
			// rev-enforce2 s12 item 2). Measured after the dump, what we
			// expect is never more than what the kernel showed.
			var sh loaded.Short
			loaded.Shortened(&b.mu, b.loaded[set], ours, time.Now(), &sh)
			short[set] = sh
		}
		if !b.unchanged(s) {
			continue
		}
		done = true
		b.mu.Lock()
		b.audit = found
		if full {
			b.lastFull = now
		}
		b.mu.Unlock()
		s.audit = found
		d := b.drift(s, c, time.Now())
		for _, set := range banSetNames() {
			if r := short[set].Reason(set); r != "" {
				d.Reasons = append(d.Reasons, r)
			}
		}
		// The allow and list sets, which no dump above reads, are looked
		// up whole by the probe within listCoverEvery (its rotors), which
		// replaced the full look-up here every fullAuditEvery (s16).
		return d, nil
	}
	return firewall.Drift{At: time.Now()}, nil
}

// markSuspect makes the next audit read set whatever its count (b.mu held).
func (b *Backend) markSuspect(set string) {
	if b.suspect == nil {
		b.suspect = map[string]bool{}
	}
	b.suspect[set] = true
}

// checkLoaded counts, as the kernel counts them, the entries of set that
// this process loaded, and records the others in found.
func (b *Backend) checkLoaded(set string, entries []firewall.Entry, found *loaded.Findings) int {
	ps := make([]netip.Prefix, len(entries))
	for i, e := range entries {
		ps[i] = e.Prefix
	}
	var per func(netip.Prefix) int
	if isInterval(set) {
		per = counted
	}
	return loaded.Check(&b.mu, b.loaded[set], ps, per, found)
}
