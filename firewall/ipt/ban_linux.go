//go:build linux

package ipt

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// setFor names the ban or allow set of a prefix's family.
func (b *Backend) setFor(kind string, p netip.Prefix) string {
	if p.Addr().Is4() {
		return b.cfg.Table + "-" + kind + "4"
	}
	return b.cfg.Table + "-" + kind + "6"
}

// Ban adds or refreshes the entries in a few netlink requests (see
// ipsetnl_linux.go). hash:net accepts overlapping prefixes, so nothing needs
// merging; each entry keeps its own timeout, rounded up to whole seconds.
func (b *Backend) Ban(ctx context.Context, bans []firewall.Ban) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	entries := make([]ipsetEntry, 0, len(bans))
	capped := 0
	for i, ban := range bans {
		p, err := firewall.Canonical(ban.Prefix)
		if err != nil {
			return fmt.Errorf("ban %d: %w", i, err)
		}
		if ban.Timeout < 0 {
			return fmt.Errorf("ban %d (%s): negative timeout %s", i, p, ban.Timeout)
		}
		secs, c := seconds(ban.Timeout)
		if c {
			capped++
		}
		entries = append(entries, ipsetEntry{set: b.setFor("ban", p), prefix: p, seconds: secs})
	}
	if capped > 0 {
		b.log.Warn("ipset cannot hold timeouts over 24.8 days; capped (the daemon re-bans on restart)", "bans", capped)
	}
	if len(entries) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b.adds++
	if err := ipsetSend(b.cfg.NetNS, ipsetRequests(ipsetCmdAdd, entries)); err != nil {
		return fmt.Errorf("ban %d prefixes: %w", len(entries), err)
	}
	now := time.Now()
	for _, s := range b.loaded {
		s.Reserve(len(entries))
	}
	for _, e := range entries {
		b.loaded[e.set].Put(e.prefix, time.Duration(e.seconds)*time.Second, now)
	}
	return nil
}

// Unban deletes the entries equal to or inside each prefix.
func (b *Backend) Unban(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	want, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("unban: %w", err)
	}
	hostsOnly := true
	for _, c := range want {
		hostsOnly = hostsOnly && c.IsSingleIP()
	}
	return b.do(func() error {
		del := want
		if !hostsOnly {
			// A wider prefix removes what lies inside it that this
			// process loaded (or adopted with List), without reading
			// the sets; deleting a missing entry is no error. An entry
			// added by hand inside it stays (Verify reports it extra).
			cover := loaded.NewCover(want)
			for _, set := range []string{b.cfg.Table + "-ban4", b.cfg.Table + "-ban6"} {
				del = append(del, b.loaded[set].Inside(cover)...)
			}
			del = distinct(del)
		}
		entries := make([]ipsetEntry, 0, len(del))
		for _, p := range del {
			entries = append(entries, ipsetEntry{set: b.setFor("ban", p), prefix: p})
		}
		if len(entries) == 0 {
			return nil
		}
		// netlink.Dial gets the namespace explicitly; being inside it
		// already (b.do) does no harm.
		if err := ipsetSend(b.cfg.NetNS, ipsetRequests(ipsetCmdDel, entries)); err != nil {
			return fmt.Errorf("unban: %w", err)
		}
		for _, e := range entries {
			b.loaded[e.set].Delete(e.prefix)
		}
		return nil
	})
}

// SetAllow fills fresh sets and swaps them in, so the allow list is never
// seen half loaded, and remembers the list for Ensure to restore.
func (b *Backend) SetAllow(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	allow, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("allow: %w", err)
	}
	allow = distinct(allow)
	if err := b.loadAllow(ctx, allow); err != nil {
		return err
	}
	b.allow = allow
	return nil
}

func (b *Backend) loadAllow(ctx context.Context, allow []netip.Prefix) error {
	t := b.cfg.Table
	if err := b.swapIn(ctx, [2]string{t + "-allow4", t + "-allow6"}, [2]string{t + "-tmp4", t + "-tmp6"}, allow); err != nil {
		return fmt.Errorf("load allow list: %w", err)
	}
	return nil
}

