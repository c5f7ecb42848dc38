//go:build linux

package nft

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// Set names inside the table.
const (
	setAllow4 = "allow4"
	setAllow6 = "allow6"
	setBan4   = "ban4"
	setBan6   = "ban6"
)

// setSpec is one set of the shape.
type setSpec struct {
	name    string
	key     nftables.SetDatatype
	timeout bool
}

// shapeSets lists the sets of the table: interval everywhere (CIDR bans),
// timeout on the ban sets only.
func shapeSets() [4]setSpec {
	return [...]setSpec{
		{setAllow4, nftables.TypeIPAddr, false},
		{setAllow6, nftables.TypeIP6Addr, false},
		{setBan4, nftables.TypeIPAddr, true},
		{setBan6, nftables.TypeIP6Addr, true},
	}
}

// ruleSpec is one rule of a chain: source address of one family looked up
// in a set, then a verdict.
type ruleSpec struct {
	nfproto byte
	set     string
	verdict string // accept, drop or reject
}

func (r ruleSpec) String() string {
	return fmt.Sprintf("%d %s %s", r.nfproto, r.set, r.verdict)
}

func (b *Backend) rules() []ruleSpec {
	return []ruleSpec{
		{unix.NFPROTO_IPV4, setAllow4, "accept"},
		{unix.NFPROTO_IPV6, setAllow6, "accept"},
		{unix.NFPROTO_IPV4, setBan4, b.cfg.Action},
		{unix.NFPROTO_IPV6, setBan6, b.cfg.Action},
	}
}

// exprs builds the rule. In an inet table the meta nfproto check must come
// before loading the address: without it an IPv6 packet's bytes 12-15 would
// be looked up in the IPv4 set. nft prints the pair as "ip saddr @ban4".
func (r ruleSpec) exprs() []expr.Any {
	offset, length := uint32(12), uint32(4) // IPv4 source address
	if r.nfproto == unix.NFPROTO_IPV6 {
		offset, length = 8, 16
	}
	e := []expr.Any{
		&expr.Meta{Key: expr.MetaKeyNFPROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{r.nfproto}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: offset, Len: length},
		&expr.Lookup{SourceRegister: 1, SetName: r.set},
	}
	switch r.verdict {
	case "accept":
		e = append(e, &expr.Verdict{Kind: expr.VerdictAccept})
	case "reject":
		// icmpx port-unreachable is what a bare "reject" means in inet.
		e = append(e, &expr.Counter{}, &expr.Reject{Type: unix.NFT_REJECT_ICMPX_UNREACH, Code: unix.NFT_REJECT_ICMPX_PORT_UNREACH})
	default:
		e = append(e, &expr.Counter{}, &expr.Verdict{Kind: expr.VerdictDrop})
	}
	return e
}

// specOf reads a rule back into a ruleSpec; ok is false for rules that are
// not of our shape.
func specOf(r *nftables.Rule) (ruleSpec, bool) {
	var s ruleSpec
	for _, e := range r.Exprs {
		switch e := e.(type) {
		case *expr.Cmp:
			if len(e.Data) == 1 {
				s.nfproto = e.Data[0]
			}
		case *expr.Lookup:
			s.set = e.SetName
		case *expr.Verdict:
			switch e.Kind {
			case expr.VerdictAccept:
				s.verdict = "accept"
			case expr.VerdictDrop:
				s.verdict = "drop"
			}
		case *expr.Reject:
			s.verdict = "reject"
		}
	}
	return s, s.set != "" && s.verdict != ""
}

func hookNum(name string) *nftables.ChainHook {
	switch name {
	case "prerouting":
		return nftables.ChainHookPrerouting
	case "forward":
		return nftables.ChainHookForward
	default:
		return nftables.ChainHookInput
	}
}

// Ensure creates or repairs the table, sets, chains and rules. Elements
// already in the sets are kept. Existing rules that already match are left
// alone so their counters survive a restart.
func (b *Backend) Ensure(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	if err := b.ensure(ctx); err != nil {
		return b.explain(err)
	}
	return nil
}

