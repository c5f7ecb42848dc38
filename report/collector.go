package report

import (
	"container/heap"
	"iter"
	"net/netip"
	"sort"
	"strconv"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/internal/prefetch"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/parser"
)

// Options bounds and shapes a Collector.
type Options struct {
	// MaxClients is how many clients get exact request counters (distinct
	// clients, top clients, requests of offenders). Default 1,000,000:
	// 16 MiB of table for IPv4 clients, 40 MiB if all were IPv6. Clients
	// beyond it are counted by a HyperLogLog estimate
	// (Summary.DistinctClientsEstimated).
	MaxClients int
	// TopCapacity caps each top-K table. Default 50,000.
	TopCapacity int
	// Explain, when valid, records the lines of the client whose key
	// contains this address.
	Explain netip.Addr
	// ExplainMax caps the recorded lines. Default 10,000.
	ExplainMax int
	// MaxOffenders caps the offenders the report details (rules, sample
	// lines, bans): the most severe by (banned, longest ban, points), the
	// first detailed on a tie. The others are counted in the summary
	// (Summary.OffendersOmitted), not listed. Default DefaultMaxOffenders;
	// negative: no cap (guardctl test, which checks every client).
	MaxOffenders int
}

// Collector aggregates one run of the engine. It is not safe for concurrent
// use.
type Collector struct {
	opts Options
	sum  Summary

	clients         *clientTable // requests per client
	invalidRequests uint64       // requests of events without a valid client
	// detail holds the detailed offenders (at most Options.MaxOffenders),
	// found through offenderAt; a tracked client's count carries
	// offenderBit, so the map is consulted only for offenders' lines (and
	// untracked clients once it is not empty).
	detail     detailed
	offenderAt map[netip.Prefix]*offender
	seq        uint64 // offenders admitted to detail so far
	// Exact counts of offenders and banned ones (count-word bits), and
	// sketches of those past the client table's bound that have no detail
	// record (one refused or dropped): a client past the bound that has a
	// record is counted from it, so that the summary agrees with the list
	// while nothing past the bound was left out of it.
	nOffenders, nBanned            int
	invalidOffender, invalidBanned bool
	overOffenders, overBanned      hll
	categories                     map[string]uint64
	paths, uas                     *TopK
	statuses                       [1000]uint64
	otherStatuses                  uint64
	peak                           peakCounter
	timeline                       timeline
	explain                        *Explain
	explainKey                     netip.Prefix
	formats                        map[string]bool
	currentInput                   string
	firstNs, lastNs                int64
}

type offender struct {
	key        netip.Prefix
	firstSeen  time.Time
	lastSeen   time.Time
	points     int
	before     uint64 // requests up to the first ban
	after      uint64
	banned     bool
	maxBan     int64 // longest ban, seconds
	bans       []Ban
	rules      map[string]*Rule
	categories map[string]bool
	seq        uint64 // order of admission to detail
	idx        int    // index in Collector.detail
	partial    bool   // offended before it was detailed
	untracked  bool   // past the client table's bound: counted from this record
}

// NewCollector returns an empty Collector.
func NewCollector(opts Options) *Collector {
	if opts.MaxClients <= 0 {
		opts.MaxClients = 1_000_000
	}
	if opts.TopCapacity <= 0 {
		opts.TopCapacity = 50_000
	}
	if opts.ExplainMax <= 0 {
		opts.ExplainMax = 10_000
	}
	if opts.MaxOffenders == 0 {
		opts.MaxOffenders = DefaultMaxOffenders
	}
	c := &Collector{
		opts:       opts,
		clients:    newClientTable(opts.MaxClients),
		offenderAt: make(map[netip.Prefix]*offender),
		categories: make(map[string]uint64),
		paths:      NewTopK(opts.TopCapacity),
		uas:        NewTopK(opts.TopCapacity),
		formats:    make(map[string]bool),
	}
	c.sum.SkippedByReason = make(map[string]uint64)
	if opts.Explain.IsValid() {
		c.explain = &Explain{IP: opts.Explain.String()}
	}
	return c
}

// BeginInput records that the following lines come from input name, parsed
// as format.
func (c *Collector) BeginInput(name, format string) {
	c.sum.Inputs = append(c.sum.Inputs, name)
	c.currentInput = name
	if format != "" {
		c.formats[format] = true
	}
}

// Skip counts a line the parser could not use.
func (c *Collector) Skip(reason parser.Reason) {
	c.sum.Lines++
	c.sum.Skipped++
	c.sum.SkippedByReason[string(reason)]++
}