// swapIn loads prefixes into temporary sets (one per family), then swaps
// them with the live ones (`ipset swap`, atomic per set) and destroys the
// old content. Entries go over netlink, many per request.
func (b *Backend) swapIn(ctx context.Context, live, tmp [2]string, prefixes []netip.Prefix) error {
	var script bytes.Buffer
	for i, fam := range []string{"inet", "inet6"} {
		fmt.Fprintf(&script, "create %s hash:net family %s maxelem %d\nflush %[1]s\n", tmp[i], fam, b.cfg.MaxElements)
		fmt.Fprintf(&script, "create %s hash:net family %s maxelem %d\n", live[i], fam, b.cfg.MaxElements)
	}
	entries := make([]ipsetEntry, 0, len(prefixes))
	for _, p := range prefixes {
		set := tmp[0]
		if p.Addr().Is6() {
			set = tmp[1]
		}
		entries = append(entries, ipsetEntry{set: set, prefix: p, plain: true})
	}
	return b.do(func() error {
		if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
			return err
		}
		if len(entries) > 0 {
			if err := ipsetSend(b.cfg.NetNS, ipsetRequests(ipsetCmdAdd, entries)); err != nil {
				return err
			}
		}
		var swap bytes.Buffer
		for i := range live {
			fmt.Fprintf(&swap, "swap %s %s\ndestroy %s\n", tmp[i], live[i], tmp[i])
		}
		return b.ipset.restore(ctx, swap.Bytes())
	})
}

// List reads the ban sets without the lock (bans go on meanwhile) and
// adopts what it finds, a chunk per hold of the lock: a restarted daemon's
// Verify then expects it. Adoption stops when an unban, flush or reload
// ran since the read (an entry removed meanwhile must not be expected).
func (b *Backend) List(ctx context.Context) ([]firewall.Entry, error) {
	return b.listAdopt(ctx, true)
}

// Peek is List without adopting what it read (see the nftables backend's
// Peek): an unban's look for elements the store does not know.
func (b *Backend) Peek(ctx context.Context) ([]firewall.Entry, error) {
	return b.listAdopt(ctx, false)
}

func (b *Backend) listAdopt(ctx context.Context, adopt bool) ([]firewall.Entry, error) {
	b.mu.Lock()
	err := b.ready()
	since := b.changes
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	var out []firewall.Entry
	err = b.do(func() error {
		var err error
		out, err = b.list(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if adopt {
		loaded.Adopt(&b.mu, func() bool { return b.changes != since }, out, func(p netip.Prefix) *loaded.Set { return b.loaded[b.setFor("ban", p)] })
	}
	return out, nil
}

func (b *Backend) list(ctx context.Context) ([]firewall.Entry, error) {
	names, err := b.ipset.names(ctx)
	if err != nil {
		return nil, err
	}
	var out []firewall.Entry
	for _, set := range []string{b.cfg.Table + "-ban4", b.cfg.Table + "-ban6"} {
		if !names[set] {
			continue
		}
		e, err := b.ipset.entries(ctx, set)
		if err != nil {
			return nil, err
		}
		out = append(out, e...)
	}
	return out, nil
}

// Flush empties the ban sets.
func (b *Backend) Flush(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	for _, s := range b.loaded {
		s.Clear()
	}
	return b.do(func() error {
		names, err := b.ipset.names(ctx)
		if err != nil {
			return err
		}
		var script bytes.Buffer
		for _, set := range []string{b.cfg.Table + "-ban4", b.cfg.Table + "-ban6"} {
			if names[set] {
				fmt.Fprintf(&script, "flush %s\n", set)
			}
		}
		if script.Len() == 0 {
			return nil
		}
		return b.ipset.restore(ctx, script.Bytes())
	})
}

// distinct drops repeated prefixes: a set holds each once, and Verify
// compares its count with what was loaded.
func distinct(ps []netip.Prefix) []netip.Prefix {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return slices.Compact(ps)
}