func (b *Backend) ensure(ctx context.Context) error {
	if err := b.ensureTable(ctx); err != nil {
		return err
	}
	if err := b.ensureSets(); err != nil {
		return err
	}
	return b.ensureChains()
}

// ensureTable creates the table, and with Config.Owner claims it for this
// socket (owner + persist). Kernels without persist refuse the flag
// (EOPNOTSUPP); then the table is left unowned, because an owned table without persist vanishes with its
// bans when the daemon exits.
func (b *Backend) ensureTable(ctx context.Context) error {
	var flags uint32
	if b.cfg.Owner {
		flags = tableFlagOwner | tableFlagPersist
	}
	tx := b.tx()
	tx.createTable(flags)
	err := tx.send(ctx, b.raw)
	if err != nil && flags != 0 && errors.Is(err, unix.EOPNOTSUPP) {
		b.log.Warn("kernel lacks the persist table flag; table left unowned so it survives guardctl exiting", "table", b.cfg.Table)
		tx.createTable(0)
		err = tx.send(ctx, b.raw)
	}
	if err != nil {
		return fmt.Errorf("create table inet %s: %w", b.cfg.Table, err)
	}
	return nil
}

// ensureSets adds missing sets and refuses sets of the wrong shape: a set
// without the timeout flag silently drops per-element timeouts, so a set
// made by hand or by an old version must not be used as is.
func (b *Backend) ensureSets() error {
	existing, err := b.conn.GetSets(b.table)
	if err != nil {
		return fmt.Errorf("list sets: %w", err)
	}
	for i, spec := range shapeSets() {
		idx := slices.IndexFunc(existing, func(s *nftables.Set) bool { return s.Name == spec.name })
		if idx >= 0 {
			s := existing[idx]
			if s.KeyType.Name != spec.key.Name || !s.Interval || s.HasTimeout != spec.timeout {
				return fmt.Errorf("set %s exists with type %s flags %s, want type %s flags %s: run guardctl firewall teardown",
					spec.name, s.KeyType.Name, setFlags(s.Interval, s.HasTimeout), spec.key.Name, setFlags(true, spec.timeout))
			}
			continue
		}
		// Explicit IDs keep the library off its package-level counter.
		set := &nftables.Set{Table: b.table, Name: spec.name, ID: uint32(i + 1), KeyType: spec.key, Interval: true, HasTimeout: spec.timeout}
		if err := b.conn.AddSet(set, nil); err != nil {
			return fmt.Errorf("add set %s: %w", spec.name, err)
		}
	}
	if err := b.conn.Flush(); err != nil {
		return fmt.Errorf("create sets: %w", err)
	}
	return nil
}

func setFlags(interval, timeout bool) string {
	var f []string
	if interval {
		f = append(f, "interval")
	}
	if timeout {
		f = append(f, "timeout")
	}
	return strings.Join(f, ",")
}

// ensureChains makes one base chain per configured hook, named after the
// hook, and removes chains of ours that the configuration no longer wants.
// A chain whose hook or priority changed is replaced; a chain whose rules
// differ gets its rules rewritten. All of it is one transaction.
func (b *Backend) ensureChains() error {
	chains, err := b.conn.ListChainsOfTableFamily(nftables.TableFamilyINet)
	if err != nil {
		return fmt.Errorf("list chains: %w", err)
	}
	have := map[string]*nftables.Chain{}
	for _, c := range chains {
		if c.Table.Name == b.cfg.Table {
			have[c.Name] = c
		}
	}
	want := b.cfg.Chains()
	for name, c := range have {
		if !slices.Contains(want, name) {
			b.conn.FlushChain(c)
			b.conn.DelChain(c)
		}
	}
	prio := nftables.ChainPriority(b.cfg.Priority)
	accept := nftables.ChainPolicyAccept
	rules := b.rules()
	for _, name := range want {
		chain := &nftables.Chain{
			Name: name, Table: b.table, Type: nftables.ChainTypeFilter,
			Hooknum: hookNum(name), Priority: &prio, Policy: &accept,
		}
		if c, ok := have[name]; ok {
			if c.Hooknum != nil && *c.Hooknum == *chain.Hooknum && c.Priority != nil && *c.Priority == prio && c.Type == nftables.ChainTypeFilter {
				same, err := b.rulesMatch(c, rules)
				if err != nil {
					return err
				}
				if same {
					continue
				}
				b.conn.FlushChain(c)
				b.addRules(chain, rules)
				continue
			}
			b.conn.FlushChain(c)
			b.conn.DelChain(c)
		}
		b.conn.AddChain(chain)
		b.addRules(chain, rules)
	}
	if err := b.conn.Flush(); err != nil {
		return fmt.Errorf("create chains: %w", err)
	}
	return nil
}

