//go:build linux

package ipt

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Lookup finds the entries equal to or covering p with ipset tests, one
// request per prefix length, all in one sendmsg: never a listing. ipset
// cannot tell an entry's remaining time without listing the set, so
// Expires is the time left that this process recorded when it loaded (or
// adopted) the entry, and -1 (unknown) for an entry it did not load: an
// unban of an address then needs no listing for the bans guardctl made.
// For an address that a wider entry also covers, the test cannot tell
// whether the address has an entry of its own; the answer then comes from
// what this process banned.
func (b *Backend) Lookup(ctx context.Context, p netip.Prefix) ([]firewall.Entry, error) {
	p, err := firewall.Canonical(p)
	if err != nil {
		return nil, fmt.Errorf("lookup: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	set := b.setFor("ban", p)
	var probes []netip.Prefix
	if p.IsSingleIP() {
		probes = append(probes, p) // "covered by anything?"
	}
	for bits := min(p.Bits(), p.Addr().BitLen()-1); bits > 0; bits-- {
		probes = append(probes, netip.PrefixFrom(p.Addr(), bits).Masked())
	}
	var found []bool
	err = b.do(func() error {
		var err error
		found, err = ipsetTest(b.cfg.NetNS, set, probes)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("lookup %s: %w", p, err)
	}
	now := time.Now()
	entry := func(q netip.Prefix) firewall.Entry {
		if left, ok := b.loaded[set].Remaining(q, now); ok {
			return firewall.Entry{Prefix: q, Expires: left}
		}
		return firewall.Entry{Prefix: q, Expires: -1}
	}
	var wider []firewall.Entry
	covered := false
	for i, q := range probes {
		if !found[i] {
			continue
		}
		if q == p && p.IsSingleIP() {
			covered = true
			continue
		}
		wider = append(wider, entry(q))
	}
	var out []firewall.Entry
	if covered && (len(wider) == 0 || b.loaded[set].Has(p)) {
		out = append(out, entry(p))
	}
	return append(out, wider...), nil
}
