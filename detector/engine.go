package detector

import (
	"cmp"
	"context"
	"hash/maphash"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// Options are the engine's dependencies and tuning beyond the policy.
type Options struct {
	// History supplies offences from before this engine (the daemon's
	// store). Nil means none.
	History History
	// Logger receives the engine's rare notices (time jumps) and, at debug
	// level, its decisions. Nil discards them.
	Logger *slog.Logger
	// MaxSkew is how far (event time) a line may run behind the latest one
	// and still count as the same stream; see the time rules in clock.go.
	// Zero means DefaultMaxSkew.
	MaxSkew time.Duration
	// Country returns a client's ISO country code ("" when unknown), for
	// throttles scoped by country (rules.Throttle.Countries). Nil: no
	// country is known. Called at most once per event, and only when a
	// throttle has countries (see country.go).
	Country func(netip.Addr) string
	// HugeGroups grows the client tables (node slabs, queue stamps, slot
	// pool) past 4 MiB in 2 MiB groups advised to huge pages rounded out
	// (lru.go): ~6 % less CPU per line at a million clients, but the
	// advice covers Go heap around the groups, which khugepaged keeps
	// collapsing after the run, and the last group is mostly empty. For a
	// one-shot run (analyze); a long-lived process leaves it off.
	HugeGroups bool
}

// Verdict is the engine's answer for one event.
type Verdict struct {
	// Key is the client as judged: /32 for IPv4, the policy's IPv6 prefix.
	// It is the zero Prefix for an event without a valid client.
	Key netip.Prefix
	// Allowed: the client is on the allow list; nothing was evaluated.
	Allowed bool
	// Banned: the client was already under a ban at this event's time, so
	// the kernel would have dropped the request; nothing was evaluated.
	Banned bool
	// Hits are the rules this request fired. The slice is the engine's and
	// is valid until the next Observe.
	Hits []Hit
	// Decision is non-nil when this request triggered a ban. It is the
	// caller's to keep; the engine never changes it.
	Decision *Decision
}

// Stats are the engine's counters and table sizes.
type Stats struct {
	Events       uint64 // events observed
	Invalid      uint64 // events without a valid client address
	Allowed      uint64 // events from allow-listed clients
	BannedEvents uint64 // events from clients under a ban
	Decisions    uint64 // bans decided
	LateEvents   uint64 // events behind the high-water mark, within MaxSkew
	TimeJumps    uint64 // events that started a new timeline
	BadTimes     uint64 // events with a zero or unrepresentable time

	Clients     int    // clients tracked now
	Bans        int    // bans in the ban table (active, or ended and not yet purged)
	Offenders   int    // clients with remembered offences
	EvictedIdle uint64 // clients dropped after IdleTTL without live state
	EvictedCap  uint64 // clients dropped because MaxClients was reached

	PathSlots     int    // distinct-path set slots in use (8 bytes each)
	PathSetResets uint64 // distinct-path sets cleared because full or over budget
}

// Engine evaluates a policy on a stream of events. It is synchronous and
// starts no goroutines; it is not safe for concurrent use: a driver either
// serialises calls or shards clients over several engines (by Verdict.Key).
//
// Rules are evaluated in this order, each step ending evaluation when it
// decides:
//
//  1. allow list: Allowed, nothing else happens;
//  2. an active ban: Banned, counted, nothing evaluated;
//  3. deny list: ban (DenyBan, escalated);
//  4. trap paths (matched on the percent-decoded path): ban (TrapBan,
//     escalated);
//  5. patterns: each hit earns its weight in points, but several hits of
//     one category in one request earn only the highest weight, once;
//  6. throttles, plain and distinct-path: a violation earns Weight points;
//     then the behaviour models of requests (rules.Flood in flood.go,
//     rules.Login in login.go): a violation earns their Weight; so do the
//     fixed-number models that ride on them: ua-rotation (uarotation.go)
//     and resource-bytes (resourcebytes.go) on [flood]'s weight; a login
//     POST's 2xx proven a success by an earlier 401 (loginproven.go) is
//     not counted by login-burst;
//  7. escalation: when the points earned within Escalation.Window (an exact
//     sliding window) reach Threshold, the client is banned.
//
// Throttles: "Limit per Window" is a leaky bucket (GCRA) per client: Limit
// requests at one instant pass and the next one violates; a steady rate of
// at most Limit per Window never violates; room comes back continuously
// with time, never at a bucket boundary. After a violation the count
// starts again. A distinct-path throttle feeds the same bucket only with
// paths the client has not requested since its bucket was last empty.
//
// A ban's length: the rule's own ban when set (DenyBan, TrapBan, a violated
// throttle's Ban; the longest if several), else BaseBan, times
// Multiplier^(offence-1), capped at MaxBan (never below the rule's own
// ban), and at least BlacklistBan from the BlacklistAfter-th offence on. A
// ban clears the client's windows and points: after it ends the client
// starts afresh, apart from its offence count.
//
// Time is the events' own (ev.Time). Lines up to MaxSkew behind the latest
// one are normal disorder: a late line counts as arriving at the latest
// time seen for its client. A line further back starts a new timeline:
// per-client windows are dropped, bans and offences kept.
//
// Memory is bounded. At most Limits.MaxClients clients are tracked (the
// least recently seen is evicted in O(1); clients idle for Limits.IdleTTL
// are dropped unless a bucket or points are still live); a client seen
// once costs about 90 bytes whatever the policy (its model slots packed in
// its node, compact.go), a busier one 8 bytes more per throttle slot. Points logs (at most 64
// entries) and distinct-path sets (at most 1024 paths each, 32 slots per
// tracked client overall) exist only for clients that need them and go
// with them. Offence records are at most MaxClients and drop out after
// OffenceMemory. Bans are kept until they end, whatever the other limits
// (one entry, about 135 bytes, per ban in force: the kernel set holds as
// many); ended bans are purged in order of their end.
type Engine struct {
	pol *rules.Policy
	c   compiled
	// gen numbers the policies this engine has had (SetPolicy), so that
	// a Prep made under an earlier one is recognised.
	gen  uint32
	hist History
	log  *slog.Logger
	skew int64
	seed maphash.Seed
	// country looks up a client's country (Options.Country).
	country func(netip.Addr) string

	started bool
	hwm     int64 // highest event time seen, ns

	clients    lru[clientState]
	pool       slotPool // full-form model slots (compact.go)
	scratch    []int64  // the slots of the client being observed, unpacked
	check      []int64  // pack's and live's scratch
	heavies    []heavy
	heavyFree  uint32
	pathSlots  int
	pathBudget int

	// spare is the site's recent large downloads, for the flood model
	// (floodspare.go); nil until the first.
	spare *floodSpare

	// uas caches browserUA's answers for the flood model (floodbrowser.go).
	uas browserCache
	// tf is the text facts of the event being judged (textfacts.go).
	tf judgedFacts

	// rot is the user-agent rotation model's slot (uarotation.go).
	rot rotationState
	// res is the bytes-served model's site table and its clients' windows
	// (resourcebytes.go).
	res resourceState
	// proven is the proven-login-success model's refusals (loginproven.go).
	proven provenState

	base      baseline // the site's learned normal, for the flood model
	stray     bool     // the flood model's last violation was of stray assets (stray.go)
	fagg      floodAgg // flood units per /24 and /48 (floodagg.go)
	subnets   subnets  // login counts per /24 (subnet.go)
	bans      banTable
	offences  lru[offence]
	ruleNames []string
	ruleIdx   map[string]uint16

	// Scratch reused by every Observe, so the hot path does not allocate.
	req   request
	preq  patterns.Request
	phits []patterns.Hit
	// pre holds hits matched by the caller (ObserveMatched).
	pre        []patterns.Hit
	prematched bool
	hits       []Hit
	agg        []ruleAgg

	// via matches for ObserveVia, at the point Observe matches itself.
	via PatternMatcher

	stats Stats

	served servedMemory // names the site serves (served.go)
	site   siteMiss     // the site-wide miss share (sitemiss.go)

	// unpacked keeps every client's slots in the pool, never packed: the
	// reference form TestPackedSameVerdicts compares against.
	unpacked bool
}

// ruleAgg sums one rule's points for Decision.Rules.
type ruleAgg struct {
	rule uint16
	pts  int64
}

// New returns an engine for policy p. A nil p is an empty policy.
func New(p *rules.Policy, opts Options) *Engine {
	if p == nil {
		p = &rules.Policy{}
	}
	e := &Engine{
		hist:      opts.History,
		log:       opts.Logger,
		skew:      int64(opts.MaxSkew),
		country:   opts.Country,
		seed:      maphash.MakeSeed(),
		clients:   newLRU[clientState](),
		heavyFree: nilIdx,
		offences:  newLRU[offence](),
		ruleIdx:   make(map[string]uint16),
	}
	e.clients.huge, e.offences.huge = opts.HugeGroups, opts.HugeGroups
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.skew <= 0 {
		e.skew = int64(DefaultMaxSkew)
	}
	e.bans = newBanTable(&e.clients.index)
	e.intern(RuleDeny)
	e.pol = p
	e.c = e.compile(p)
	e.rot = compileRotation(&e.c)
	e.res = compileResource(&e.c, nil)
	e.proven = compileProven(&e.c, nil)
	e.gen = 1
	e.pool = newSlotPool(e.c.stride+1, opts.HugeGroups)
	e.scratch, e.check = make([]int64, e.c.stride), make([]int64, e.c.stride)
	e.pathBudget = pathSlotsPerClient * e.c.maxClients
	return e
}

// ObserveMatched is Observe with the event's pattern hits computed by the
// caller, from the policy's own matcher (patterns.Matcher is safe for
// concurrent use, so a driver can match on another core while this
// goroutine judges). It gives the same verdict as Observe.
func (e *Engine) ObserveMatched(ev *parser.Event, hits []patterns.Hit) Verdict {
	var pre Prep
	e.prepare(ev, &pre)
	return e.ObservePrepared(ev, hits, &pre)
}

// ObservePrepared is ObserveMatched of an event whose policy-only part
// Prepare computed (on any goroutine); a Prep made under another policy
// than the one in force is computed again. It gives the same verdict as
// Observe.
func (e *Engine) ObservePrepared(ev *parser.Event, hits []patterns.Hit, pre *Prep) Verdict {
	if pre.gen != e.gen {
		e.prepare(ev, pre)
	}
	e.pre, e.prematched = hits, true
	v := e.observe(ev, pre)
	e.pre, e.prematched = nil, false
	return v
}

// PatternMatcher gives a request's pattern hits for ObserveVia: m.Match's
// result for the policy's matcher m, e.g. through a patterns.Memo of m.
type PatternMatcher interface {
	MatchFor(m *patterns.Matcher, r *patterns.Request, dst []patterns.Hit) []patterns.Hit
}

// ObserveVia is ObservePrepared with the hits asked of pm only where
// Observe would match: not for the lines of a banned, allowed or invalid
// client, a denied or trapped request, or a non-request event, which end
// before patterns. It gives the same verdict as Observe.
func (e *Engine) ObserveVia(ev *parser.Event, pm PatternMatcher, pre *Prep) Verdict {
	if pre.gen != e.gen {
		e.prepare(ev, pre)
	}
	e.via = pm
	v := e.observe(ev, pre)
	e.via = nil
	return v
}

// Policy returns the policy in force.
func (e *Engine) Policy() *rules.Policy { return e.pol }

// Observe evaluates one event. ev's byte slices need only be valid during
// the call: the engine keeps none of them.
func (e *Engine) Observe(ev *parser.Event) Verdict {
	var pre Prep
	e.prepare(ev, &pre)
	return e.observe(ev, &pre)
}

// observe is Observe of an event whose policy-only part pre holds.
func (e *Engine) observe(ev *parser.Event, pre *Prep) Verdict {
	e.hits = e.hits[:0]
	e.stats.Events++
	if !pre.valid {
		e.stats.Invalid++
		return Verdict{}
	}
	p := e.pol
	pfx := pre.pfx
	v := Verdict{Key: pfx}
	if pre.allowed {
		e.stats.Allowed++
		v.Allowed = true
		return v
	}
	t := e.eventTime(ev.Time)
	e.housekeep()
	k := pre.k
	if e.bans.active(k, pre.tag, uint8(pfx.Bits()), t, e.skew) {
		e.stats.BannedEvents++
		v.Banned = true
		return v
	}
	if pre.denied {
		e.hits = append(e.hits, Hit{Rule: RuleDeny, Category: CategoryDeny})
		v.Hits = e.hits
		v.Decision = e.ban(k, pfx, t, p.DenyBan, []string{RuleDeny}, 0)
		return v
	}
	r := &e.req
	r.reset(ev)
	// Error and application log events (an auth failure, a rate-limit
	// rejection) are not requests: traps and patterns judge requests only;
	// throttles count the kind they name.
	isReq := ev.Kind == parser.KindRequest
	traps := e.c.traps
	if !isReq || !e.c.trapSet.may(ev.Path) {
		traps = nil
	}
	var tp []byte
	if len(traps) > 0 {
		tp = r.trapPath()
	}
	for i := range traps {
		tr := &traps[i]
		if matchPath(&tr.m, tp) {
			e.hits = append(e.hits, Hit{Rule: tr.id, Category: CategoryTrap})
			v.Hits = e.hits
			v.Decision = e.ban(k, pfx, t, p.TrapBan, []string{tr.id}, 0)
			return v
		}
	}

	ci, te, st := e.client(k, pre.tag, t)
	var (
		scored   bool          // points were added to the log
		override time.Duration // longest own ban of a violated throttle
	)
	if m := p.Patterns; m != nil && isReq {
		if e.prematched {
			e.phits = append(e.phits[:0], e.pre...)
		} else {
			e.preq = patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer}
			if e.via != nil {
				e.phits = e.via.MatchFor(m, &e.preq, e.phits[:0])
			} else {
				e.phits = m.Match(&e.preq, e.phits[:0])
			}
			e.preq = patterns.Request{}
		}
		e.phits = patterns.KeepAnswered(e.phits, ev.Status, ev.Query) // probes that count only on a miss
		e.phits = e.keepHints(ci, st, te, ev, e.phits)                // once per path, while misses are a share (hints.go)
		if len(e.phits) > 0 && !patterns.Missed(ev.Status) {
			e.phits = e.keepServed(ci, te, ev, e.phits) // a name the site serves (this client): a hint (served.go)
		}
		for i, h := range e.phits {
			pts := patternPoints(e.phits, i)
			e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category), Points: pts})
			if pts > 0 {
				e.addPatternPoints(ci, st, te, e.intern(h.ID), pts, ev.UA, scored)
				scored = true
			}
		}
	}
	cc := e.countryOf(ev)
	// A login POST answered 2xx by a path that refused this client 401
	// lately is a success, which login-burst does not count
	// (loginproven.go).
	proven := isReq && e.proven.on && e.provenLogin(ci, te, ev, r)
	for i := range e.c.throttles {
		th := &e.c.throttles[i]
		if th.kind != ev.Kind || (th.sources != nil && !slices.Contains(th.sources, ev.Source)) ||
			!th.inScope(r) || !th.inCountry(cc, &e.c) {
			continue
		}
		if proven && th.id == provenThrottle && len(th.statuses) == 0 {
			continue
		}
		var viol bool
		if th.distinct < 0 {
			viol = gcra(&st[th.slot], te, th.t, th.w)
		} else if e.c.hintSlot < 0 || !e.outageExcused(st[e.c.hintSlot], ev) {
			viol = e.distinct(ci, th, st[th.slot:th.slot+2], te, r)
		}
		if !viol {
			continue
		}
		e.hits = append(e.hits, Hit{Rule: th.id, Category: CategoryThrottle, Points: th.weight})
		if th.weight > 0 {
			e.addPoints(ci, te, th.rule, th.weight, scored)
			scored = true
		}
		override = max(override, th.ban)
	}
	// Before behaviour: ua-rotation reads the flood model's rings as they
	// were before this request (uarotation.go).
	if isReq && e.rot.slot >= 0 && e.rotation(st, te, ev) {
		scored = e.violated(ci, te, RuleUARotation, e.c.flood.weight, scored)
	}
	if isReq && e.res.on && e.resource(ci, te, ev, r) {
		scored = e.violated(ci, te, RuleResourceBytes, e.c.flood.weight, scored)
	}
	if isReq {
		scored = e.behaviour(ci, st, te, ev, r, scored)
	}
	e.keep(ci, st)
	if len(e.hits) > 0 {
		v.Hits = e.hits
	}
	if scored && e.c.threshold > 0 {
		if h := e.peekHeavy(ci); h.points.sum >= e.c.threshold {
			ids, total := e.contributors(&h.points)
			v.Decision = e.ban(k, pfx, te, override, ids, total)
		}
	}
	return v
}