// OutOfRange counts a parsed line outside the --since/--until window.
func (c *Collector) OutOfRange() {
	c.sum.Lines++
	c.sum.Parsed++
	c.sum.OutOfRange++
}

// Observe records one parsed line and the engine's verdict on it. raw is the
// whole log line; it is copied only when kept (samples, explain).
func (c *Collector) Observe(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	c.observe(lineNo, raw, ev, v, 0, 0)
}

// ResetKnown forgets the numbers ObserveKnown was given: the next lines'
// come from another patterns.Memo.
func (c *Collector) ResetKnown() {
	clear(c.paths.known)
	clear(c.uas.known)
}

// ObserveKnown is Observe for a line whose request line and user agent a
// patterns.Memo numbered (Memo.Known; 0: no number), which spares hashing
// and comparing a path or agent counted under its number before. Numbers
// hold until ResetKnown.
func (c *Collector) ObserveKnown(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict, reqID, uaID uint64) {
	c.observe(lineNo, raw, ev, v, reqID, uaID)
}

func (c *Collector) observe(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict, reqID, uaID uint64) {
	c.sum.Lines++
	c.sum.Parsed++
	ns := ev.Time.UnixNano()
	if c.firstNs == 0 || ns < c.firstNs {
		c.firstNs = ns
	}
	if ns > c.lastNs {
		c.lastNs = ns
	}
	c.peak.add(ev.Time.Unix())
	c.timeline.add(ev.Time.Unix())
	if ev.Kind != parser.KindRequest {
		// An error or application log event (an auth failure ...):
		// counted by kind, kept out of the request tables (it has no
		// status and rarely a path).
		if c.sum.Events == nil {
			c.sum.Events = make(map[string]uint64)
		}
		c.sum.Events[ev.Kind.String()]++
	} else {
		c.paths.AddKnown(reqID, ev.Path)
		if ev.UA != nil {
			c.uas.AddKnown(uaID, ev.UA)
		} else {
			c.uas.Add([]byte("-"))
		}
		if ev.Status >= 0 && ev.Status < len(c.statuses) {
			c.statuses[ev.Status]++
		} else {
			c.otherStatuses++
		}
	}

	var (
		cnt      *uint32 // the client's count word, nil when untracked
		requests uint64
		tracked  bool
	)
	if v.Key.IsValid() {
		if cnt = c.clients.add(v.Key); cnt != nil {
			requests, tracked = uint64(*cnt&maxCount), true
		}
	} else {
		c.invalidRequests++
		requests, tracked = c.invalidRequests, true
	}
	if v.Allowed {
		c.sum.Allowed++
	}
	if v.Banned {
		c.sum.RequestsAfterBan++
	}

	if c.explain != nil && v.Key.Contains(c.opts.Explain) {
		c.explainKey = v.Key
		c.recordExplain(lineNo, raw, ev, v)
	}

	var o *offender
	if (cnt == nil || *cnt&offenderBit != 0) && len(c.offenderAt) > 0 {
		o = c.offenderAt[v.Key]
	}
	offends := len(v.Hits) > 0 || v.Decision != nil
	if !offends {
		if o != nil {
			o.lastSeen = ev.Time
			if v.Banned {
				o.after++
			}
		}
		return
	}
	banned := v.Decision != nil && v.Decision.Action == detector.Ban
	before := c.countOffender(v.Key, cnt, banned)
	for _, h := range v.Hits {
		c.categories[h.Category]++
	}
	if o == nil {
		// The severity this line brings a new record to, computed
		// before allocating one that may not be kept.
		s := severity{banned: banned}
		for _, h := range v.Hits {
			s.points += h.Points
		}
		if banned {
			s.ban = int64(v.Decision.Duration / time.Second)
		}
		if o = c.admit(v.Key, ev.Time, s, before, cnt == nil && v.Key.IsValid()); o == nil {
			if cnt == nil && v.Key.IsValid() {
				c.sketchOffender(v.Key, banned)
			}
			return
		}
	}
	o.lastSeen = ev.Time
	if v.Banned {
		o.after++
	}
	for _, h := range v.Hits {
		o.points += h.Points
		o.categories[h.Category] = true
		r := o.rules[h.Rule]
		if r == nil {
			r = &Rule{ID: h.Rule, Category: h.Category, Sample: string(raw)}
			o.rules[h.Rule] = r
		}
		r.Hits++
		r.Points += h.Points
	}
	if d := v.Decision; d != nil && d.Action == detector.Ban {
		if !o.banned && tracked {
			o.before = requests
		}
		o.banned = true
		o.maxBan = max(o.maxBan, int64(d.Duration/time.Second))
		o.bans = append(o.bans, Ban{
			At:      d.At,
			Seconds: int64(d.Duration / time.Second),
			Offence: d.Offence,
			Rules:   append([]string(nil), d.Rules...),
		})
	}
	heap.Fix(&c.detail, o.idx) // its severity grew
}

