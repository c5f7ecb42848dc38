//go:build linux

package ipt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/coreos/go-iptables/iptables"

	"github.com/guardctl/guardctl/firewall"
)

// Ensure creates the sets, the chain with its rules, and the jumps at
// position 1. Rules that already match are kept (their counters too).
func (b *Backend) Ensure(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	return b.do(func() error {
		if !b.otherCleaned {
			// Once per process (each -save costs tens of ms): a
			// switch of flavour happens with a restart.
			b.otherCleaned = b.cleanOtherFlavour(ctx) == nil
		}
		return b.ensure(ctx)
	})
}

func (b *Backend) ensure(ctx context.Context) error {
	names, err := b.ipset.names(ctx)
	if err != nil {
		return err
	}
	// Lists a previous process loaded keep their sets and rules: the
	// caller reloads or removes them (content unknown here: nil).
	for set := range names {
		rest, ok := strings.CutPrefix(set, b.cfg.Table+"-l-")
		if !ok || len(rest) < 2 || !strings.HasSuffix(rest, "4") {
			continue
		}
		if name := rest[:len(rest)-1]; firewall.CheckListName(b.cfg.Table, name) == nil {
			if _, known := b.lists[name]; !known {
				b.lists[name] = nil
			}
		}
	}
	if err := b.ensureSets(ctx); err != nil {
		return err
	}
	for _, f := range b.families() {
		if err := b.ensureFamily(f); err != nil {
			return err
		}
	}
	return b.restoreLoaded(ctx)
}

// ensureSets creates the sets that are missing; `create -exist` fails on a
// set of that name with other options.
func (b *Backend) ensureSets(ctx context.Context) error {
	var script bytes.Buffer
	for _, name := range b.setNames() {
		family, extra := "inet", ""
		if strings.HasSuffix(name, "6") {
			family = "inet6"
		}
		if strings.HasPrefix(name, b.cfg.Table+"-ban") {
			extra = " timeout 0"
		}
		fmt.Fprintf(&script, "create %s hash:net family %s maxelem %d%s\n", name, family, b.cfg.MaxElements, extra)
	}
	if err := b.ipset.restore(ctx, script.Bytes()); err != nil {
		return fmt.Errorf("create ipsets (a set of that name with other options exists? run guardctl firewall teardown): %w", err)
	}
	return nil
}

// restoreLoaded refills the allow sets and named lists this process loaded
// when their counts show someone emptied or changed them, and the lists
// whose entries the quick check found missing (staleLists).
func (b *Backend) restoreLoaded(ctx context.Context) error {
	if b.allow == nil && len(b.lists) == 0 {
		return nil
	}
	counts, err := b.ipset.counts(ctx)
	if err != nil {
		return err
	}
	differs := func(set4, set6 string, ps []netip.Prefix) bool {
		w4, w6 := perFamily(ps)
		return counts[set4] != w4 || counts[set6] != w6
	}
	t := b.cfg.Table
	if b.allow != nil && differs(t+"-allow4", t+"-allow6", b.allow) {
		if err := b.loadAllow(ctx, b.allow); err != nil {
			return fmt.Errorf("restore allow list: %w", err)
		}
	}
	for _, name := range b.listNames() {
		if b.lists[name] == nil {
			continue // adopted from a previous process: content unknown
		}
		// Stale: the quick check found entries of ours missing from a
		// set whose count matches (swapped or edited from outside).
		if b.staleLists[name] || differs(b.listSet(name, "4"), b.listSet(name, "6"), b.lists[name]) {
			if err := b.loadList(ctx, name, b.lists[name]); err != nil {
				return fmt.Errorf("restore list %s: %w", name, err)
			}
			delete(b.staleLists, name)
		}
	}
	return nil
}

// perFamily counts prefixes per family.
func perFamily(ps []netip.Prefix) (v4, v6 int) {
	for _, p := range ps {
		if p.Addr().Is4() {
			v4++
		} else {
			v6++
		}
	}
	return v4, v6
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
	out := [][]string{{"-m", "set", "--match-set", f.allow, "src", "-j", "RETURN"}}
	for _, name := range b.listNames() {
		// Not for established or related packets: a list must not drop
		// replies to connections this host opened (bans still cut those).
		// The states are spelled as iptables -S prints them.
		out = append(out, append([]string{"-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED", "-m", "set", "--match-set", b.listSet(name, f.suffix), "src", "-j"}, target...))
	}
	return append(out, append([]string{"-m", "set", "--match-set", f.ban, "src", "-j"}, target...))
}

// chainLines is our chain as iptables -S and iptables-save print it.
func (b *Backend) chainLines(f family) []string {
	var out []string
	for _, s := range b.ruleSpecs(f) {
		out = append(out, "-A "+b.chain+" "+strings.Join(s, " "))
	}
	return out
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
		want := append([]string{"-N " + b.chain}, b.chainLines(f)...)
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
	b.changes++
	if err := b.ready(); err != nil {
		return err
	}
	for _, s := range b.loaded {
		s.Clear()
	}
	b.allow = nil
	clear(b.lists)
	clear(b.staleLists)
	return b.do(func() error {
		// The other flavour's chain first: its rules would keep our sets
		// in use and the destroy below would fail. Its failure (that
		// flavour unreadable on this host) must not keep the flavour in
		// use in place: it is returned beside the teardown's own result.
		var other error
		if err := b.cleanOtherFlavour(ctx); err != nil {
			other = fmt.Errorf("teardown: other iptables flavour: %w", err)
		}
		return errors.Join(other, b.teardownOwn(ctx))
	})
}

// teardownOwn removes the jumps, chains and sets of the flavour in use;
// b.mu is held and it runs inside b.do.
func (b *Backend) teardownOwn(ctx context.Context) error {
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
	ours := append(b.setNames(), b.cfg.Table+"-tmp4", b.cfg.Table+"-tmp6")
	for set := range names {
		// Lists this process did not load are ours too.
		if slices.Contains(ours, set) || strings.HasPrefix(set, b.cfg.Table+"-l-") || strings.HasPrefix(set, b.cfg.Table+"-t-") {
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
}