// patternPoints is what hit i of hits earns: its weight if it is the
// highest-weighted (first among equals) hit of its category, else 0. One
// injection usually matches several signatures of its class; counting each
// would make a single request worth a multiple of what the policy says.
func patternPoints(hits []patterns.Hit, i int) int {
	h := hits[i]
	for j, o := range hits {
		if j != i && o.Category == h.Category && (o.Weight > h.Weight || (o.Weight == h.Weight && j < i)) {
			return 0
		}
	}
	return max(h.Weight, 0)
}

// addPoints logs pts for rule on client i at te. The first call of an
// Observe also expires points that left the window.
func (e *Engine) addPoints(i uint32, te int64, rule uint16, pts int, expired bool) {
	h := e.heavyOf(i)
	if !expired {
		h.points.expire(te - e.c.escWindow)
	}
	h.points.add(pointEntry{t: te, pts: int32(min(pts, 1<<30)), rule: rule})
}

// violated records client i's violation of rule id at te, worth w points;
// scored says whether points were already added during this Observe, and
// the result whether any are now.
func (e *Engine) violated(i uint32, te int64, id string, w int, scored bool) bool {
	e.hits = append(e.hits, Hit{Rule: id, Category: CategoryThrottle, Points: w})
	if w <= 0 {
		return scored
	}
	e.addPoints(i, te, e.intern(id), w, scored)
	return true
}

