package daemon

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/enrich/lists"
	"github.com/guardctl/guardctl/enrich/report"
	"github.com/guardctl/guardctl/enrich/reputation"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// listsEvery is how often the daemon checks its block lists: downloads
// that are due, copies `guardctl lists update` replaced, a changed geo
// database. Downloads themselves follow each list's refresh interval.
const listsEvery = 30 * time.Second

// enrich is the daemon's "who the client is" side: the geo databases and
// the block lists loaded into the kernel (issue 11). It lives beside the
// loop: list loads and downloads never hold d.mu.
type enrich struct {
	// rep is the reputation checker, nil when [reputation] is off; the
	// loop reads it on every judged line.
	rep     atomic.Pointer[reputation.Checker]
	repStop context.CancelFunc
	repDone chan struct{}
	repKey  string // the [reputation] it was built from, to rebuild on change

	// reporter delivers ban/unban events ([report]); nil when off.
	reporter   atomic.Pointer[report.Reporter]
	repoStop   context.CancelFunc
	repoDone   chan struct{}
	categories atomic.Pointer[map[string]string] // rule id -> category
	// base is Run's context: checkers outlive the reload request that
	// (re)built them.
	base context.Context

	// geoNow is geo for readers outside e.mu (the detector's hook).
	geoNow atomic.Pointer[geo.DB]

	mu     sync.Mutex // serialises loads: start, reloads, the upkeep tick
	geo    *geo.DB
	geoKey [2]string // the paths geo was opened from
	loader *lists.Loader
	// loaderNow is loader for status (degraded), which must not wait for
	// e.mu: a list's kernel load holds it behind a stuck kernel call.
	loaderNow atomic.Pointer[lists.Loader]
	// loading names the block list whose kernel load is in progress
	// ("" when none): a reload that gives up waiting names it.
	loading atomic.Pointer[string]
	closed  bool // stopped: a reload's load still waiting does nothing
	// One configure runs at a time (confWorker) and at most one waits:
	// next, the latest reload's, which a newer reload replaces. Behind a
	// stuck load every reload used to leave a goroutine and its config
	// and policy waiting for e.mu, without bound (revops-s10).
	confMu     sync.Mutex
	confNext   *confReq
	confWorker bool
	stop       context.CancelFunc
	done       chan struct{}
}

// startEnrich opens the geo databases, loads every block list into the
// kernel before the first log line is read, and starts the upkeep. A list
// or database that fails is logged and shown by `guardctl lists`; the
// daemon runs on with the rest.
func (d *Daemon) startEnrich(ctx context.Context) (stop func()) {
	d.mu.Lock()
	cfg, pol := d.cfg, d.pol
	d.mu.Unlock()
	e := &enrich{done: make(chan struct{}), base: ctx}
	d.enrich.Store(e)
	e.configure(ctx, d, cfg, pol)
	runCtx, cancel := context.WithCancel(ctx)
	e.stop = cancel
	go func() {
		defer close(e.done)
		t := time.NewTicker(listsEvery)
		defer t.Stop()
		for {
			// The first round at once: URL lists never downloaded
			// are fetched now, not a tick later. Downloads run
			// without e.mu (a reload must not wait for them); the
			// kernel loads hold it, and skip a loader a reload
			// replaced meanwhile.
			e.reloadGeo(d)
			e.mu.Lock()
			ld := e.loader
			e.mu.Unlock()
			if ld != nil {
				ld.Fetch(runCtx)
				e.mu.Lock()
				if e.loader == ld {
					ld.Sync(runCtx)
				}
				e.mu.Unlock()
			}
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-e.done
		e.mu.Lock()
		e.closed = true
		e.stopReputation()
		e.stopReporter()
		e.geo.Close()
		e.mu.Unlock()
	}
}

// reloadGeo reopens a geo database whose file changed, whether or not a
// block list uses it: the per-country throttles and the event fields read
// it too (their CountryCache forgets on the new generation).
func (e *enrich) reloadGeo(d *Daemon) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if ok, err := e.geo.Reload(); err != nil {
		d.log.Warn("geo database changed but does not open; keeping the old one", "err", err)
	} else if ok {
		d.log.Info("geo database reopened", "country_db", e.geoKey[0], "asn_db", e.geoKey[1])
	}
}

