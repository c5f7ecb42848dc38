package detector

import (
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// Category names of the hits the engine itself produces (pattern hits carry
// the pattern's category).
const (
	CategoryDeny     = "deny"
	CategoryTrap     = "trap"
	CategoryThrottle = "throttle"
)

// RuleDeny is the rule id of deny-list hits.
const RuleDeny = "deny"

// Default limits, used when the policy leaves them zero.
const (
	DefaultMaxClients = 100_000
	DefaultIdleTTL    = 10 * time.Minute
	DefaultMaxSkew    = 5 * time.Minute
)

// Distinct-path sets are bounded per set and for the whole engine.
const (
	// maxPathEntries caps one client's set; a full set is cleared, after
	// which a repeated path counts as new once more.
	maxPathEntries = 1024
	// pathSlotsPerClient sizes the engine-wide budget of set slots (8 bytes
	// each) as a multiple of MaxClients: 256 bytes per tracked client on
	// average. A set that would grow past the budget is cleared instead.
	pathSlotsPerClient = 32
	minPathSlots       = 8
)

// cthrottle is a rules.Throttle prepared for the hot path.
type cthrottle struct {
	id       string
	rule     uint16
	slot     int   // offset of its state in the client's stride
	distinct int   // ordinal among distinct throttles, -1 for plain ones
	t, w     int64 // GCRA emission interval and window, ns
	weight   int
	ban      time.Duration
	methods  []string
	statuses []int
	path     *rules.PathMatch
	maxSet   int // distinct only: largest set, in entries
	depth    int // distinct only: path segments that make a path distinct (0 = all)

	kind parser.Kind // the kind of event counted (request for access-log throttles)
	// sources: count only events of these [[source]] labels; nil = all.
	sources []string

	// countries scopes the throttle by the client's country; dflt: also
	// every country no throttle names (see country.go).
	countries []string
	dflt      bool
}

// ctrap is a trap path with its rule id.
type ctrap struct {
	m    rules.PathMatch
	id   string
	rule uint16
}

// compiled is the engine's view of one policy.
type compiled struct {
	throttles  []cthrottle
	nDistinct  int
	stride     int // int64 slots per client: one per throttle, two per distinct one
	traps      []ctrap
	trapSet    trapFilter
	needPath   bool
	maxClients int
	idleTTL    int64
	escWindow  int64
	threshold  int64
	v6bits     int

	// Behaviour models and the offset of their slots in the stride; nil
	// when the policy disables them.
	flood     *cflood
	floodSlot int
	login     *clogin
	loginSlot int
	hintSlot  int // the client's request and miss counts (hints.go); -1: no patterns

	// named: the countries some throttle names; needCountry: a throttle
	// is scoped by country, so events need their client's country.
	named       map[string]bool
	needCountry bool
}

// TrapRule is the rule id of a trap: "trap:" and the configured path.
func TrapRule(m rules.PathMatch) string {
	switch {
	case m.Exact != "":
		return "trap:" + m.Exact
	case m.Prefix != "":
		return "trap:" + m.Prefix + "*"
	case m.Regex != nil:
		return "trap:~" + m.Regex.String()
	}
	return "trap:"
}

func (e *Engine) compile(p *rules.Policy) compiled {
	c := compiled{
		maxClients: p.Limits.MaxClients,
		idleTTL:    int64(p.Limits.IdleTTL),
		escWindow:  int64(p.Escalation.Window),
		threshold:  int64(p.Escalation.Threshold),
		v6bits:     p.ClientKey(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1})).Bits(),
	}
	if c.maxClients <= 0 {
		c.maxClients = DefaultMaxClients
	}
	if c.idleTTL <= 0 {
		c.idleTTL = int64(DefaultIdleTTL)
	}
	// A zero escalation window (the loader rejects it) leaves only the
	// points of the request at hand; Threshold <= 0 disables point bans.
	for _, tr := range p.Traps {
		id := TrapRule(tr)
		c.traps = append(c.traps, ctrap{m: tr, id: id, rule: e.intern(id)})
	}
	c.needPath = len(c.traps) > 0
	c.trapSet = newTrapFilter(p.Traps)
	for i := range p.Throttles {
		th := &p.Throttles[i]
		w := int64(th.Window)
		if w <= 0 || th.Limit <= 0 {
			continue // the loader rejects these; never divide by them here
		}
		ct := cthrottle{
			id:       th.ID,
			rule:     e.intern(th.ID),
			slot:     c.stride,
			distinct: -1,
			t:        emission(th.Limit, w),
			w:        w,
			weight:   th.Weight,
			ban:      th.Ban,
			methods:  th.Methods,
			statuses: th.Statuses,
			path:     th.Path,
			kind:     th.Event,
		}
		if len(th.Sources) > 0 {
			ct.sources = th.Sources
		}
		c.stride++
		if th.Distinct {
			ct.distinct = c.nDistinct
			c.nDistinct++
			c.stride++ // the first path's fingerprint, before a set exists
			ct.maxSet = min(th.Limit+1, maxPathEntries)
			ct.depth = th.DistinctDepth
		}
		if th.Path != nil || th.Distinct {
			c.needPath = true
		}
		c.scopeCountries(&ct, th.Countries)
		c.throttles = append(c.throttles, ct)
	}
	if p.Flood != nil {
		c.flood = compileFlood(p.Flood, e.intern(rules.FloodRule))
		c.floodSlot = c.stride
		c.stride += floodSlots
	}
	c.hintSlot = -1
	if p.Patterns != nil {
		c.hintSlot = c.stride
		c.stride++
	}
	if p.Login != nil {
		c.login = compileLogin(p.Login, e.intern(rules.LoginRule))
		c.loginSlot = c.stride
		c.stride += loginSlots
		c.needPath = true
	}
	return c
}