// contributors lists the rules of a points log, most points first (ties by
// id), and the log's total.
func (e *Engine) contributors(p *pointsLog) ([]string, int) {
	e.agg = e.agg[:0]
	var total int64
	for _, pe := range p.live() {
		if pe.pts < 0 { // pending (uaweak.go)
			continue
		}
		total += int64(pe.pts)
		j := slices.IndexFunc(e.agg, func(a ruleAgg) bool { return a.rule == pe.rule })
		if j < 0 {
			e.agg = append(e.agg, ruleAgg{rule: pe.rule})
			j = len(e.agg) - 1
		}
		e.agg[j].pts += int64(pe.pts)
	}
	slices.SortFunc(e.agg, func(a, b ruleAgg) int {
		if c := cmp.Compare(b.pts, a.pts); c != 0 {
			return c
		}
		return strings.Compare(e.ruleNames[a.rule], e.ruleNames[b.rule])
	})
	ids := make([]string, len(e.agg))
	for j, a := range e.agg {
		ids[j] = e.ruleNames[a.rule]
	}
	return ids, int(min(total, 1<<62))
}

// ban decides a ban of client k (prefix pfx) at t. base is the rule's own
// ban length, zero for the escalation's.
func (e *Engine) ban(k key, pfx netip.Prefix, t int64, base time.Duration, ids []string, points int) *Decision {
	n := e.offence(k, pfx, t, loginBan(ids))
	d := banDuration(&e.pol.Escalation, base, n)
	dec := &Decision{
		Key:      pfx,
		Action:   Ban,
		At:       time.Unix(0, t).UTC(),
		Duration: d,
		Offence:  n,
		Rules:    ids,
		Points:   points,
		Passive:  e.pol.Mode == rules.Passive,
	}
	e.bans.put(k, e.banEntryOf(dec, t))
	if i, ok := e.clients.get(k); ok {
		e.evict(i)
	}
	e.stats.Decisions++
	if e.log.Enabled(context.Background(), slog.LevelDebug) { // the args are boxed even when off: ~42 bytes per ban (mem, s16)
		e.log.Debug("ban", "client", pfx, "duration", d, "offence", n, "rules", ids, "passive", dec.Passive)
	}
	return dec
}

