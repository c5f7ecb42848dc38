//go:build linux

package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"time"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// Status, Counts and Verify never dump a set: element counts come from
// NFTA_SET_COUNT, which Linux 6.14 added to set descriptions (the
// kernel's own element counter). On older kernels they fall back to
// dumping the sets, which costs about 1 s per 100,000 interval elements.

const (
	attrSetCount    = 20 // NFTA_SET_COUNT (Linux 6.14+), not in x/sys/unix yet
	setFlagInterval = unix.NFT_SET_INTERVAL
	setFlagTimeout  = unix.NFT_SET_TIMEOUT
)

// setInfo is one set as a GETSET dump describes it.
type setInfo struct {
	name     string
	flags    uint32
	keyLen   uint32
	count    int
	hasCount bool
}

func (s setInfo) interval() bool { return s.flags&setFlagInterval != 0 }
func (s setInfo) timeout() bool  { return s.flags&setFlagTimeout != 0 }

// readSetInfo describes every set of our table in one dump; a missing
// table reads as no sets.
func (b *Backend) readSetInfo() (map[string]setInfo, error) {
	out := map[string]setInfo{}
	d := appendAttr(nil, unix.NFTA_SET_TABLE, cstring(b.cfg.Table))
	err := dump(b.raw, unix.NFT_MSG_GETSET, d, func(data []byte) error {
		s, err := parseSetInfo(data)
		if err == nil && s.name != "" {
			out[s.name] = s
		}
		return err
	})
	if errors.Is(err, unix.ENOENT) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list sets: %w", err)
	}
	// Old kernels: count by dumping (slow, but correct).
	for name, s := range out {
		if s.hasCount {
			continue
		}
		elems, err := dumpSet(b.raw, b.cfg.Table, name)
		if err != nil && !errors.Is(err, unix.ENOENT) {
			return nil, fmt.Errorf("count set %s: %w", name, err)
		}
		s.count, s.hasCount = len(elems), true
		if s.interval() {
			// Counted as the kernel counts: ranges with an end element.
			s.count = 0
			for _, e := range pairIntervals(elems) {
				s.count += counted(e.Prefix)
			}
		}
		out[name] = s
	}
	return out, nil
}

// parseSetInfo decodes the attributes of one NFT_MSG_NEWSET answer.
func parseSetInfo(data []byte) (setInfo, error) {
	var s setInfo
	err := attrs(data, func(typ uint16, v []byte) error {
		switch typ {
		case unix.NFTA_SET_NAME:
			s.name = string(trimNUL(v))
		case unix.NFTA_SET_FLAGS:
			if len(v) >= 4 {
				s.flags = binary.BigEndian.Uint32(v)
			}
		case unix.NFTA_SET_KEY_LEN:
			if len(v) >= 4 {
				s.keyLen = binary.BigEndian.Uint32(v)
			}
		case attrSetCount:
			if len(v) >= 4 {
				s.count, s.hasCount = int(binary.BigEndian.Uint32(v)), true
			}
		}
		return nil
	})
	return s, err
}

