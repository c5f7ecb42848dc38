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
	for range 3 {
		now := time.Now()
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
			if !ok || info.hasCount && info.count <= ours[set] {
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
			info.count, info.hasCount = b.checkLoaded(set, marked(entries, ends), &found), true
			c.sets[set] = info
		}
		if !b.unchanged(s) {
			continue
		}
		b.mu.Lock()
		b.audit = found
		b.mu.Unlock()
		s.audit = found
		return b.drift(s, c, time.Now()), nil
	}
	return firewall.Drift{At: time.Now()}, nil
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
