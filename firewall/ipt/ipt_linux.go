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
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-iptables/iptables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
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
	save4  string // iptables-save of the chosen flavour, for cheap checks
	save6  string
	ipset  ipset
	closed bool
	// otherCleaned: Ensure removed our chain from the iptables flavour
	// not in use (otherflavour_linux.go); a failure is retried.
	otherCleaned bool
	// changes counts what can lower the kernel's counts or change our
	// rules (not bans, which only add): Verify reads the kernel without
	// the lock and repeats a round that overlapped such a change.
	changes uint64
	// adds counts Ban calls (under mu): banCounts reads the ban sets'
	// counts again when one landed while it read them.
	adds uint64

	audit loaded.Findings // the last element audit's (under mu)

	pace loaded.Pace // Verify audits the elements at most every pace.Every

	// What this process loaded, to tell from counts alone whether someone
	// removed entries (Verify) and to restore allow and lists (Ensure).
	loaded map[string]*loaded.Set    // ban set name -> entries
	allow  []netip.Prefix            // nil until SetAllow
	lists  map[string][]netip.Prefix // list name -> prefixes
	// staleLists names the lists whose entries the quick check found
	// missing although their counts match (a same-size swap): the next
	// Ensure reloads them, which the counts alone would not ask for.
	staleLists map[string]bool
	// rotors walk the allow and list sets in turns (the probe; keyed by
	// the IPv4 set's name, under mu): every entry within cover.
	rotors map[string]*loaded.Rotor
	// cover is listCoverEvery (tests shorten it).
	cover time.Duration
	// rate is loaded.ProbeRate, the rotors' budget of lookups a second
	// (tests change it); probeAt is when the last probe's walks were
	// taken (under mu).
	rate    int
	probeAt time.Time
	// probeHook, when set (tests), is called by each probe after its
	// lookups, before its findings are checked against the changes
	// since it began: the list entries it looked up and whether it found
	// anything.
	probeHook func(looked int, found bool)
}

// family ties an iptables handle to its sets.
type family struct {
	ipt          *iptables.IPTables
	suffix       string // 4 or 6, ending every set name
	save         string // the flavour's iptables-save
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
	b := &Backend{cfg: cfg, log: log, chain: strings.ToUpper(cfg.Table), loaded: map[string]*loaded.Set{}, lists: map[string][]netip.Prefix{}, staleLists: map[string]bool{}, pace: loaded.Pace{Every: defaultAuditEvery}, cover: listCoverEvery, rate: loaded.ProbeRate}
	for _, f := range b.families() {
		b.loaded[f.ban] = &loaded.Set{}
	}
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
		b.save4, b.save6 = v4+"-save", v6+"-save"
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
		{ipt: b.ipv4, suffix: "4", save: b.save4, allow: t + "-allow4", ban: t + "-ban4", rejectTarget: []string{"REJECT", "--reject-with", "icmp-port-unreachable"}},
		{ipt: b.ipv6, suffix: "6", save: b.save6, allow: t + "-allow6", ban: t + "-ban6", rejectTarget: []string{"REJECT", "--reject-with", "icmp6-port-unreachable"}},
	}
}

func (b *Backend) setNames() []string {
	t := b.cfg.Table
	out := []string{t + "-allow4", t + "-allow6"}
	for _, name := range b.listNames() {
		out = append(out, b.listSet(name, "4"), b.listSet(name, "6"))
	}
	return append(out, t+"-ban4", t+"-ban6")
}

// listSet names a list's set for one family; its temporary twin (filled,
// then swapped in) has "-t-" for "-l-".
func (b *Backend) listSet(name, suffix string) string {
	return b.cfg.Table + "-l-" + name + suffix
}

func (b *Backend) listTmp(name, suffix string) string {
	return b.cfg.Table + "-t-" + name + suffix
}

// listNames returns the loaded lists' names in order (rules follow it).
func (b *Backend) listNames() []string {
	names := make([]string, 0, len(b.lists))
	for n := range b.lists {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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

// Close marks the backend closed; nothing is held open.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes++
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