// configure (re)builds the lists of cfg and loads them. Called at start
// and on every reload.
func (e *enrich) configure(ctx context.Context, d *Daemon, cfg *rules.Config, pol *rules.Policy) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	d.mu.Lock()
	cur, prot := d.cfg, d.prot
	d.mu.Unlock()
	if e.closed || cur != cfg {
		// Stopped, or a later reload swapped the config while this one
		// waited for e.mu (behind a stuck load): that one applies its
		// own, and this one must not undo it.
		return nil
	}
	var notes []string
	key := [2]string{cfg.ListFile(cfg.Geo.CountryDB), cfg.ListFile(cfg.Geo.ASNDB)}
	if key != e.geoKey || e.geo == nil {
		var db *geo.DB
		var err error
		if key != ([2]string{}) {
			if db, err = geo.Open(key[0], key[1]); err != nil {
				d.log.Error("geo database does not open; country and ASN rules are off", "err", err)
				notes = append(notes, err.Error())
			}
		}
		if err == nil {
			old := e.geo
			e.geo, e.geoKey = db, key
			e.geoNow.Store(db)
			old.Close()
		}
	}
	if err := e.configureReporter(d, cfg); err != nil {
		d.log.Error("ban reports are off", "err", err)
		notes = append(notes, err.Error())
	}
	if err := e.configureReputation(d, cfg); err != nil {
		d.log.Error("reputation checks are off", "err", err)
		notes = append(notes, err.Error())
	}
	if !cfg.Lists.Kernel {
		e.loader = nil
		e.loaderNow.Store(nil)
		return notes
	}
	dir := firstNonEmpty(d.opts.StateDir, cfg.Daemon.StateDir)
	e.loader = &lists.Loader{
		Set:     lists.New(cfg, pol, e.geo, dir),
		Kernel:  gatedLists{d, e},
		Protect: prot.Check,
		Log:     d.log,
		Now:     d.now,
	}
	e.loaderNow.Store(e.loader)
	if err := e.loader.ApplyAll(ctx); err != nil {
		notes = append(notes, err.Error())
	}
	return notes
}

// gatedLists is the kernel as the block-list loader sees it: its changes
// take d.fwMu like every other kernel change (kernelgate.go). A list load
// stuck in the kernel (iptables waiting for the xtables lock another
// program holds, with the backend's own lock held) then holds the gate,
// which status names and which ban and unban give up on after kernelWait.
// Before, the load held only e.mu: a ban took the free gate and then
// waited behind the backend's lock with d.mu held, so the loop, ban,
// unban and every later admin call waited with it. Counts is a read.
//
// The loads run with e.mu held (start, the upkeep tick, a reload's
// configure), so a load stuck in the kernel holds e.mu too: a reload does
// not wait for it beyond the kernel wait (reloadEnrich), and e.loading
// names the list it gave up on.
type gatedLists struct {
	d *Daemon
	e *enrich
}

func (g gatedLists) SetList(ctx context.Context, name string, prefixes []netip.Prefix) error {
	g.e.loading.Store(&name)
	defer g.e.loading.Store(nil)
	g.d.fwMu.LockFor("load block list " + name)
	defer g.d.fwMu.Unlock()
	return g.d.fw.SetList(ctx, name, prefixes)
}

func (g gatedLists) RemoveList(ctx context.Context, name string) error {
	g.e.loading.Store(&name)
	defer g.e.loading.Store(nil)
	g.d.fwMu.LockFor("remove block list " + name)
	defer g.d.fwMu.Unlock()
	return g.d.fw.RemoveList(ctx, name)
}