// housekeep does a bounded amount of expiry work per event, so memory
// follows event time without a background goroutine or a periodic sweep
// that would stall one event.
func (e *Engine) housekeep() {
	if len(e.bans.heap) > 0 {
		e.bans.purge(e.hwm-e.skew, 4)
	}
	e.evictIdle(2)
	if e.offences.n > 0 {
		e.purgeOffences(e.hwm, 1)
	}
}

// SetPolicy switches to policy p, keeping state: throttle windows carry
// over by throttle id (a throttle that changed between plain and distinct
// starts empty), points, bans and offences are kept. If the IPv6 prefix
// length changed, IPv6 client windows are dropped (they were kept under the
// old grouping); existing IPv6 bans keep their prefix and run out on time.
func (e *Engine) SetPolicy(p *rules.Policy) {
	if p == nil {
		p = &rules.Policy{}
	}
	old, oldRot := e.c, e.rot
	nc := e.compile(p)
	nrot := compileRotation(&nc)
	nres := compileResource(&nc, &e.res)     // the windows carry over by client slot
	nproven := compileProven(&nc, &e.proven) // so do the refusals
	// moves: (new offset, old offset, width) of the slots that carry over.
	type move struct{ to, from, n int }
	var moves []move
	remap := make([]int, nc.nDistinct) // new distinct ordinal -> old, or -1
	for j := range nc.throttles {
		nt := &nc.throttles[j]
		ot := findThrottle(old.throttles, nt.id, nt.distinct >= 0)
		if nt.distinct >= 0 {
			remap[nt.distinct] = -1
			if ot != nil {
				remap[nt.distinct] = ot.distinct
			}
		}
		if ot == nil {
			continue
		}
		width := 1
		if nt.distinct >= 0 {
			width = 2
		}
		moves = append(moves, move{nt.slot, ot.slot, width})
	}
	if nc.flood != nil && old.flood != nil {
		moves = append(moves, move{nc.floodSlot, old.floodSlot, floodSlots})
	}
	if nc.login != nil && old.login != nil {
		moves = append(moves, move{nc.loginSlot, old.loginSlot, loginSlots})
	}
	if nrot.slot >= 0 && oldRot.slot >= 0 {
		moves = append(moves, move{nrot.slot, oldRot.slot, 1})
	}
	if nc.hintSlot >= 0 && old.hintSlot >= 0 {
		// A reload must not reset the miss share the hints need (hints.go).
		moves = append(moves, move{nc.hintSlot, old.hintSlot, 1})
	}
	// Every client's slots move to the new layout, packed again under the
	// new policy where they can be (emission intervals may have changed).
	// A client with heavy state stays full, its heavy index in the new
	// stride's last slot.
	pool := newSlotPool(nc.stride+1, e.pool.huge)
	src, dst, check := make([]int64, old.stride+1), make([]int64, nc.stride+1), make([]int64, nc.stride)
	e.clients.each(func(i uint32, _ key) {
		n := &e.clients.at(i).val
		from := src
		if n.full != 0 {
			from = e.pool.at(n.full - 1)
		} else {
			clear(src)
			old.unpack(&n.c, n.last, src[:old.stride])
		}
		clear(dst)
		for _, m := range moves {
			copy(dst[m.to:][:m.n], from[m.from:][:m.n])
		}
		dst[nc.stride] = from[old.stride]
		if x, ok := nc.pack(dst[:nc.stride], n.last, check); ok && dst[nc.stride] == 0 && !e.unpacked {
			n.full, n.c = 0, x
			return
		}
		j := pool.alloc()
		copy(pool.at(j), dst)
		n.full, n.c = j+1, compact{}
	})
	for h := range e.heavies {
		hv := &e.heavies[h]
		if hv.sets == nil {
			continue
		}
		var sets []pathSet
		if nc.nDistinct > 0 {
			sets = make([]pathSet, nc.nDistinct)
		}
		kept := make([]bool, len(hv.sets))
		for j, o := range remap {
			if o >= 0 {
				sets[j] = hv.sets[o]
				kept[o] = true
			}
		}
		for o, s := range hv.sets {
			if !kept[o] {
				e.pathSlots -= len(s.slots)
			}
		}
		hv.sets = sets
	}
	e.pool = pool
	e.scratch, e.check = make([]int64, nc.stride), make([]int64, nc.stride)
	e.pol = p
	e.c, e.rot, e.res, e.proven = nc, nrot, nres, nproven
	if e.gen++; e.gen == 0 { // 0 marks a Prep never made
		e.gen = 1
	}
	e.pathBudget = pathSlotsPerClient * nc.maxClients
	if nc.v6bits != old.v6bits {
		e.clients.each(func(i uint32, k key) {
			if !k.is4() {
				e.evict(i)
			}
		})
	}
	for e.clients.n > nc.maxClients {
		e.evictCap()
	}
	for e.offences.n > nc.maxClients {
		e.offences.remove(e.offences.tail)
	}
}

