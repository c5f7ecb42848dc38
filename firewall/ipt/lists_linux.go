//go:build linux

package ipt

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"

	"github.com/guardctl/guardctl/firewall"
)

// SetList replaces a named block list: its entries go into temporary sets
// that are swapped in (`ipset swap`), so packets meet the old list or the
// new one. A new list gets its rules after the allow rule and before the
// ban rule (our chain is rewritten).
func (b *Backend) SetList(ctx context.Context, name string, prefixes []netip.Prefix) error {
	ps, err := firewall.ListPrefixes(b.cfg.Table, name, prefixes)
	if err != nil {
		return err
	}
	ps = distinct(ps)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	if err := b.loadList(ctx, name, ps); err != nil {
		return fmt.Errorf("load list %s (%d prefixes): %w", name, len(ps), err)
	}
	_, known := b.lists[name]
	b.lists[name] = ps
	delete(b.staleLists, name)
	if !known {
		err := b.do(func() error {
			for _, f := range b.families() {
				if err := b.ensureFamily(f); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			delete(b.lists, name)
			return fmt.Errorf("list %s: %w", name, err)
		}
	}
	return nil
}

func (b *Backend) loadList(ctx context.Context, name string, ps []netip.Prefix) error {
	return b.swapIn(ctx,
		[2]string{b.listSet(name, "4"), b.listSet(name, "6")},
		[2]string{b.listTmp(name, "4"), b.listTmp(name, "6")}, ps)
}

// RemoveList rewrites our chain without the list's rules, then destroys
// its sets.
func (b *Backend) RemoveList(ctx context.Context, name string) error {
	if err := firewall.CheckListName(b.cfg.Table, name); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	delete(b.lists, name)
	delete(b.staleLists, name)
	return b.do(func() error {
		for _, f := range b.families() {
			if err := b.ensureFamily(f); err != nil {
				return fmt.Errorf("remove list %s: %w", name, err)
			}
		}
		names, err := b.ipset.names(ctx)
		if err != nil {
			return err
		}
		var script bytes.Buffer
		for _, set := range []string{b.listSet(name, "4"), b.listSet(name, "6"), b.listTmp(name, "4"), b.listTmp(name, "6")} {
			if names[set] {
				fmt.Fprintf(&script, "destroy %s\n", set)
			}
		}
		if script.Len() == 0 {
			return nil
		}
		if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
			return fmt.Errorf("remove list %s: %w", name, err)
		}
		return nil
	})
}