func (g gatedLists) Counts(ctx context.Context) (firewall.Counts, error) { return g.d.fw.Counts(ctx) }

// reloadEnrich applies a reloaded policy's lists; its notes go into the
// reload result. It waits for them at most the kernel wait: a list load
// stuck in the kernel (iptables waiting for the xtables lock another
// program holds), this reload's own or one it queues behind on e.mu, made
// a reload, SIGHUP included, wait without limit. Past the wait it answers
// "kernel busy: block list <name> not reloaded yet" and the load goes on
// in the background under the daemon's context; late then gives its notes
// when the kernel has answered (nil when the load finished in time).
func (d *Daemon) reloadEnrich(cfg *rules.Config, pol *rules.Policy) (notes []string, late <-chan []string) {
	e := d.enrich.Load()
	if e == nil {
		return nil, nil
	}
	req := &confReq{cfg: cfg, pol: pol, done: make(chan []string, 1)}
	e.confMu.Lock()
	d.mu.Lock()
	current := d.cfg == cfg
	d.mu.Unlock()
	if !current {
		// A concurrent later reload swapped its config in: it queues
		// its own, which this one must not replace.
		e.confMu.Unlock()
		return nil, nil
	}
	if old := e.confNext; old != nil {
		// Not started: this reload's config replaces it (configure
		// would skip it anyway, its config no longer current).
		close(old.done)
	}
	e.confNext = req
	if !e.confWorker {
		e.confWorker = true
		go e.serveConfigure(d)
	}
	e.confMu.Unlock()
	done := req.done
	t := time.NewTimer(d.opts.KernelWait)
	defer t.Stop()
	select {
	case notes := <-done:
		return notes, nil
	case <-t.C:
	}
	note := "kernel busy: block lists not reloaded yet"
	if p := e.loading.Load(); p != nil {
		note = "kernel busy: block list " + *p + " not reloaded yet"
	}
	if op, since, held := d.fwMu.busy(); held {
		note += fmt.Sprintf(" (%s since %s; loads when the kernel answers)", op, since.UTC().Format(time.RFC3339))
	} else {
		note += " (loads when the kernel answers)"
	}
	return []string{note}, done
}

// confReq is one reload's configure; done gets its notes, or is closed
// when a newer reload replaced it before it started.
type confReq struct {
	cfg  *rules.Config
	pol  *rules.Policy
	done chan []string
}

// serveConfigure runs the waiting configure, the latest reload's, until
// none waits.
func (e *enrich) serveConfigure(d *Daemon) {
	for {
		e.confMu.Lock()
		req := e.confNext
		e.confNext = nil
		if req == nil {
			e.confWorker = false
			e.confMu.Unlock()
			return
		}
		e.confMu.Unlock()
		req.done <- e.configure(e.base, d, req.cfg, req.pol)
	}
}

// geoDB is the open geo database, nil when none (for the detector's
// per-country throttles and the event fields).
func (d *Daemon) geoDB() *geo.DB {
	e := d.enrich.Load()
	if e == nil {
		return nil
	}
	// Atomic, not e.mu: the loop calls this holding d.mu, and configure
	// holds e.mu while it takes d.mu.
	return e.geoNow.Load()
}

// countryFunc is the detector's per-country throttle hook: the geo
// database the daemon has open now (none: every country unknown), with a
// cache, since clients repeat. The detector calls it from the loop only.
func (d *Daemon) countryFunc() func(netip.Addr) string {
	return geo.NewCountryCache(d.geoDB, 1<<16).Country
}