func (b *Backend) addRules(c *nftables.Chain, rules []ruleSpec) {
	for _, r := range rules {
		b.conn.AddRule(&nftables.Rule{Table: b.table, Chain: c, Exprs: r.exprs()})
	}
}

func (b *Backend) rulesMatch(c *nftables.Chain, want []ruleSpec) (bool, error) {
	got, err := b.conn.GetRules(b.table, c)
	if err != nil {
		return false, fmt.Errorf("list rules of chain %s: %w", c.Name, err)
	}
	if len(got) != len(want) {
		return false, nil
	}
	for i, r := range got {
		s, ok := specOf(r)
		if !ok || s != want[i] {
			return false, nil
		}
	}
	return true, nil
}

// Status reports the table, sets and chains without changing anything.
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := firewall.Status{Backend: firewall.BackendNFTables, Table: "inet " + b.cfg.Table}
	if err := b.ready(); err != nil {
		return st, err
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	t, err := b.conn.ListTableOfFamily(b.cfg.Table, nftables.TableFamilyINet)
	switch {
	case errors.Is(err, unix.ENOENT):
		t = nil
	case err != nil:
		return st, b.explain(fmt.Errorf("read table: %w", err))
	}
	if t != nil {
		st.Present = true
		if tableFlags(t)&tableFlagOwner != 0 {
			st.Detail = "table flags owner: only its owner process may change it"
		}
	}
	var sets []*nftables.Set
	if st.Present {
		if sets, err = b.conn.GetSets(b.table); err != nil {
			return st, b.explain(fmt.Errorf("list sets: %w", err))
		}
	}
	for _, spec := range shapeSets() {
		ss := firewall.SetStatus{Name: spec.name}
		if i := slices.IndexFunc(sets, func(s *nftables.Set) bool { return s.Name == spec.name }); i >= 0 {
			ss.Present = true
			ss.Flags = setFlags(sets[i].Interval, sets[i].HasTimeout)
			entries, err := b.readSet(spec.name)
			if err != nil {
				return st, b.explain(err)
			}
			ss.Elements = len(entries)
		}
		st.Sets = append(st.Sets, ss)
	}
	var chains []*nftables.Chain
	if st.Present {
		all, err := b.conn.ListChainsOfTableFamily(nftables.TableFamilyINet)
		if err != nil {
			return st, b.explain(fmt.Errorf("list chains: %w", err))
		}
		for _, c := range all {
			if c.Table.Name == b.cfg.Table {
				chains = append(chains, c)
			}
		}
	}
	for _, name := range b.cfg.Chains() {
		cs := firewall.ChainStatus{Name: name, Hook: name}
		if i := slices.IndexFunc(chains, func(c *nftables.Chain) bool { return c.Name == name }); i >= 0 {
			cs.Present = true
			rules, err := b.conn.GetRules(b.table, chains[i])
			if err != nil {
				return st, b.explain(fmt.Errorf("list rules: %w", err))
			}
			cs.Rules = len(rules)
			for _, r := range rules {
				for _, e := range r.Exprs {
					if c, ok := e.(*expr.Counter); ok {
						cs.Blocked += c.Packets
					}
				}
			}
		}
		st.Chains = append(st.Chains, cs)
	}
	return st, nil
}
