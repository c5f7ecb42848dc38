//go:build linux

package ipt

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"

	"github.com/guardctl/guardctl/firewall"
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
	if err := ipsetSend(b.cfg.NetNS, ipsetRequests(ipsetCmdAdd, entries)); err != nil {
		return fmt.Errorf("ban %d prefixes: %w", len(entries), err)
	}
	return nil
}

// Unban deletes the entries equal to or inside each prefix.
func (b *Backend) Unban(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
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
			// A wider prefix removes what lies inside it: read the sets.
			existing, err := b.list(ctx)
			if err != nil {
				return err
			}
			del = nil
			for _, p := range want {
				inside, _ := firewall.Within(existing, p)
				del = append(del, inside...)
			}
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
		return nil
	})
}

// SetAllow fills fresh sets and swaps them in, so the allow list is never
// seen half loaded.
func (b *Backend) SetAllow(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	tmp := map[string]string{
		b.cfg.Table + "-allow4": b.cfg.Table + "-tmp4",
		b.cfg.Table + "-allow6": b.cfg.Table + "-tmp6",
	}
	var script bytes.Buffer
	fmt.Fprintf(&script, "create %s hash:net family inet maxelem %d\nflush %[1]s\n", tmp[b.cfg.Table+"-allow4"], b.cfg.MaxElements)
	fmt.Fprintf(&script, "create %s hash:net family inet6 maxelem %d\nflush %[1]s\n", tmp[b.cfg.Table+"-allow6"], b.cfg.MaxElements)
	allow, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("allow: %w", err)
	}
	for _, c := range allow {
		fmt.Fprintf(&script, "add %s %s\n", tmp[b.setFor("allow", c)], c)
	}
	for live, t := range tmp {
		fmt.Fprintf(&script, "swap %s %s\ndestroy %s\n", t, live, t)
	}
	return b.do(func() error {
		if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
			return fmt.Errorf("load allow list: %w", err)
		}
		return nil
	})
}

// List reads the ban sets.
func (b *Backend) List(ctx context.Context) ([]firewall.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return nil, err
	}
	var out []firewall.Entry
	err := b.do(func() error {
		var err error
		out, err = b.list(ctx)
		return err
	})
	return out, err
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
	if err := b.ready(); err != nil {
		return err
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
