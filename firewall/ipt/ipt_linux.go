//go:build linux

// Package ipt enforces bans with iptables and ipset: hash:net sets with
// per-entry timeouts hold the addresses, and one chain of guardctl's own,
// jumped to at position 1 of INPUT (and FORWARD, or raw PREROUTING), holds
// one rule per set. It works with both iptables-nft and iptables-legacy.
package ipt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os/exec"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-iptables/iptables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/netns"
)

// Backend is the iptables+ipset implementation of firewall.Backend. It is
// safe for concurrent use.
type Backend struct {
	cfg   firewall.Config
	log   *slog.Logger
	chain string // our chain, the upper-cased table name
	mode  string // nft or legacy (what the binaries report)

	mu     sync.Mutex
	ipv4   *iptables.IPTables
	ipv6   *iptables.IPTables
	ipset  ipset
	closed bool
}

// family ties an iptables handle to its sets.
type family struct {
	ipt          *iptables.IPTables
	allow, ban   string
	rejectTarget []string
}

// New finds the binaries (choosing between iptables-nft and iptables-legacy,
// see Config.IPTablesMode) and checks they run. It changes nothing.
func New(ctx context.Context, cfg firewall.Config, log *slog.Logger) (*Backend, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, fmt.Errorf("iptables config: %w", err)
	}
	if cfg.Hook == "prerouting" && cfg.Action == "reject" {
		return nil, errors.New("iptables config: action reject is not possible in prerouting (raw table); use drop")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Backend{cfg: cfg, log: log, chain: strings.ToUpper(cfg.Table)}
	setPath, err := exec.LookPath("ipset")
	if err != nil {
		return nil, fmt.Errorf("iptables backend needs the ipset binary (Debian package ipset): %w", err)
	}
	b.ipset = ipset{path: setPath}
	err = b.do(func() error {
		v4, v6, mode, err := pickBinaries(ctx, cfg.IPTablesMode)
		if err != nil {
			return err
		}
		b.mode = mode
		if b.ipv4, err = iptables.New(iptables.IPFamily(iptables.ProtocolIPv4), iptables.Path(v4)); err != nil {
			return fmt.Errorf("iptables: %w", err)
		}
		if b.ipv6, err = iptables.New(iptables.IPFamily(iptables.ProtocolIPv6), iptables.Path(v6)); err != nil {
			return fmt.Errorf("ip6tables: %w", err)
		}
		// Reading the filter table proves permission and kernel support.
		if _, err := b.ipv4.ListChains("filter"); err != nil {
			return fmt.Errorf("read iptables: %w", classifyIPT(err))
		}
		if _, err := b.ipset.names(ctx); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.log.Debug("iptables backend", "mode", b.mode)
	return b, nil
}

// pickBinaries returns the iptables and ip6tables paths to use. auto keeps
// the flavour that already holds rules, so guardctl never splits a host's
// ruleset between iptables-legacy and iptables-nft (packets would traverse
// both, and each tool would show only half); when neither or both do, the
// system's default `iptables` wins.
func pickBinaries(ctx context.Context, mode string) (v4, v6, picked string, err error) {
	look := func(names ...string) (string, error) {
		var errs []error
		for _, n := range names {
			p, err := exec.LookPath(n)
			if err == nil {
				return p, nil
			}
			errs = append(errs, err)
		}
		return "", fmt.Errorf("iptables backend needs %s (Debian package iptables): %w", names[0], errors.Join(errs...))
	}
	if mode == "auto" {
		mode = ""
		legacy, nft := countRules(ctx, "iptables-legacy-save"), countRules(ctx, "iptables-nft-save")
		switch {
		case legacy > 0 && nft == 0:
			mode = "legacy"
		case nft > 0 && legacy == 0:
			mode = "nft"
		}
	}
	if mode == "" {
		if v4, err = look("iptables"); err != nil {
			return "", "", "", err
		}
		if v6, err = look("ip6tables"); err != nil {
			return "", "", "", err
		}
		out, _ := exec.CommandContext(ctx, v4, "--version").Output()
		picked = "legacy"
		if strings.Contains(string(out), "nf_tables") {
			picked = "nft"
		}
		return v4, v6, picked, nil
	}
	if v4, err = look("iptables-" + mode); err != nil {
		return "", "", "", err
	}
	if v6, err = look("ip6tables-" + mode); err != nil {
		return "", "", "", err
	}
	return v4, v6, mode, nil
}

// countRules counts the rules a save tool prints (0 when it is missing).
func countRules(ctx context.Context, tool string) int {
	p, err := exec.LookPath(tool)
	if err != nil {
		return 0
	}
	out, err := exec.CommandContext(ctx, p).Output()
	if err != nil {
		return 0
	}
	return bytes.Count(out, []byte("\n-A "))
}

// do runs fn inside the configured network namespace (see netns.Do): every
// iptables and ipset command the backend runs starts from there.
func (b *Backend) do(fn func() error) error {
	return netns.Do(b.cfg.NetNS, fn)
}

func (b *Backend) families() []family {
	t := b.cfg.Table
	return []family{
		{ipt: b.ipv4, allow: t + "-allow4", ban: t + "-ban4", rejectTarget: []string{"REJECT", "--reject-with", "icmp-port-unreachable"}},
		{ipt: b.ipv6, allow: t + "-allow6", ban: t + "-ban6", rejectTarget: []string{"REJECT", "--reject-with", "icmp6-port-unreachable"}},
	}
}

func (b *Backend) setNames() []string {
	t := b.cfg.Table
	return []string{t + "-allow4", t + "-allow6", t + "-ban4", t + "-ban6"}
}

// hookRef is a built-in chain our chain is jumped to from.
type hookRef struct{ table, chain string }

// hooks returns where the jumps go: filter INPUT/FORWARD, or raw PREROUTING
// (before connection tracking; the raw table cannot REJECT).
func (b *Backend) hooks() []hookRef {
	var out []hookRef
	for _, h := range b.cfg.Chains() {
		switch h {
		case "prerouting":
			out = append(out, hookRef{"raw", "PREROUTING"})
		default:
			out = append(out, hookRef{"filter", strings.ToUpper(h)})
		}
	}
	return out
}

// allHooks lists every place a jump of ours may have been left by an
// earlier configuration.
func allHooks() []hookRef {
	return []hookRef{{"filter", "INPUT"}, {"filter", "FORWARD"}, {"raw", "PREROUTING"}}
}

func (b *Backend) ready() error {
	if b.closed {
		return errors.New("iptables backend closed")
	}
	return nil
}

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

// Status reports sets and chains without changing anything.
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := firewall.Status{Backend: firewall.BackendIPTables, Detail: "iptables-" + b.mode, Table: b.chain}
	if err := b.ready(); err != nil {
		return st, err
	}
	err := b.do(func() error {
		names, err := b.ipset.names(ctx)
		if err != nil {
			return err
		}
		for _, set := range b.setNames() {
			ss := firewall.SetStatus{Name: set, Present: names[set]}
			if ss.Present {
				if ss.Elements, err = b.ipset.count(ctx, set); err != nil {
					return err
				}
				ss.Flags = "hash:net"
				if strings.Contains(set, "-ban") {
					ss.Flags += ",timeout"
				}
			}
			st.Sets = append(st.Sets, ss)
		}
		for _, h := range b.hooks() {
			for _, f := range b.families() {
				cs := firewall.ChainStatus{Name: h.table + "/" + b.chain + " (" + protoName(f.ipt) + ")", Hook: h.chain}
				ok, err := f.ipt.ChainExists(h.table, b.chain)
				if err != nil {
					return classifyIPT(err)
				}
				if ok {
					cs.Present = true
					stats, err := f.ipt.StructuredStats(h.table, b.chain)
					if err != nil {
						return classifyIPT(err)
					}
					cs.Rules = len(stats)
					for _, s := range stats {
						if s.Target != "RETURN" {
							cs.Blocked += s.Packets
						}
					}
					st.Present = true
				}
				st.Chains = append(st.Chains, cs)
			}
		}
		return nil
	})
	return st, err
}

func protoName(ipt *iptables.IPTables) string {
	if ipt.Proto() == iptables.ProtocolIPv6 {
		return "ip6tables"
	}
	return "iptables"
}

// Close marks the backend closed; nothing is held open.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

// classifyIPT maps go-iptables errors to the errors callers test for.
func classifyIPT(err error) error {
	var e *iptables.Error
	if errors.As(err, &e) {
		return classify(e.Error(), err)
	}
	return err
}