func findThrottle(ts []cthrottle, id string, distinct bool) *cthrottle {
	for i := range ts {
		if ts[i].id == id && (ts[i].distinct >= 0) == distinct {
			return &ts[i]
		}
	}
	return nil
}

// Forget is the admin's unban: it removes every ban, window and offence
// record of a client prefix overlapping p (an address, a client key, or a
// wider range) and reports how many bans it removed. Offence history goes
// too: an admin lifting a ban is judging the client harmless, and a later
// ban escalated from the one the admin undid would contradict that. (The
// daemon should drop the client from its store for the same reason, or
// History will bring the offences back.) It scans the tables: admin
// commands are rare, and a prefix may cover many keys.
func (e *Engine) Forget(p netip.Prefix) int {
	if !p.IsValid() {
		return 0
	}
	a, bits := p.Addr(), p.Bits()
	if a.Is4In6() {
		a, bits = a.Unmap(), max(bits-96, 0)
	}
	p = netip.PrefixFrom(a.WithZone(""), bits).Masked()
	n := 0
	for k, b := range e.bans.m {
		if k.prefix(int(b.bits)).Overlaps(p) {
			e.bans.remove(k)
			n++
		}
	}
	e.offences.each(func(i uint32, k key) {
		if k.prefix(int(e.offences.at(i).val.bits)).Overlaps(p) {
			e.offences.remove(i)
		}
	})
	e.clients.each(func(i uint32, k key) {
		if e.clientPrefix(k).Overlaps(p) {
			e.evict(i)
		}
	})
	e.subnets.forget(p) // the /24s' login counts (subnet.go)
	return n
}

// Bans returns the bans still running at now (event time), ordered by
// client. The Decisions are copies.
func (e *Engine) Bans(now time.Time) []Decision {
	tn := now.UnixNano()
	out := make([]Decision, 0, len(e.bans.m))
	for k, b := range e.bans.m {
		if b.until > tn {
			out = append(out, e.decision(k, &b))
		}
	}
	slices.SortFunc(out, func(a, b Decision) int {
		if c := a.Key.Addr().Compare(b.Key.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(a.Key.Bits(), b.Key.Bits())
	})
	return out
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	s := e.stats
	s.Clients = e.clients.n
	s.Bans = len(e.bans.m)
	s.Offenders = e.offences.n
	s.PathSlots = e.pathSlots
	return s
}
