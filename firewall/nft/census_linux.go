//go:build linux

package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"time"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// Status, Counts and Verify read the kernel on a socket of their own,
// never under the lock the ban path takes, and never dump a set where the
// kernel counts its elements: NFTA_SET_COUNT, which Linux 6.14 added to
// set descriptions. On older kernels (Debian 12 ships 6.1) Status and
// Counts count by dumping (about 1 s per 100,000 interval elements, off
// the ban path), and the checks Watch runs every 2 s compare the shape
// only: the monitor reports removed elements at once, and the element
// audit (audit_linux.go) that Verify runs at most every auditEvery
// compares the elements themselves.

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

// readSetInfo describes every set of our table in one dump through conn;
// a missing table reads as no sets. With count, a set the kernel does not
// count (before Linux 6.14, or noCount) is counted by dumping it.
func (b *Backend) readSetInfo(conn *netlink.Conn, count bool) (map[string]setInfo, error) {
	out := map[string]setInfo{}
	d := appendAttr(nil, unix.NFTA_SET_TABLE, cstring(b.cfg.Table))
	err := dump(conn, unix.NFT_MSG_GETSET, d, func(data []byte) error {
		s, err := parseSetInfo(data)
		if b.noCount {
			s.count, s.hasCount = 0, false
		}
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
	if !count {
		return out, nil
	}
	return out, b.countByDump(conn, out, nil)
}

// countByDump counts the sets the kernel did not count by dumping them,
// except those skip names.
func (b *Backend) countByDump(conn *netlink.Conn, out map[string]setInfo, skip func(string) bool) error {
	for name, s := range out {
		if s.hasCount || skip != nil && skip(name) {
			continue
		}
		elems, err := dumpSet(conn, b.cfg.Table, name)
		if err != nil && !errors.Is(err, unix.ENOENT) {
			return fmt.Errorf("count set %s: %w", name, err)
		}
		s.count, s.hasCount = len(elems), true
		if s.interval() {
			// Counted as the kernel counts: ranges with an end element.
			// A hand-made range that is not one prefix reads back as
			// several: it counts once, by its last prefix.
			s.count = 0
			es, ends := pairIntervalsMarked(elems)
			for _, e := range marked(es, ends) {
				s.count += counted(e.Prefix)
			}
		}
		out[name] = s
	}
	return nil
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

// snap is what the kernel is compared with, taken under mu in a moment;
// the kernel is then read without it.
type snap struct {
	changes uint64
	sets    []setSpec
	rules   []ruleSpec
	want    map[string]int  // at least this many elements, as the kernel counts them
	exact   map[string]bool // sets whose content is all ours (allow, lists): want exactly
	audit   loaded.Findings // the last element audit's
}

// snapshot records the shape and what the kernel must hold now.
func (b *Backend) snapshot(now time.Time) (snap, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return snap{}, err
	}
	s := snap{changes: b.changes, sets: b.shapeSets(), rules: b.rules(), want: map[string]int{}, exact: map[string]bool{}, audit: b.audit}
	for _, set := range banSetNames() {
		s.want[set] = b.loaded[set].Expected(now) // a running count: mu is held a moment
	}
	if b.allow != nil {
		s.want[setAllow4], s.want[setAllow6] = intervalElements(b.allow)
		s.exact[setAllow4], s.exact[setAllow6] = true, true
	}
	for _, name := range b.listNames() {
		v4, v6 := listSets(name)
		s.want[v4], s.want[v6] = intervalElements(b.lists[name])
		if b.lists[name] != nil { // nil: adopted, content unknown
			s.exact[v4], s.exact[v6] = true, true
		}
	}
	return s, nil
}

// unchanged reports whether nothing that could lower the kernel's counts
// or change the shape happened since s (bans only add, so they may run
// meanwhile: the kernel then holds more than s wants, never less).
func (b *Backend) unchanged(s snap) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changes == s.changes
}

// Census levels: what a census counts by dumping when the kernel does not
// count (Linux < 6.14).
const (
	countNone    = iota // compare shape (and the kernel's counts) only
	countAll            // every set
	countNotBans        // all but the ban sets (the audit dumps those itself)
)

// census reads the table, its sets (counted by dump as count says),
// chains and rules on the census socket.
func (b *Backend) census(ctx context.Context, count int) (census, error) {
	c := census{sets: map[string]setInfo{}, chains: map[string]*nftables.Chain{}, rules: map[string][]*nftables.Rule{}}
	if err := ctx.Err(); err != nil {
		return c, err
	}
	b.rmu.Lock()
	defer b.rmu.Unlock()
	if b.rconn == nil {
		return c, errors.New("nftables backend closed")
	}
	t, err := b.rconn.ListTableOfFamily(b.cfg.Table, nftables.TableFamilyINet)
	switch {
	case errors.Is(err, unix.ENOENT):
		return c, nil
	case err != nil:
		return c, fmt.Errorf("read table: %w", err)
	}
	c.table = t
	if c.sets, err = b.readSetInfo(b.rraw, count == countAll); err != nil {
		return c, err
	}
	if count == countNotBans {
		isBan := func(name string) bool { return slices.Contains(banSetNames(), name) }
		if err := b.countByDump(b.rraw, c.sets, isBan); err != nil {
			return c, err
		}
	}
	all, err := b.rconn.ListChainsOfTableFamily(nftables.TableFamilyINet)
	if err != nil {
		return c, fmt.Errorf("list chains: %w", err)
	}
	for _, ch := range all {
		if ch.Table.Name != b.cfg.Table {
			continue
		}
		c.chains[ch.Name] = ch
		rules, err := b.rconn.GetRules(b.table, ch)
		if err != nil {
			return c, fmt.Errorf("list rules of chain %s: %w", ch.Name, err)
		}
		c.rules[ch.Name] = rules
	}
	return c, nil
}

// explainRead maps the errors of the census reads (made without mu, so
// without explain's look at the table's owner).
func explainRead(err error) error {
	switch {
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.EACCES):
		return fmt.Errorf("%w: %w", firewall.ErrPermission, err)
	}
	return err
}