// configureReputation starts, restarts or stops the reputation checker
// for cfg's [reputation]. Called with e.mu held.
func (e *enrich) configureReputation(d *Daemon, cfg *rules.Config) error {
	ctx := e.base
	r := cfg.Reputation
	key := fmt.Sprintf("%+v", r)
	if key == e.repKey && (e.rep.Load() != nil) == r.Enabled {
		return nil
	}
	e.stopReputation()
	e.repKey = key
	if !r.Enabled {
		return nil
	}
	apiKey := r.Key
	if r.KeyFile != "" {
		b, err := os.ReadFile(cfg.ListFile(r.KeyFile))
		if err != nil {
			return fmt.Errorf("reputation.key_file: %w", err)
		}
		apiKey = strings.TrimSpace(string(b))
	}
	c := reputation.New(reputation.Config{
		URL: r.URL, KeyHeader: r.KeyHeader, Key: apiKey,
		ListedField: r.ListedField, ConfidenceField: r.ConfidenceField, MinConfidence: r.MinConfidence,
		TTL: r.TTL, Timeout: r.Timeout, Concurrency: r.Concurrency, RatePerMinute: r.RatePerMinute,
	}, func(a reputation.Answer) { d.reputationAnswer(ctx, a) })
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); c.Run(runCtx) }()
	e.repStop, e.repDone = cancel, done
	e.rep.Store(c)
	d.log.Info("reputation checks on", "check", r.Check, "min_confidence", r.MinConfidence)
	return nil
}

func (e *enrich) stopReputation() {
	e.rep.Store(nil)
	if e.repStop != nil {
		e.repStop()
		<-e.repDone
		e.repStop, e.repDone = nil, nil
	}
}

// checkReputation queues a reputation check of the line's client when
// [reputation] asks for it: clients that fired a rule, or every client.
// It never blocks the loop. Called from the loop (d.mu held) for every
// judged line.
func (d *Daemon) checkReputation(ev *parser.Event, v *detector.Verdict) {
	e := d.enrich.Load()
	if e == nil || ev == nil || v.Allowed || v.Banned {
		return
	}
	c := e.rep.Load()
	if c == nil {
		return
	}
	if len(v.Hits) == 0 && d.cfg.Reputation.Check != "all" {
		return
	}
	// A client this node never bans (loopback, the allow list, trusted
	// proxies, its own addresses) or a private one is not sent to a third
	// party: the answer could change nothing, and the query leaks it.
	a := ev.Client.Unmap()
	if !a.IsValid() || a.IsPrivate() || d.prot.Check(netip.PrefixFrom(a, a.BitLen())) != nil {
		return
	}
	c.Check(ev.Client)
}

// reputationAnswer acts on a client the API lists: reputation.points are
// added to its rule points (a ban they complete goes the way of every
// detector ban), and reputation.ban bans it through the same path as a
// manual ban. Protected addresses are refused either way.
func (d *Daemon) reputationAnswer(ctx context.Context, a reputation.Answer) {
	if a.Err != nil {
		d.log.Debug("reputation check failed", "client", a.Addr, "err", a.Err)
		return
	}
	if !a.Listed {
		return
	}
	d.mu.Lock()
	ban, points, pol := d.cfg.Reputation.Ban, d.cfg.Reputation.Points, d.pol
	if points > 0 {
		// Points count with the client's rule points; the loop's path
		// decides and enforces a ban they complete.
		if dec := d.det.AddPoints(a.Addr, "reputation", points); dec != nil && dec.Action == detector.Ban {
			d.decide(dec)
			d.commit(ctx, false)
		}
	}
	d.mu.Unlock()
	if ban <= 0 {
		return
	}
	key := pol.ClientKey(a.Addr)
	_, err := d.Ban(ctx, control.BanRequest{Prefix: key, Duration: ban, Reason: fmt.Sprintf("reputation (confidence %.0f)", a.Confidence)})
	if err != nil {
		d.log.Warn("reputation: not banned", "client", key, "err", err)
		return
	}
	d.log.Info("reputation: banned a listed client", "client", key, "confidence", a.Confidence, "duration", ban)
}