// WarmClients has the CPU fetch the client-table slots that observing
// the verdicts of the next run of lines (vs[i+w:i+2w], w =
// detector.WarmBatch) will count, so that their cache misses (one per line
// once the table outgrows the caches) overlap the counting of the run
// before them. A driver calls it before observing the lines of vs[i:i+w],
// for i = 0, w, 2w ... as it calls the detector's Warm; at i == 0 it also
// fetches the first run. It only reads.
func (c *Collector) WarmClients(vs []detector.Verdict, i int) {
	const w = detector.WarmBatch
	if i == 0 {
		c.warmRun(vs[:min(w, len(vs))])
	}
	c.warmRun(vs[min(i+w, len(vs)):min(i+2*w, len(vs))])
}

func (c *Collector) warmRun(vs []detector.Verdict) {
	var addrs [detector.WarmBatch]uintptr // one prefetch call a run
	n := 0
	for i := range vs {
		if vs[i].Key.IsValid() && n < len(addrs) {
			if a := c.clients.slotAddr(vs[i].Key); a != 0 {
				addrs[n] = a
				n++
			}
		}
	}
	prefetch.Each(addrs[:n])
}

func (c *Collector) recordExplain(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	if len(c.explain.Lines) >= c.opts.ExplainMax {
		c.explain.Omitted++
		return
	}
	l := ExplainLine{
		Input:  c.currentInput,
		LineNo: lineNo,
		Time:   ev.Time,
		Line:   string(raw),
		Banned: v.Banned,
	}
	for _, h := range v.Hits {
		s := h.Rule + " (+" + strconv.Itoa(h.Points) + " " + h.Category + ")"
		if h.Note != "" {
			s += " " + h.Note
		}
		l.Hits = append(l.Hits, s)
	}
	if d := v.Decision; d != nil {
		l.Ban = string(d.Action) + " " + d.Duration.String() + " (offence " + strconv.Itoa(d.Offence) + ")"
	}
	c.explain.Lines = append(c.explain.Lines, l)
}

// Lines is how many lines were counted so far, parsed or not.
func (c *Collector) Lines() uint64 { return c.sum.Lines }

// Report builds the report; top is the length of each top table.
func (c *Collector) Report(policy PolicyInfo, top int) *Report {
	r := &Report{Version: SchemaVersion, Policy: policy, Summary: c.sum, Categories: c.categories}
	s := &r.Summary
	if s.Inputs == nil {
		s.Inputs = []string{}
	}
	for f := range c.formats {
		s.Formats = append(s.Formats, f)
	}
	sort.Strings(s.Formats)
	if c.sum.Parsed > c.sum.OutOfRange {
		s.FirstSeen = time.Unix(0, c.firstNs).UTC()
		s.LastSeen = time.Unix(0, c.lastNs).UTC()
		s.DurationSeconds = s.LastSeen.Sub(s.FirstSeen).Seconds()
	}
	peak, at := c.peak.max()
	s.PeakRPS = peak
	if peak > 0 {
		s.PeakAt = time.Unix(at, 0).UTC()
	}
	s.DistinctClients, s.DistinctClientsEstimated = c.clients.distinct()
	if c.invalidRequests > 0 {
		s.DistinctClients++
	}
	s.DistinctClientsCapped = s.DistinctClientsEstimated
	r.Timeline = c.timeline.report()

	r.Offenders = make([]Offender, 0, len(c.detail))
	for _, o := range c.detail {
		r.Offenders = append(r.Offenders, c.offenderReport(o))
	}
	sortOffenders(r.Offenders)
	n, banned, estimated := c.offenderTotals()
	s.Offenders, s.Banned = max(n, len(r.Offenders)), min(banned, n)
	s.Watched = s.Offenders - s.Banned
	s.OffendersEstimated = estimated
	if omitted := s.Offenders - len(r.Offenders); omitted > 0 {
		s.OffendersOmitted, s.OffendersDetailed = omitted, len(r.Offenders)
	}

	r.Top.Paths = c.paths.Top(top)
	r.Top.UserAgents = c.uas.Top(top)
	r.Top.Statuses = c.topStatuses(top)
	r.Top.Clients = c.topClients(top)
	if c.explain != nil {
		e := *c.explain
		if c.explainKey.IsValid() {
			e.Key = ipprefix.String(c.explainKey)
		}
		if e.Lines == nil {
			e.Lines = []ExplainLine{}
		}
		r.Explain = &e
	}
	return r
}

