//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// defaultAuditEvery spaces the element audits: the daemon's health check
// (every 10 s) runs one each time, a faster caller one at most this often.
const defaultAuditEvery = 5 * time.Second

// Verify is quickVerify plus, when the last one is older than auditEvery,
// the element audit (auditElements). Watch polls quickVerify alone.
func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	d, err := b.quickVerify(ctx)
	if err != nil || !d.Empty() {
		return d, err
	}
	b.pace.Due(func() { d, err = b.auditElements(ctx) })
	return d, err
}

// auditElements lists the ban sets (`ipset save`, without the lock) and
// looks every entry up in what this process loaded, a chunk at a time
// under the lock: entries it did not load are reported as extra (never
// removed), and the entries of ours, not the set's total, are compared
// with what must be there, so one of ours removed while a stranger was
// added still shows.
func (b *Backend) auditElements(ctx context.Context) (firewall.Drift, error) {
	for range 3 {
		now := time.Now()
		s, err := b.snapshot(now)
		if err != nil {
			return firewall.Drift{}, err
		}
		found := loaded.Findings{At: now}
		short := map[string]loaded.Short{}
		var d firewall.Drift
		err = b.do(func() error {
			counts, err := b.ipset.counts(ctx)
			if err != nil {
				return err
			}
			for _, f := range b.families() {
				if _, ok := counts[f.ban]; !ok {
					continue
				}
				entries, err := b.ipset.entries(ctx, f.ban)
				if err != nil {
					return err
				}
				ps := make([]netip.Prefix, len(entries))
				for i, e := range entries {
					ps[i] = e.Prefix
				}
				counts[f.ban] = loaded.Check(&b.mu, b.loaded[f.ban], ps, nil, &found)
				// `ipset -exist add ... timeout 1` on one of ours ends it
				// early with the count unchanged until then (s12 item 1).
				// Compared at the end of the read (see the nftables
				// audit): a slow listing must not read as shortened.
				var sh loaded.Short
				loaded.Shortened(&b.mu, b.loaded[f.ban], entries, time.Now(), &sh)
				short[f.ban] = sh
			}
			s.audit = found
			d, err = b.verify(ctx, s, counts)
			for _, f := range b.families() {
				if r := short[f.ban].Reason(f.ban); r != "" {
					d.Reasons = append(d.Reasons, r)
				}
			}
			return err
		})
		if err != nil {
			return firewall.Drift{}, err
		}
		if b.unchanged(s) {
			b.mu.Lock()
			b.audit = found
			b.mu.Unlock()
			return d, nil
		}
	}
	return firewall.Drift{At: time.Now()}, nil
}