// configureReporter (re)starts the ban reporter for cfg's [report].
// Called with e.mu held.
func (e *enrich) configureReporter(d *Daemon, cfg *rules.Config) error {
	e.stopReporter()
	r := cfg.Report
	key := r.Blocklist.Key
	if r.Blocklist.KeyFile != "" {
		b, err := os.ReadFile(cfg.ListFile(r.Blocklist.KeyFile))
		if err != nil {
			return fmt.Errorf("report.blocklist.key_file: %w", err)
		}
		key = strings.TrimSpace(string(b))
	}
	d.mu.Lock()
	prot := d.prot
	d.mu.Unlock()
	rp := report.New(report.Options{
		Events: r.Events, Retries: r.Retries, Backoff: r.Backoff, Queue: r.Queue, Timeout: r.Timeout,
		WebhookURL: r.Webhook.URL, WebhookBody: r.Webhook.Body, WebhookHeaders: r.Webhook.Headers,
		Command:      r.Command,
		BlocklistURL: r.Blocklist.URL, BlocklistKeyHeader: r.Blocklist.KeyHeader, BlocklistKey: key,
		Categories: r.Blocklist.Categories, DefaultCategory: r.Blocklist.Default,
		Protected: prot.Check, Log: d.log,
	})
	if rp == nil {
		return nil
	}
	cats := ruleCategories(cfg)
	e.categories.Store(&cats)
	ctx, cancel := context.WithCancel(e.base)
	done := make(chan struct{})
	go func() { defer close(done); rp.Run(ctx) }()
	e.repoStop, e.repoDone = cancel, done
	e.reporter.Store(rp)
	return nil
}

func (e *enrich) stopReporter() {
	e.reporter.Store(nil)
	if e.repoStop != nil {
		e.repoStop()
		<-e.repoDone
		e.repoStop, e.repoDone = nil, nil
	}
}

// ruleCategories maps every rule id of cfg to its category, for the
// blocklist's category mapping.
func ruleCategories(cfg *rules.Config) map[string]string {
	m := map[string]string{detector.RuleDeny: detector.CategoryDeny}
	for _, p := range patterns.Catalogue() {
		m[p.ID] = string(p.Category)
	}
	for _, p := range cfg.Patterns.Custom {
		m[p.ID] = firstNonEmpty(p.Category, string(patterns.Custom))
	}
	for _, t := range cfg.Throttles {
		m[t.ID] = detector.CategoryThrottle
	}
	return m
}

// tapEvents makes the event log (or, without daemon.event_log, a log that
// keeps nothing) hand every event to the reporter.
func (d *Daemon) tapEvents(l *eventLog) *eventLog {
	if l == nil {
		l = &eventLog{}
	}
	l.tap = d.reportEvent
	return l
}

// reportEvent queues a ban or an unban (an expiry is one) for the
// reporter. It never blocks: it runs wherever events are written.
func (d *Daemon) reportEvent(ev event) {
	e := d.enrich.Load()
	if e == nil {
		return
	}
	rp := e.reporter.Load()
	if rp == nil {
		return
	}
	action := ev.Action
	switch action {
	case "ban", "unban":
	case "expire":
		action = "unban"
	default:
		return // would_ban: passive mode enforces nothing, reports nothing
	}
	if ev.Node != "" {
		return // another cluster node decided it and reports it (and its lifting)
	}
	pfx, err := ipprefix.Parse(ev.Prefix)
	if err != nil {
		return
	}
	dur, _ := time.ParseDuration(ev.Duration)
	var cats []string
	if m := e.categories.Load(); m != nil {
		for _, r := range append([]string{ev.Reason}, ev.Rules...) {
			c, ok := (*m)[r]
			if !ok && strings.HasPrefix(r, "trap:") {
				c, ok = detector.CategoryTrap, true
			}
			if ok && !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
	}
	rp.Report(report.Event{Action: action, Prefix: pfx, Reason: ev.Reason, Rules: ev.Rules, Categories: cats,
		Duration: dur, Offence: ev.Offence, Origin: ev.Origin, Time: ev.TS})
}
