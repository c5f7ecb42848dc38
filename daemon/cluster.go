package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// Cluster mode (docs/cluster.md): every ban and unban this daemon decides
// is handed to the cluster node, which queues it on disk and publishes it
// to Redis; the node hands back the other nodes' decisions, which are
// applied here like local ones (protections first, kernel, then store),
// except that they are not published again.
//
// The hooks in the rest of the daemon are one call each and do nothing
// when [cluster] is off (d.cluster nil): clusterBanned in commit (loop.go)
// and Ban (service.go), clusterUnbanned in Unban (service.go), and
// startCluster in Run.

// clusterLink is the daemon's side of cluster mode.
type clusterLink struct {
	cfg  cluster.Config
	dir  string
	node atomic.Pointer[cluster.Node] // set while Run runs
	// refused counts remote decisions this node would not apply: bans of
	// its own address, loopback, the allow list; unbans its Unban refuses
	// as invalid.
	refused atomic.Uint64
	counter atomic.Pointer[cluster.Counter] // set while Run runs
	scoped  clusterRules                    // guarded by d.mu
}

// remoteKey marks a context of applying another node's decision: what is
// done under it is not published again.
type remoteKey struct{}

func fromRemote(ctx context.Context) bool { return ctx.Value(remoteKey{}) != nil }

// A remote ban's reason says which node decided it: "trap (from web-1)"
// (guardctl list shows it).
func remoteReason(reason, node string) string { return reason + " (from " + node + ")" }

// banNode is the cluster node that decided b, "" for this one: its stored
// Node. Going by the reason text took an own ban whose reason ends in
// "(from x)" (an admin's) for another node's: never published, nor again
// after a loss, lifted by liftMissing (review rr-B), logged as remote and
// not reported to the reputation feeds; and a remote ban whose reason the
// parser did not take for one (a node named "web(2)") was reported as
// this node's observation.
func banNode(b state.Ban) string { return b.DecidedBy() }

// remoteBan says whether another node decided b (banNode).
func remoteBan(b state.Ban) bool { return banNode(b) != "" }

// reasonNode is the node a reason written by remoteReason names, "" when
// it names none (state.ReasonNode). It remains for one kind of record
// only: a ban stored before the node was (a version-1 record, read
// NodeUnknown), whose reason is all that says where it came from.
func reasonNode(reason string) string { return state.ReasonNode(reason) }

// newClusterLink reads [cluster]; nil when it is off.
func newClusterLink(cfg *rules.Config, stateDir string) (*clusterLink, error) {
	if !cfg.Cluster.Enabled() {
		return nil, nil
	}
	cc, err := cluster.FromRules(cfg.Cluster)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	return &clusterLink{cfg: cc, dir: stateDir}, nil
}

// history is the detector's offence history: the store's, and with a
// cluster, also the offence number of a ban another node decided, so a
// client banned on web-1 that offends on web-2 gets the next, longer ban.
func (d *Daemon) history() detector.History {
	if d.cluster == nil {
		return d.store
	}
	return clusterHistory{d.store}
}

type clusterHistory struct{ s *state.Store }

func (h clusterHistory) Offences(key netip.Prefix, now time.Time, memory time.Duration) int {
	n := h.s.Offences(key, now, memory)
	if n == 0 {
		// A remote ban is stored with an offence record at its start:
		// without any record in memory there is none to look up (a
		// burst of new clients costs one store read each, not two).
		return 0
	}
	if b, ok, err := h.s.Ban(key); err == nil && ok && remoteBan(b) &&
		!b.Start.After(now) && now.Sub(b.Start) <= memory && b.Offence > n {
		n = b.Offence
	}
	return n
}