// intern returns the index of rule id in e.ruleNames. Ids come from the
// policy (and the compiled pattern catalogue), so the table is bounded by
// the policies loaded; past 65,535 ids, hits share the last index.
func (e *Engine) intern(id string) uint16 {
	if i, ok := e.ruleIdx[id]; ok {
		return i
	}
	if len(e.ruleNames) >= 1<<16-1 {
		return uint16(len(e.ruleNames) - 1)
	}
	i := uint16(len(e.ruleNames))
	e.ruleNames = append(e.ruleNames, id)
	e.ruleIdx[id] = i
	return i
}

// inScope reports whether a request falls in a throttle's scope. Methods
// compare exactly: the loader upper-cases them and servers log them as sent.
func (th *cthrottle) inScope(r *request) bool {
	method, status := r.ev.Method, r.ev.Status
	if len(th.methods) > 0 {
		ok := false
		for _, m := range th.methods {
			if string(method) == m {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(th.statuses) > 0 {
		ok := false
		for _, s := range th.statuses {
			if s == status {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if th.path != nil && !matchPath(th.path, r.path()) {
		return false
	}
	return true
}

// matchPath applies a PathMatch to a decoded path.
func matchPath(m *rules.PathMatch, p []byte) bool {
	switch {
	case m.Exact != "":
		return string(p) == m.Exact
	case m.Prefix != "":
		return len(p) >= len(m.Prefix) && string(p[:len(m.Prefix)]) == m.Prefix
	case m.Regex != nil:
		return m.Regex.Match(p)
	}
	return false
}

// trapFilter rules out most requests before the traps are compared one by
// one: a trap path is "/" and a second byte, and few requests share a
// second byte with any trap ("/HNAP1", "/boaform/" ...). It holds the
// second bytes of the exact and prefix traps; with a regex trap, or one
// not of that form, every request is compared.
type trapFilter struct {
	all    bool
	second [4]uint64 // the bit of byte b: second[b>>6] & (1 << (b & 63))
}

func newTrapFilter(traps []rules.PathMatch) trapFilter {
	var f trapFilter
	for _, tr := range traps {
		p := tr.Exact
		if p == "" {
			p = tr.Prefix
		}
		if tr.Regex != nil || len(p) < 2 || p[0] != '/' || p[1] == '%' {
			return trapFilter{all: true}
		}
		f.second[p[1]>>6] |= 1 << (p[1] & 63)
	}
	return f
}

// may reports whether a trap can match the request for raw path (as
// logged, before percent-decoding). Decoding changes a path only from its
// first '%' on, so while the first two bytes are not '%' they are the
// decoded path's.
func (f *trapFilter) may(raw []byte) bool {
	switch {
	case f.all:
		return true
	case len(raw) == 0:
		return false
	case raw[0] != '/':
		return raw[0] == '%'
	case len(raw) < 2:
		return false // "/": shorter than every trap
	case raw[1] == '%', raw[1] == '/', raw[1] == '.':
		return true // escaped, or "//HNAP1", "/./HNAP1": compared cleaned
	}
	return f.second[raw[1]>>6]&(1<<(raw[1]&63)) != 0
}
