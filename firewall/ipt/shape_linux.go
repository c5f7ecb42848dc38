//go:build linux

package ipt

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/coreos/go-iptables/iptables"
)

// Ensure creates the sets, the chain with its rules, and the jumps at
// position 1. Rules that already match are kept (their counters too).
func (b *Backend) Ensure(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	return b.do(func() error { return b.ensure(ctx) })
}

func (b *Backend) ensure(ctx context.Context) error {
	var script bytes.Buffer
	for _, f := range []struct{ name, family, extra string }{
		{b.cfg.Table + "-allow4", "inet", ""},
		{b.cfg.Table + "-allow6", "inet6", ""},
		{b.cfg.Table + "-ban4", "inet", " timeout 0"},
		{b.cfg.Table + "-ban6", "inet6", " timeout 0"},
	} {
		fmt.Fprintf(&script, "create %s hash:net family %s maxelem %d%s\n", f.name, f.family, b.cfg.MaxElements, f.extra)
	}
	if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
		return fmt.Errorf("create ipsets (a set of that name with other options exists? run guardctl firewall teardown): %w", err)
	}
	for _, f := range b.families() {
		if err := b.ensureFamily(f); err != nil {
			return err
		}
	}
	return nil
}

// ownChains reports, per table, whether our chain exists. Each iptables run
// costs tens of milliseconds, so the backend lists once and decides from
// the listing instead of probing rule by rule.
func (b *Backend) ownChains(ipt *iptables.IPTables) (map[string]bool, error) {
	out := map[string]bool{}
	for _, table := range []string{"filter", "raw"} {
		chains, err := ipt.ListChains(table)
		if err != nil {
			return nil, fmt.Errorf("list chains of %s: %w", table, classifyIPT(err))
		}
		out[table] = slices.Contains(chains, b.chain)
	}
	return out, nil
}

func (b *Backend) ensureFamily(f family) error {
	have, err := b.ownChains(f.ipt)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, h := range b.hooks() {
		want[h.table] = true
	}
	// Drop jumps and chains an earlier configuration left elsewhere.
	for _, h := range allHooks() {
		if have[h.table] && !slices.Contains(b.hooks(), h) {
			if err := b.deleteJumps(f.ipt, h); err != nil {
				return err
			}
		}
	}
	for table, ok := range have {
		if ok && !want[table] {
			if err := f.ipt.ClearAndDeleteChain(table, b.chain); err != nil {
				return fmt.Errorf("delete chain %s/%s: %w", table, b.chain, classifyIPT(err))
			}
		}
	}
	for table := range want {
		if err := b.ensureChain(f, table, have[table]); err != nil {
			return err
		}
	}
	for _, h := range b.hooks() {
		if err := b.ensureJump(f.ipt, h); err != nil {
			return err
		}
	}
	return nil
}

// ruleSpecs are the rules of our chain for one family. Allowed sources
// RETURN to the calling chain rather than ACCEPT: guardctl's allow list
// means "never blocked by guardctl", not "skip the host's own rules".
func (b *Backend) ruleSpecs(f family) [][]string {
	target := []string{"DROP"}
	if b.cfg.Action == "reject" {
		target = f.rejectTarget
	}
	return [][]string{
		{"-m", "set", "--match-set", f.allow, "src", "-j", "RETURN"},
		append([]string{"-m", "set", "--match-set", f.ban, "src", "-j"}, target...),
	}
}