// startCluster runs the cluster node until the returned stop is called.
func (d *Daemon) startCluster(ctx context.Context) (stop func(), err error) {
	if d.cluster == nil {
		return func() {}, nil
	}
	// The Redis client's own messages go to this daemon's log, not to
	// stderr (a process-wide setting of go-redis: one daemon a process).
	cluster.RouteClientLogs(d.log)
	n, err := cluster.New(d.cluster.cfg, cluster.Options{Dir: d.cluster.dir, Logger: d.log, Now: d.now,
		Apply: d.applyRemote, Sync: d.clusterSync, OwnBans: d.clusterOwnBans, Version: d.opts.Version})
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	d.cluster.node.Store(n)
	c := n.Counter()
	d.cluster.counter.Store(c)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { n.Run(ctx) })
	wg.Go(func() { d.countFlusher(ctx, c) })
	d.log.Info("cluster mode", "node", n.Name(), "redis", d.cluster.cfg.Target(), "queue", filepath.Join(d.cluster.dir, cluster.OutboxFile))
	// The node's network work ends with ctx; its queue only when stop is
	// called, after the daemon's last commit (Run's deferred calls): every
	// ban decided until then is queued on disk for the next start.
	return func() {
		cancel()
		wg.Wait()
		d.sendHeldCounts(ctx, c)
		d.cluster.node.Store(nil)
		d.cluster.counter.Store(nil)
		if err := n.Close(); err != nil {
			d.log.Error("cluster: close the queue", "err", err)
		}
	}, nil
}

func (d *Daemon) clusterNode() *cluster.Node {
	if d.cluster == nil {
		return nil
	}
	return d.cluster.node.Load()
}

// clusterBanned publishes bans this node decided. Never blocks.
func (d *Daemon) clusterBanned(bans []state.Ban) {
	n := d.clusterNode()
	if n == nil || len(bans) == 0 {
		return
	}
	n.Publish(ownDecisions(bans)...)
}

// clusterOwnBans are this node's own active bans, published again when
// Redis lost the cluster's data (cluster/epoch.go).
func (d *Daemon) clusterOwnBans(context.Context) ([]cluster.Decision, error) {
	bans, err := d.store.ActiveBans(d.now())
	if err != nil {
		return nil, fmt.Errorf("read bans: %w", err)
	}
	return ownDecisions(bans), nil
}

// ownDecisions are the cluster decisions of bans, those another node
// decided left out.
func ownDecisions(bans []state.Ban) []cluster.Decision {
	ds := make([]cluster.Decision, 0, len(bans))
	for _, b := range bans {
		if remoteBan(b) {
			continue // another node's ban, published by it
		}
		dec := cluster.Decision{Op: cluster.OpBan, Prefix: b.Prefix, At: b.Start.UnixMilli(), Reason: clip(oneLine.Replace(b.Reason), 200),
			Offence: b.Offence, Origin: b.Origin.String()}
		for _, r := range b.Rules[:min(len(b.Rules), 32)] {
			dec.Rules = append(dec.Rules, clip(ruleID.Replace(r), 200))
		}
		if !b.Expires.IsZero() && !b.Expires.Equal(state.MaxTime()) {
			dec.Expires = b.Expires.UnixMilli()
		}
		ds = append(ds, dec)
	}
	return ds
}

// clusterUnbanned publishes an unban decided here (not one applied from
// another node). lifted are the bans it removed here.
func (d *Daemon) clusterUnbanned(ctx context.Context, all bool, nets []netip.Prefix, lifted []state.Ban) {
	n := d.clusterNode()
	if n == nil || fromRemote(ctx) {
		return
	}
	at := d.now().UnixMilli()
	if all {
		n.Publish(cluster.Decision{Op: cluster.OpUnbanAll, At: at})
		return
	}
	ps := make([]netip.Prefix, len(lifted))
	for i, b := range lifted {
		ps[i] = b.Prefix
	}
	ds := make([]cluster.Decision, 0, len(nets))
	for i, p := range nets {
		dec := cluster.Decision{Op: cluster.OpUnban, Prefix: p, At: at}
		if i == 0 {
			dec.Lifted = ps // the snapshot drops them all at once
		}
		ds = append(ds, dec)
	}
	n.Publish(ds...)
}