// status builds the Status from a census.
func (b *Backend) status(s snap, c census) firewall.Status {
	st := firewall.Status{Backend: firewall.BackendNFTables, Table: "inet " + b.cfg.Table, Present: c.table != nil}
	if c.table != nil && tableFlags(c.table)&tableFlagOwner != 0 {
		st.Detail = "table flags owner: only its owner process may change it"
	}
	for _, spec := range s.sets {
		ss := firewall.SetStatus{Name: spec.name}
		if info, ok := c.sets[spec.name]; ok {
			ss.Present = true
			ss.Flags = setFlags(info.interval(), info.timeout())
			ss.Elements = info.count
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
// (elements added by hand, expired ones not yet collected), never less. A
// set the census could not count (an old kernel, a quick check) is
// compared by shape only. The last audit's extra elements are carried
// along; they are not drift (see firewall.Drift).
func (b *Backend) drift(s snap, c census, now time.Time) firewall.Drift {
	d := firewall.Drift{At: now, Extra: s.audit.Extra, ExtraSamples: s.audit.Samples, AuditedAt: s.audit.At}
	add := func(format string, args ...any) { d.Reasons = append(d.Reasons, fmt.Sprintf(format, args...)) }
	if c.table == nil {
		add("table inet %s missing", b.cfg.Table)
		return d
	}
	for _, spec := range s.sets {
		info, ok := c.sets[spec.name]
		if !ok {
			add("set %s missing", spec.name)
			continue
		}
		if info.interval() != spec.interval || info.timeout() != spec.timeout {
			add("set %s has flags %q, want %q", spec.name, setFlags(info.interval(), info.timeout()), spec.flags())
		}
		if want := s.want[spec.name]; info.hasCount && info.count < want {
			add("set %s: %d elements, want at least %d", spec.name, info.count, want)
		} else if info.hasCount && info.count > want && s.exact[spec.name] {
			// An allow element of another's lets a banned source past
			// the ban rules (review s12 item 2); the repair reloads it.
			add("set %s: %d elements, want %d (elements added by another process)", spec.name, info.count, want)
		}
	}
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
		if !sameRules(got, s.rules) {
			add("chain %s: %d rules, want the %d rules of guardctl's shape", name, len(got), len(s.rules))
		}
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
	s, err := b.snapshot(time.Now())
	if err != nil {
		return firewall.Status{Backend: firewall.BackendNFTables, Table: "inet " + b.cfg.Table}, err
	}
	c, err := b.census(ctx, countAll)
	if err != nil {
		return b.status(s, c), explainRead(err)
	}
	return b.status(s, c), nil
}

// Counts is Status with totals and the drift found in the same reads.
// When an unban, flush or reload ran meanwhile, the round is repeated.
func (b *Backend) Counts(ctx context.Context) (firewall.Counts, error) {
	for range 3 {
		s, err := b.snapshot(time.Now())
		if err != nil {
			return firewall.Counts{}, err
		}
		c, err := b.census(ctx, countAll)
		if err != nil {
			return firewall.Counts{}, explainRead(err)
		}
		out := firewall.Counts{Status: b.status(s, c), Lists: map[string]int{}, Drift: b.drift(s, c, time.Now())}
		for _, set := range banSetNames() {
			out.Bans += c.sets[set].count
		}
		out.Allow = c.sets[setAllow4].count + c.sets[setAllow6].count
		// Every list in the kernel, also those a previous process loaded
		// (so a caller can remove the ones it no longer wants).
		for set, info := range c.sets {
			if name, ok := listOfSet(set); ok {
				out.Lists[name] += info.count
			}
		}
		if b.unchanged(s) {
			return out, nil
		}
	}
	return firewall.Counts{}, errors.New("counts: the table kept changing while being read")
}

// Verify compares the kernel with the shape and with what was loaded:
// quick (see quickVerify), a lookup of a sample of our entries
// (probeSample), plus the element audit when the last one is
// older than auditEvery. Neither holds the lock the ban path takes.
func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	d, err := b.quickProbe(ctx)
	if err != nil || !d.Empty() {
		return d, err
	}
	ad, ran, err := b.auditIfDue(ctx)
	if err != nil || !ran {
		return d, err
	}
	return ad, nil
}

// quickVerify compares the shape and, where the kernel counts them, the
// element counts; it never dumps a set. Watch runs it every 2 s. A round
// that overlapped an unban, flush or reload is repeated; after three such
// rounds it reports nothing (the next call compares again).
func (b *Backend) quickVerify(ctx context.Context) (firewall.Drift, error) {
	for range 3 {
		s, err := b.snapshot(time.Now())
		if err != nil {
			return firewall.Drift{}, err
		}
		c, err := b.census(ctx, countNone)
		if err != nil {
			return firewall.Drift{}, explainRead(err)
		}
		if b.unchanged(s) {
			return b.drift(s, c, time.Now()), nil
		}
	}
	return firewall.Drift{At: time.Now()}, nil
}