func (c *Collector) offenderReport(o *offender) Offender {
	out := Offender{
		IP:        ipprefix.String(o.key),
		Action:    string(detector.Watch),
		FirstSeen: o.firstSeen,
		LastSeen:  o.lastSeen,
		Points:    o.points,
		Bans:      o.bans,
		Partial:   o.partial,
	}
	out.Requests = c.requests(o.key)
	out.RequestsAfterBan = o.after
	if o.banned {
		out.Action = string(detector.Ban)
		out.BannedAt = o.bans[0].At
		out.RequestsBeforeBan = o.before
		out.Offences = len(o.bans)
		for _, b := range o.bans {
			if b.Seconds > out.BanSeconds {
				out.BanSeconds = b.Seconds
			}
			if b.Offence > out.Offences {
				out.Offences = b.Offence
			}
		}
	} else {
		out.RequestsBeforeBan = out.Requests
	}
	for _, r := range o.rules {
		out.Rules = append(out.Rules, *r)
	}
	sort.Slice(out.Rules, func(i, j int) bool {
		if out.Rules[i].Points != out.Rules[j].Points {
			return out.Rules[i].Points > out.Rules[j].Points
		}
		return out.Rules[i].ID < out.Rules[j].ID
	})
	out.Reasons = make([]string, 0, len(out.Rules))
	for _, r := range out.Rules {
		out.Reasons = append(out.Reasons, r.ID)
	}
	for cat := range o.categories {
		out.Categories = append(out.Categories, cat)
	}
	sort.Strings(out.Categories)
	return out
}

// sortOffenders orders by severity: bans before watches, longer bans first,
// then more points, then more requests, then address for a stable order.
func sortOffenders(os []Offender) {
	sort.Slice(os, func(i, j int) bool {
		a, b := os[i], os[j]
		if (a.Action == "ban") != (b.Action == "ban") {
			return a.Action == "ban"
		}
		if a.BanSeconds != b.BanSeconds {
			return a.BanSeconds > b.BanSeconds
		}
		if a.Points != b.Points {
			return a.Points > b.Points
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.IP < b.IP
	})
}

func (c *Collector) topStatuses(n int) []Count {
	var out []Count
	for code, cnt := range c.statuses {
		if cnt > 0 {
			out = append(out, Count{Value: strconv.Itoa(code), Count: cnt})
		}
	}
	if c.otherStatuses > 0 {
		out = append(out, Count{Value: "other", Count: c.otherStatuses})
	}
	return sortCounts(out, n)
}

// requests is how many requests of key were counted (0 past the bound).
func (c *Collector) requests(key netip.Prefix) uint64 {
	if !key.IsValid() {
		return c.invalidRequests
	}
	if cnt := c.clients.get(key); cnt != nil {
		return uint64(*cnt & maxCount)
	}
	return 0
}

// allClients yields every counted client and its requests.
func (c *Collector) allClients() iter.Seq2[netip.Prefix, uint64] {
	return func(yield func(netip.Prefix, uint64) bool) {
		if c.invalidRequests > 0 && !yield(netip.Prefix{}, c.invalidRequests) {
			return
		}
		c.clients.each(func(p netip.Prefix, cnt uint32) bool { return yield(p, uint64(cnt&maxCount)) })
	}
}

// topClients picks the n busiest clients; a client's address is printed
// only when it could enter the table.
func (c *Collector) topClients(n int) []Count {
	if n < 0 {
		var out []Count
		for k, cnt := range c.allClients() {
			out = append(out, Count{Value: ipprefix.String(k), Count: cnt})
		}
		return sortCounts(out, n)
	}
	top := newTopN(n)
	var buf []byte
	for k, cnt := range c.allClients() {
		if !top.wants(cnt) {
			continue
		}
		buf = ipprefix.AppendTo(buf[:0], k)
		if top.beats(cnt, string(buf)) {
			top.offer(Count{Value: string(buf), Count: cnt})
		}
	}
	return top.sorted()
}

func sortCounts(out []Count, n int) []Count {
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	if out == nil {
		out = []Count{}
	}
	return out
}
