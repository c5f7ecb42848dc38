//go:build linux

package nft

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
)

// SetList replaces a named block list. A new list gets its two interval
// sets and its rules (after the allow rules, before the ban rules; the
// chain's rules are rewritten in one transaction). Its content is always
// replaced by one transaction that flushes and refills both sets, so
// packets meet the old list or the new one.
func (b *Backend) SetList(ctx context.Context, name string, prefixes []netip.Prefix) error {
	if err := firewall.CheckListName(b.cfg.Table, name); err != nil {
		return err
	}
	ps, err := mergePrefixes(prefixes)
	if err != nil {
		return fmt.Errorf("list %s: %w", name, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	old, known := b.lists[name]
	if !known {
		b.lists[name] = []netip.Prefix{}
		if _, err := b.ensureSets(ctx); err != nil {
			delete(b.lists, name)
			return b.explain(fmt.Errorf("list %s: %w", name, err))
		}
		if err := b.ensureChains(); err != nil {
			delete(b.lists, name)
			return b.explain(fmt.Errorf("list %s: %w", name, err))
		}
	}
	v4, v6 := listSets(name)
	if err := b.loadIntervals(ctx, v4, v6, ps); err != nil {
		if known {
			b.lists[name] = old
		}
		return b.explain(fmt.Errorf("load list %s (%d prefixes): %w", name, len(ps), err))
	}
	b.lists[name] = ps
	return nil
}

// RemoveList drops the list's rules, then its sets.
func (b *Backend) RemoveList(ctx context.Context, name string) error {
	if err := firewall.CheckListName(b.cfg.Table, name); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	delete(b.lists, name)
	if err := b.ensureChains(); err != nil {
		return b.explain(fmt.Errorf("remove list %s: %w", name, err))
	}
	sets, err := b.conn.GetSets(b.table)
	if err != nil {
		return b.explain(fmt.Errorf("remove list %s: %w", name, err))
	}
	v4, v6 := listSets(name)
	found := false
	for _, s := range sets {
		if slices.Contains([]string{v4, v6}, s.Name) {
			b.conn.DelSet(&nftables.Set{Table: b.table, Name: s.Name})
			found = true
		}
	}
	if !found {
		return nil
	}
	if err := b.conn.Flush(); err != nil {
		return b.explain(fmt.Errorf("remove list %s: %w", name, err))
	}
	return nil
}