// ensureChain creates our chain in table and rewrites its rules unless
// `iptables -S` shows exactly the wanted ones.
func (b *Backend) ensureChain(f family, table string, exists bool) error {
	specs := b.ruleSpecs(f)
	if exists {
		have, err := f.ipt.List(table, b.chain)
		if err != nil {
			return fmt.Errorf("list chain %s/%s: %w", table, b.chain, classifyIPT(err))
		}
		want := []string{"-N " + b.chain}
		for _, s := range specs {
			want = append(want, "-A "+b.chain+" "+strings.Join(s, " "))
		}
		if slices.Equal(have, want) {
			return nil
		}
		if err := f.ipt.ClearChain(table, b.chain); err != nil {
			return fmt.Errorf("clear chain %s/%s: %w", table, b.chain, classifyIPT(err))
		}
	} else if err := f.ipt.NewChain(table, b.chain); err != nil {
		return fmt.Errorf("create chain %s/%s: %w", table, b.chain, classifyIPT(err))
	}
	for _, s := range specs {
		if err := f.ipt.Append(table, b.chain, s...); err != nil {
			return fmt.Errorf("add rule to %s/%s: %w", table, b.chain, classifyIPT(err))
		}
	}
	return nil
}

// ensureJump puts exactly one jump to our chain at position 1 of h.
func (b *Backend) ensureJump(ipt *iptables.IPTables, h hookRef) error {
	rules, err := ipt.List(h.table, h.chain)
	if err != nil {
		return fmt.Errorf("list %s/%s: %w", h.table, h.chain, classifyIPT(err))
	}
	jump := "-A " + h.chain + " -j " + b.chain
	ours := 0
	for _, r := range rules {
		if r == jump {
			ours++
		}
	}
	// rules[0] is the policy line ("-P INPUT ACCEPT").
	if ours == 1 && len(rules) > 1 && rules[1] == jump {
		return nil
	}
	for range ours {
		if err := ipt.Delete(h.table, h.chain, "-j", b.chain); err != nil {
			return fmt.Errorf("delete jump in %s/%s: %w", h.table, h.chain, classifyIPT(err))
		}
	}
	if err := ipt.Insert(h.table, h.chain, 1, "-j", b.chain); err != nil {
		return fmt.Errorf("insert jump in %s/%s: %w", h.table, h.chain, classifyIPT(err))
	}
	return nil
}

// deleteJumps removes every jump to our chain from h; the chain must exist
// in h's table (a jump cannot exist without it).
func (b *Backend) deleteJumps(ipt *iptables.IPTables, h hookRef) error {
	rules, err := ipt.List(h.table, h.chain)
	if err != nil {
		return fmt.Errorf("list %s/%s: %w", h.table, h.chain, classifyIPT(err))
	}
	jump := "-A " + h.chain + " -j " + b.chain
	for _, r := range rules {
		if r != jump {
			continue
		}
		if err := ipt.Delete(h.table, h.chain, "-j", b.chain); err != nil {
			return fmt.Errorf("delete jump in %s/%s: %w", h.table, h.chain, classifyIPT(err))
		}
	}
	return nil
}

// Teardown removes the jumps, our chain in every table and our sets, in
// that order (a set referenced by a rule cannot be destroyed). The built-in
// chains and tables stay: other software uses them.
func (b *Backend) Teardown(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	return b.do(func() error {
		for _, f := range b.families() {
			have, err := b.ownChains(f.ipt)
			if err != nil {
				return fmt.Errorf("teardown: %w", err)
			}
			for _, h := range allHooks() {
				if have[h.table] {
					if err := b.deleteJumps(f.ipt, h); err != nil {
						return fmt.Errorf("teardown: %w", err)
					}
				}
			}
			for table, ok := range have {
				if ok {
					if err := f.ipt.ClearAndDeleteChain(table, b.chain); err != nil {
						return fmt.Errorf("teardown: delete chain %s/%s: %w", table, b.chain, classifyIPT(err))
					}
				}
			}
		}
		names, err := b.ipset.names(ctx)
		if err != nil {
			return fmt.Errorf("teardown: %w", err)
		}
		var script bytes.Buffer
		for _, set := range append(b.setNames(), b.cfg.Table+"-tmp4", b.cfg.Table+"-tmp6") {
			if names[set] {
				fmt.Fprintf(&script, "destroy %s\n", set)
			}
		}
		if script.Len() == 0 {
			return nil
		}
		if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
			return fmt.Errorf("teardown: %w", err)
		}
		return nil
	})
}