func trimNUL(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// intervalElements is how many ranges of prefixes the kernel counts per
// family. It counts a range by its end element (measured on Linux 6.18),
// so a range that ends at the family's last address, which has none,
// does not count.
func intervalElements(prefixes []netip.Prefix) (v4, v6 int) {
	for _, p := range prefixes {
		if p.Addr().Is4() {
			v4 += counted(p)
		} else {
			v6 += counted(p)
		}
	}
	return v4, v6
}

// counted is 1 for a prefix the kernel's count of an interval set
// includes, 0 for one that ends at the family's last address.
func counted(p netip.Prefix) int {
	if firewall.LastAddr(p).Next().IsValid() {
		return 1
	}
	return 0
}

// census is everything Status, Counts and Verify read.
type census struct {
	table  *nftables.Table
	sets   map[string]setInfo
	chains map[string]*nftables.Chain
	rules  map[string][]*nftables.Rule
}

func (b *Backend) census(ctx context.Context) (census, error) {
	c := census{sets: map[string]setInfo{}, chains: map[string]*nftables.Chain{}, rules: map[string][]*nftables.Rule{}}
	if err := ctx.Err(); err != nil {
		return c, err
	}
	t, err := b.conn.ListTableOfFamily(b.cfg.Table, nftables.TableFamilyINet)
	switch {
	case errors.Is(err, unix.ENOENT):
		return c, nil
	case err != nil:
		return c, fmt.Errorf("read table: %w", err)
	}
	c.table = t
	if c.sets, err = b.readSetInfo(); err != nil {
		return c, err
	}
	all, err := b.conn.ListChainsOfTableFamily(nftables.TableFamilyINet)
	if err != nil {
		return c, fmt.Errorf("list chains: %w", err)
	}
	for _, ch := range all {
		if ch.Table.Name != b.cfg.Table {
			continue
		}
		c.chains[ch.Name] = ch
		rules, err := b.conn.GetRules(b.table, ch)
		if err != nil {
			return c, fmt.Errorf("list rules of chain %s: %w", ch.Name, err)
		}
		c.rules[ch.Name] = rules
	}
	return c, nil
}

// status builds the Status from a census.
func (b *Backend) status(c census) firewall.Status {
	st := firewall.Status{Backend: firewall.BackendNFTables, Table: "inet " + b.cfg.Table, Present: c.table != nil}
	if c.table != nil && tableFlags(c.table)&tableFlagOwner != 0 {
		st.Detail = "table flags owner: only its owner process may change it"
	}
	for _, spec := range b.shapeSets() {
		ss := firewall.SetStatus{Name: spec.name}
		if s, ok := c.sets[spec.name]; ok {
			ss.Present = true
			ss.Flags = setFlags(s.interval(), s.timeout())
			ss.Elements = s.count
		}
		st.Sets = append(st.Sets, ss)
	}
	for _, name := range b.cfg.Chains() {
		cs := firewall.ChainStatus{Name: name, Hook: name}
		if _, ok := c.chains[name]; ok {
			cs.Present = true
			cs.Rules = len(c.rules[name])
			for _, r := range c.rules[name] {
				for _, e := range r.Exprs {
					if ctr, ok := e.(*expr.Counter); ok {
						if s, ok := specOf(r); ok && s.verdict != "accept" {
							cs.Blocked += ctr.Packets
						}
					}
				}
			}
		}
		st.Chains = append(st.Chains, cs)
	}
	return st
}

// drift lists how the census differs from the shape and from what this
// process loaded. Counts compare with "at least": the kernel may hold more
// (elements added by hand, expired ones not yet collected), never less.
func (b *Backend) drift(c census, now time.Time) firewall.Drift {
	d := firewall.Drift{At: now}
	add := func(format string, args ...any) { d.Reasons = append(d.Reasons, fmt.Sprintf(format, args...)) }
	if c.table == nil {
		add("table inet %s missing", b.cfg.Table)
		return d
	}
	for _, spec := range b.shapeSets() {
		s, ok := c.sets[spec.name]
		if !ok {
			add("set %s missing", spec.name)
			continue
		}
		if s.interval() != spec.interval || s.timeout() != spec.timeout {
			add("set %s has flags %q, want %q", spec.name, setFlags(s.interval(), s.timeout()), spec.flags())
		}
	}
	want := b.rules()
	for _, name := range b.cfg.Chains() {
		ch, ok := c.chains[name]
		if !ok {
			add("chain %s missing", name)
			continue
		}
		if ch.Hooknum == nil || *ch.Hooknum != *hookNum(name) || ch.Priority == nil || int(*ch.Priority) != b.cfg.Priority {
			add("chain %s: hook or priority changed", name)
		}
		if ch.Policy != nil && *ch.Policy != nftables.ChainPolicyAccept {
			add("chain %s: policy changed", name)
		}
		got := c.rules[name]
		if !sameRules(got, want) {
			add("chain %s: %d rules, want the %d rules of guardctl's shape", name, len(got), len(want))
		}
	}
	expect := func(set string, want int) {
		if s, ok := c.sets[set]; ok && s.count < want {
			add("set %s: %d elements, want at least %d", set, s.count, want)
		}
	}
	for _, set := range []string{setBan4, setBan6, setBanNet4, setBanNet6} {
		var per func(netip.Prefix) int
		if isInterval(set) {
			per = counted
		}
		expect(set, b.loaded[set].Expected(now, per))
	}
	if b.allow != nil {
		w4, w6 := intervalElements(b.allow)
		expect(setAllow4, w4)
		expect(setAllow6, w6)
	}
	names := b.listNames()
	for _, name := range names {
		v4, v6 := listSets(name)
		w4, w6 := intervalElements(b.lists[name])
		expect(v4, w4)
		expect(v6, w6)
	}
	return d
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

// Status reports the table, sets and chains without changing anything.
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return firewall.Status{Backend: firewall.BackendNFTables, Table: "inet " + b.cfg.Table}, err
	}
	c, err := b.census(ctx)
	if err != nil {
		return b.status(c), b.explain(err)
	}
	return b.status(c), nil
}

// Counts is Status with totals and the drift found in the same reads.
func (b *Backend) Counts(ctx context.Context) (firewall.Counts, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return firewall.Counts{}, err
	}
	c, err := b.census(ctx)
	if err != nil {
		return firewall.Counts{}, b.explain(err)
	}
	out := firewall.Counts{Status: b.status(c), Lists: map[string]int{}, Drift: b.drift(c, time.Now())}
	for _, set := range []string{setBan4, setBan6, setBanNet4, setBanNet6} {
		out.Bans += c.sets[set].count
	}
	out.Allow = c.sets[setAllow4].count + c.sets[setAllow6].count
	// Every list in the kernel, also those a previous process loaded (so a
	// caller can remove the ones it no longer wants).
	for set, info := range c.sets {
		if name, ok := listOfSet(set); ok {
			out.Lists[name] += info.count
		}
	}
	return out, nil
}

// Verify compares the kernel with the shape and with what was loaded.
func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return firewall.Drift{}, err
	}
	c, err := b.census(ctx)
	if err != nil {
		return firewall.Drift{}, b.explain(err)
	}
	return b.drift(c, time.Now()), nil
}