// A decision's reason is one line and its rule ids hold no comma (the
// payload's separators); an admin's reason or a trap path may.
var (
	oneLine = strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")
	ruleID  = strings.NewReplacer(",", "%2C", "\t", "%09", "\r", "%0D", "\n", "%0A")
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// applyRemote applies other nodes' decisions in order: runs of bans in one
// batch (kernel at once, store in one transaction, queued to the
// committer), unbans one by one through Unban. The node calls clusterSync
// before it saves its stream position, so that position never passes a
// ban that is not durable.
func (d *Daemon) applyRemote(ctx context.Context, b cluster.Batch) error {
	ctx = context.WithValue(ctx, remoteKey{}, true)
	// A run of bans is a sub-slice of the batch: no copy, and the set of
	// prefixes the snapshot keeps is built only for a snapshot (a map
	// insert per ban of every 100k burst otherwise).
	var keep map[netip.Prefix]bool
	if b.Snapshot {
		keep = make(map[netip.Prefix]bool, len(b.Decisions))
	}
	from := 0
	for i, dec := range b.Decisions {
		if dec.Op == cluster.OpBan {
			if keep != nil {
				keep[dec.Prefix] = true
			}
			continue
		}
		if err := d.applyRemoteBans(ctx, b.Decisions[from:i], b.Offset); err != nil {
			return err
		}
		from = i + 1
		req := control.UnbanRequest{All: dec.Op == cluster.OpUnbanAll}
		if !req.All {
			req.Prefixes = []netip.Prefix{dec.Prefix}
		}
		removed, err := d.Unban(ctx, req)
		if err != nil && len(removed) == 0 && errors.Is(err, control.ErrInvalid) {
			// One this node's Unban can never take (an unban of 0.0.0.0/0
			// an older node published): retried, it blocked every later
			// decision for good. Refused like a protected client's ban.
			d.cluster.refused.Add(1)
			d.log.Warn("cluster: refusing another node's invalid unban", "prefix", dec.Prefix, "node", dec.Node, "err", err)
			continue
		}
		if err != nil && len(removed) == 0 && !errors.Is(err, control.ErrKernel) {
			return fmt.Errorf("apply unban %s from %s: %w", dec.Prefix, dec.Node, err)
		}
		d.log.Info("cluster: unbanned by another node", "prefix", dec.Prefix, "node", dec.Node, "lifted", len(removed))
	}
	if err := d.applyRemoteBans(ctx, b.Decisions[from:], b.Offset); err != nil {
		return err
	}
	if b.Snapshot {
		return d.liftMissing(ctx, keep)
	}
	return nil
}

// applyRemoteBans enforces and stores a run of remote bans. A ban this
// node must not enforce (its own address, loopback, the allow list) is
// refused and logged; one that an equal or longer ban here already covers
// is skipped.
func (d *Daemon) applyRemoteBans(ctx context.Context, decs []cluster.Decision, offset time.Duration) error {
	if len(decs) == 0 {
		return nil
	}
	d.mu.Lock()
	now := d.now()
	bans := make([]state.Ban, 0, len(decs))
	offs := make([]state.Offence, 0, len(decs))
	// A burst's decisions mostly share their reason and node: one reason
	// string for a run of them, not a concatenation per ban.
	var lastReason, lastNode, reason string
	for i := range decs {
		dec := &decs[i]
		exp := dec.ExpiresAt(offset)
		if !exp.IsZero() && !exp.After(now) {
			continue // ended on the way
		}
		if max := state.MaxTime(); exp.After(max) {
			exp = max
		}
		if err := d.prot.Check(dec.Prefix); err != nil {
			d.cluster.refused.Add(1)
			d.log.Warn("cluster: refusing another node's ban of a protected client", "client", dec.Prefix, "node", dec.Node, "reason", dec.Reason, "err", err)
			continue
		}
		a, held := d.active.get(dec.Prefix)
		held = held && (a.expires.IsZero() || a.expires.After(now))
		if held && (a.expires.IsZero() || (!exp.IsZero() && !exp.After(a.expires))) {
			continue
		}
		origin, err := state.ParseOrigin(dec.Origin)
		if err != nil {
			origin = state.OriginAuto
		}
		start := time.UnixMilli(dec.At).Add(offset)
		if start.After(now) {
			start = now
		}
		if !exp.IsZero() && !exp.After(start) {
			start = exp.Add(-time.Millisecond)
		}
		if reason == "" || dec.Reason != lastReason || dec.Node != lastNode {
			lastReason, lastNode = dec.Reason, dec.Node
			reason = remoteReason(firstNonEmpty(dec.Reason, "ban"), dec.Node)
		}
		d.active.set(dec.Prefix, activeBan{expires: exp, reason: reason})
		bans = append(bans, state.Ban{Prefix: dec.Prefix, Reason: reason, Rules: dec.Rules, Start: start, Expires: exp,
			Offence: max(dec.Offence, 1), Origin: origin, Node: dec.Node})
		if !held {
			// A client banned here already: two nodes decided one
			// incident before either heard of the other. The longer ban
			// stands; a second offence would make the next ban escalate
			// one step too far.
			offs = append(offs, state.Offence{Key: dec.Prefix, At: start, Rule: reason})
		}
	}
	if len(bans) == 0 {
		d.mu.Unlock()
		return nil
	}
	j := job{batch: state.Batch{Put: bans, Offences: offs}}
	j.enforced, j.kernelErr = d.toKernel(ctx, bans)
	_, ok := d.commits.push(j)
	d.mu.Unlock()
	if !ok {
		return fmt.Errorf("apply %d remote bans: the state writer stopped", len(bans))
	}
	return nil
}

// clusterSync returns once every remote ban applied so far is durable in
// the store (the committer writes in order): the node then saves its
// stream position past them.
func (d *Daemon) clusterSync(ctx context.Context) error {
	ch := make(chan struct{})
	if _, ok := d.commits.push(job{barrier: ch}); !ok {
		return errors.New("cluster: the state writer stopped")
	}
	select {
	case <-ch:
		return nil
	case <-d.committerDone:
		return errors.New("cluster: the state writer stopped")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// liftMissing ends, after a snapshot, the other nodes' bans this node holds
// that the cluster no longer does: they were lifted while this node was
// away and the stream no longer says so. Its own bans are left alone (they
// may be queued for Redis still).
func (d *Daemon) liftMissing(ctx context.Context, keep map[netip.Prefix]bool) error {
	bans, err := d.store.ActiveBans(d.now())
	if err != nil {
		return fmt.Errorf("cluster: read bans: %w", err)
	}
	var gone []netip.Prefix
	for _, b := range bans {
		if remoteBan(b) && !keep[b.Prefix] {
			gone = append(gone, b.Prefix)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	d.log.Info("cluster: lifting bans the cluster lifted while this node was away", "count", len(gone))
	_, err = d.Unban(ctx, control.UnbanRequest{Prefixes: gone})
	if err != nil && !errors.Is(err, control.ErrKernel) {
		return err
	}
	return nil
}

// clusterStatus is the cluster part of `guardctl status`.
func (d *Daemon) clusterStatus() *control.ClusterStatus {
	s := d.clusterStats()
	if s == nil {
		return nil
	}
	return &control.ClusterStatus{Node: s.Node, Redis: s.Redis, Connected: s.Connected, Error: s.Error,
		OffsetMs: s.Offset.Milliseconds(), Position: s.Position, Published: s.Published, Applied: s.Applied,
		Queued: s.Queued, Dropped: s.Dropped, Refused: s.Refused, Malformed: s.Malformed, Snapshots: s.Snapshots}
}

// clusterStats is this node's cluster counters; nil without a cluster.
func (d *Daemon) clusterStats() *cluster.Stats {
	n := d.clusterNode()
	if n == nil {
		return nil
	}
	s := n.Stats()
	s.Refused = d.cluster.refused.Load()
	if c := d.cluster.counter.Load(); c != nil {
		s.Malformed += c.Malformed() // counts in Redis or replies that were not ours
	}
	return &s
}

// Cluster-scoped counting (throttle scope = "cluster"): every node counts
// the requests such a throttle matches into the node's Counter (the hot
// path: a match and an append to the rule's log, no lock of its own: it runs
// under d.mu), and a flusher combines the counts
// through Redis every batch interval. A client whose cluster-wide count
// passes the throttle's limit is banned here, through the loop's own path
// (decide, commit: kernel, store, published to the other nodes). The
// local detector still runs the throttle on this node's share, as before.

// clusterRules are the policy's cluster-scoped throttles, rebuilt when a
// reload swaps the policy. Guarded by d.mu.
type clusterRules struct {
	pol     *rules.Policy
	counter *cluster.Counter
	rules   []rules.Throttle
	tables  []*cluster.Rule // the counter's table of each rule
}

func (l *clusterLink) rulesFor(cfg *rules.Config, pol *rules.Policy) []rules.Throttle {
	return l.scopedFor(cfg, pol).rules
}

func (l *clusterLink) scopedFor(cfg *rules.Config, pol *rules.Policy) *clusterRules {
	c := l.counter.Load()
	if l.scoped.pol == pol && l.scoped.counter == c {
		return &l.scoped
	}
	scope := map[string]bool{}
	for _, t := range cfg.Throttles {
		if t.Scope == rules.ScopeCluster && !t.Disabled {
			scope[t.ID] = true
		}
	}
	var out []rules.Throttle
	for _, t := range pol.Throttles {
		if scope[t.ID] {
			out = append(out, t)
		}
	}
	l.scoped = clusterRules{pol: pol, counter: c, rules: out}
	if c != nil {
		for _, t := range out {
			// A node's claim of an incident lasts a few seconds (the
			// ban's way to every node), or the shortest ban the throttle
			// gives if that is shorter, so that a client back after its
			// ban is counted afresh: while it lasts, the client's counts
			// are discarded on every node. Not the ban's length: a claim
			// whose node never bans (crashed, or the client is
			// protected there: loopback, a trusted proxy, its own address;
			// an allow-listed client is not counted) would hold the
			// incident from every node that long.
			hold := escalated(pol.Escalation, t.Ban, 1)
			l.scoped.tables = append(l.scoped.tables, c.RuleHeld(t.ID, t.Window, t.Limit, hold))
		}
	}
	return &l.scoped
}

// clusterCount counts one judged event for the cluster-scoped throttles
// it matches. Called by the loop with d.mu held.
func (d *Daemon) clusterCount(ev *parser.Event, v detector.Verdict) {
	if d.cluster == nil || ev == nil || v.Allowed || v.Banned || !v.Key.IsValid() {
		return
	}
	sc := d.cluster.scopedFor(d.cfg, d.pol)
	if len(sc.rules) == 0 || sc.counter == nil {
		return
	}
	for i := range sc.rules {
		if throttleMatches(&sc.rules[i], ev) {
			sc.counter.Add(sc.tables[i], v.Key)
		}
	}
}

// throttleMatches is the throttle's scope applied to one event: kind,
// method, status, path (as logged, not decoded).
func throttleMatches(t *rules.Throttle, ev *parser.Event) bool {
	if ev.Kind != t.Event || (len(t.Sources) > 0 && !slices.Contains(t.Sources, ev.Source)) {
		return false
	}
	if len(t.Methods) > 0 && !slices.ContainsFunc(t.Methods, func(m string) bool { return bytes.EqualFold(ev.Method, []byte(m)) }) {
		return false
	}
	if len(t.Statuses) > 0 && !slices.Contains(t.Statuses, ev.Status) {
		return false
	}
	if m := t.Path; m != nil {
		switch {
		case m.Exact != "":
			return string(ev.Path) == m.Exact
		case m.Prefix != "":
			return bytes.HasPrefix(ev.Path, []byte(m.Prefix))
		case m.Regex != nil:
			return m.Regex.Match(ev.Path)
		}
	}
	return true
}

// countFlusher combines the cluster-scoped counts every batch interval
// and bans the clients over a limit. With nothing to send it sleeps
// until the next counted event (cluster/park.go): no ticker while idle.
func (d *Daemon) countFlusher(ctx context.Context, c *cluster.Counter) {
	every := d.cluster.cfg.BatchInterval
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	var dropped uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !failing {
			d.mu.Lock()
			park := c.Park()
			d.mu.Unlock()
			if park {
				t.Stop()
				select {
				case <-ctx.Done():
					return
				case <-c.Woken():
				}
				// The event that woke it is sent one batch interval
				// later, as a running ticker would have.
				t.Reset(every)
				continue
			}
		}
		// Add runs under d.mu (the loop judging lines) and takes no lock
		// of its own: the logs are taken under d.mu too, and sent
		// outside it.
		d.mu.Lock()
		c.Take()
		d.mu.Unlock()
		if n := c.Dropped(); n > dropped {
			d.log.Warn("cluster-scoped counts dropped: more events between two flushes than a rule's log holds (Redis slow?); this node's detector still counts them", "events", n-dropped, "total", n)
			dropped = n
		}
		totals, err := c.Send(ctx, d.now())
		// Totals come back with an error too (the calls that went
		// through): each is an incident Redis claimed for this node, which
		// no other node will ban.
		for _, tot := range totals {
			d.clusterOverLimit(ctx, tot)
		}
		if err != nil {
			if !failing && ctx.Err() == nil {
				d.log.Warn("cluster-scoped counts not combined (Redis unreachable or refused, see err): those throttles count on this node alone meanwhile", "err", err)
			}
			failing = true
			continue
		}
		failing = false
	}
}

// heldSendTimeout bounds the last send of a stopping node's counts: a
// Redis that is down must not hold up the daemon's stop longer.
const heldSendTimeout = 2 * time.Second

// sendHeldCounts sends, once the daemon's loop has ended, the counts this
// node still holds: events since the last flush and the counts held
// under its shares (cluster/share.go), as if every client's share were
// 1. Without it a restart or an upgrade took up to limit/(2N) - 1 events
// per client and rule out of the cluster-wide counts (review rev-scale
// s9). A node that crashes loses them still (docs/cluster.md).
func (d *Daemon) sendHeldCounts(ctx context.Context, c *cluster.Counter) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), heldSendTimeout)
	defer cancel()
	d.mu.Lock()
	c.Take()
	d.mu.Unlock()
	clients, events := c.Held()
	if events == 0 {
		return
	}
	// The client's calls bound themselves by its read timeout (3 s), not
	// by ctx: the send runs aside and is given up at ctx's end (the
	// node's Close then ends the call).
	type result struct {
		totals []cluster.Total
		err    error
	}
	done := make(chan result, 1)
	go func() {
		totals, err := c.SendHeld(ctx, d.now())
		done <- result{totals, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		res.err = fmt.Errorf("no answer within %v", heldSendTimeout)
	}
	for _, tot := range res.totals {
		d.clusterOverLimit(ctx, tot)
	}
	err := res.err
	if err != nil {
		d.log.Warn("cluster: counts this node held not sent at its stop: the cluster-wide counts miss up to these", "clients", clients, "events", events, "err", err)
		return
	}
	d.log.Info("cluster: counts this node held sent at its stop", "clients", clients, "events", events)
}

// clusterOverLimit bans a client whose cluster-wide count of a throttle
// passed its limit, with this node's escalation (the shared offence
// history makes it the cluster's). Redis claimed the incident for this
// node and reset the client's count: no other node decides it.
func (d *Daemon) clusterOverLimit(ctx context.Context, tot cluster.Total) {
	d.mu.Lock()
	var th *rules.Throttle
	for _, r := range d.cluster.rulesFor(d.cfg, d.pol) {
		if r.ID == tot.Rule {
			th = &r
			break
		}
	}
	if th == nil || tot.Count <= float64(th.Limit) {
		d.mu.Unlock()
		return
	}
	now := d.now()
	if a, ok := d.active.get(tot.Client); ok && (a.expires.IsZero() || a.expires.After(now)) {
		d.mu.Unlock()
		return
	}
	esc := d.pol.Escalation
	n := 1
	if esc.OffenceMemory > 0 {
		n += d.history().Offences(tot.Client, now, esc.OffenceMemory)
	}
	d.decide(&detector.Decision{Key: tot.Client, Action: detector.Ban, At: now, Duration: escalated(esc, th.Ban, n),
		Offence: n, Rules: []string{th.ID}, Passive: d.pol.Mode == rules.Passive})
	d.commit(ctx, false)
	d.mu.Unlock()
	d.log.Info("cluster-scoped throttle over its limit", "client", tot.Client, "rule", th.ID, "count", int(tot.Count), "limit", th.Limit, "offence", n)
}

// escalated is the ban length of the n-th offence, as the detector's
// escalation computes it (base times multiplier^(n-1), capped at max_ban,
// at least blacklist_ban from blacklist_after on).
func escalated(esc rules.Escalation, base time.Duration, n int) time.Duration {
	if base <= 0 {
		base = esc.BaseBan
	}
	if base <= 0 {
		base = 10 * time.Minute
	}
	d := float64(base)
	for i := 1; i < n && d < float64(100*365*24*time.Hour); i++ {
		d *= max(esc.Multiplier, 1)
	}
	out := time.Duration(min(d, float64(100*365*24*time.Hour)))
	if esc.MaxBan > 0 && out > esc.MaxBan {
		out = max(esc.MaxBan, base)
	}
	if esc.BlacklistAfter > 0 && n >= esc.BlacklistAfter && esc.BlacklistBan > out {
		out = esc.BlacklistBan
	}
	return out
}
