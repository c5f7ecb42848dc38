package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/tailer"
)

// maxRunLines bounds how many lines the loop judges before it commits, so
// a burst cannot delay the first ban in it by more than a few milliseconds
// of judging.
const maxRunLines = 8192

// After a burst of at least releaseAfterLines lines followed by releaseIdle
// without any, the loop returns the heap's free memory to the system.
const (
	releaseAfterLines = 100_000
	releaseIdle       = 5 * time.Second
)

// pending is what the loop has judged but not yet written.
type pending struct {
	bans     []state.Ban
	offences []state.Offence
	// pos holds the latest position of every followed file, whether saved
	// or not; dirty says some changed since the last save.
	pos     map[state.FileID]state.Position
	drop    []state.FileID
	dirty   bool
	savedAt time.Time
}

// loop judges lines until ctx is done. A run of lines is whatever the
// tailer has queued (it batches per read), capped at maxRunLines: under a
// burst, the time one commit takes is the time the next run gathers, so
// commits get bigger, not more frequent, and latency stays one commit.
func (d *Daemon) loop(ctx context.Context, fail context.CancelCauseFunc, lines chan []tailer.Line) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	d.heartbeat.Store(d.now().UnixNano())
	var lastRate time.Time
	var burst uint64 // lines judged since memory was last given back
	lastLine := d.now()
	for {
		select {
		case <-ctx.Done():
			return
		case b := <-lines:
			d.mu.Lock()
			lastLine = d.now()
			n := d.handle(b, lastLine)
			d.fol.release(b)
		more:
			for n < maxRunLines {
				select {
				case b = <-lines:
					n += d.handle(b, d.now())
					d.fol.release(b)
				default:
					break more
				}
			}
			d.commit(ctx, false)
			d.mu.Unlock()
			burst += uint64(n)
		case <-d.refollow:
			d.mu.Lock()
			d.commit(ctx, false)
			d.refollowSources(ctx, fail, lines)
			d.mu.Unlock()
		case <-tick.C:
			now := d.now()
			d.heartbeat.Store(now.UnixNano())
			d.mu.Lock()
			d.commit(ctx, false)
			if now.Sub(lastRate) >= 5*time.Second {
				lastRate = now
				for _, s := range d.sources {
					s.rate.sample(now, s.lines)
				}
			}
			d.mu.Unlock()
			if burst >= releaseAfterLines && now.Sub(lastLine) >= releaseIdle {
				// A burst grew the heap to twice its peak live size and the
				// runtime keeps it; give it back once the burst is over.
				burst = 0
				debug.FreeOSMemory()
			}
		}
	}
}

// housekeeping runs the periodic work that reads or rewrites much of the
// store or asks the kernel, off the loop so that judging never waits for
// it (expiring 100,000 bans is one write transaction over all of them):
// every HealthEvery, ended bans leave the store, the kernel side is
// checked, the host's addresses are read again and systemd gets a status
// line; every 10 minutes old offence history is pruned.
func (d *Daemon) housekeeping(ctx context.Context) {
	tick := time.NewTicker(d.opts.HealthEvery)
	defer tick.Stop()
	lastPrune := d.now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		d.expire(ctx)
		d.checkHealth(ctx)
		d.mu.Lock()
		prot := d.prot // a reload swaps it under d.mu
		d.mu.Unlock()
		if err := prot.Refresh(); err != nil {
			d.log.Warn("refresh host addresses", "err", err)
		}
		d.notify("STATUS=" + d.summary())
		if now := d.now(); now.Sub(lastPrune) >= 10*time.Minute {
			lastPrune = now
			d.prune()
		}
	}
}

// handle judges one tailer batch and notes the positions after it. Every
// line is judged before it returns, the ones held for format detection
// too: the loop then gives the batch's memory back to the tailer
// (follower.release), which reads the next lines into it, so nothing may
// keep a line's Data past handle (the pipeline, the detector and the
// cluster counters keep copies, hashes and prefixes, never the bytes).
// at stamps the batch's lines as seen (a source's last line): one clock
// read a batch, not one a line (the stepped clock's read, two time.Now and
// a mutex, was 9-11 % of a node's CPU per line in ClusterWarmThroughput's
// profiles, session 14); a batch is one read of the tailer, so the stamp
// is late by at most the time judging the batch takes.
func (d *Daemon) handle(batch []tailer.Line, at time.Time) int {
	n := 0
	var held *source
	for i := range batch {
		l := &batch[i]
		if l.Data != nil {
			n++
			s := d.bySrc[filepath.Clean(l.Source)]
			switch {
			case s == nil:
				// A source removed by a reload; its tailer is gone soon.
			case s.proc == nil:
				if held != nil && held != s {
					// Neither the tailer (one file a batch) nor a
					// journal source (one line a batch) mixes
					// sources; were a batch to, a source's held lines
					// must still not outlive it (the batch is given
					// back after handle). Tested by
					// TestRecycledBytesNotKeptMixedBatch.
					d.detect(held, at)
				}
				s.held = append(s.held, l.Data)
				held = s
			default:
				d.judge(s, l.Data, at)
			}
		}
		id := state.FileID{Dev: l.Pos.Dev, Inode: l.Pos.Inode}
		if l.Closed {
			delete(d.pend.pos, id)
			d.pend.drop = append(d.pend.drop, id)
		} else if l.Pos.Path != "" {
			d.pend.pos[id] = toStored(l.Pos)
		}
		d.pend.dirty = true
	}
	// A batch holds lines of one file: detect its format now, so held
	// lines are judged before their positions can be saved.
	if held != nil {
		d.detect(held, at)
	}
	return n
}

// judge runs one line through the pipeline and queues its ban, if any;
// at is when its batch was read (handle).
func (d *Daemon) judge(s *source, line []byte, at time.Time) {
	s.lines++
	out, ev, v, reason := s.proc.Process(line)
	switch out {
	case pipeline.Skipped:
		s.skipped[reason]++
		return
	case pipeline.OutOfRange:
		return
	}
	s.lastLine = at
	d.checkReputation(ev, &v)
	d.clusterCount(ev, v)
	for _, h := range v.Hits {
		d.opts.Metrics.RuleHit(h.Rule, h.Category)
	}
	if v.Decision != nil && v.Decision.Action == detector.Ban {
		d.decide(v.Decision)
	}
}

// decide turns a detector decision into a pending ban: unless the policy is
// passive, the client is protected, or it is under a ban already.
func (d *Daemon) decide(dec *detector.Decision) {
	key := dec.Key
	reason := reasonOf(dec)
	if dec.Passive || d.pol.Mode == rules.Passive {
		d.log.Info("would ban (passive mode)", "client", key, "reason", reason, "rules", dec.Rules, "duration", dec.Duration, "offence", dec.Offence)
		d.events.write(event{Action: "would_ban", Prefix: key.String(), Reason: reason, Rules: dec.Rules, Duration: dec.Duration.String(), Offence: dec.Offence, Origin: "auto"}, d.now())
		d.events.flush()
		return
	}
	if err := d.prot.Check(key); err != nil {
		d.protected++
		d.log.Warn("not banning a protected client", "client", key, "reason", reason, "rules", dec.Rules, "err", err)
		return
	}
	now := d.now()
	var expires time.Time
	if dec.Duration > 0 {
		expires = expiry(now, dec.Duration)
	}
	// The detector does not know the bans of earlier runs or manual ones:
	// a client under a ban (seen through a proxy the kernel cannot filter,
	// or a line logged before the kernel dropped it) is not banned again,
	// as the detector would not within one run.
	if a, ok := d.active.get(key); ok && (a.expires.IsZero() || a.expires.After(now)) {
		return
	}
	d.active.set(key, activeBan{expires: expires, reason: reason})
	d.pend.bans = append(d.pend.bans, state.Ban{
		Prefix: key, Reason: reason, Rules: dec.Rules, Start: now, Expires: expires,
		Offence: dec.Offence, Origin: state.OriginAuto,
	})
	// The history counts in event time, as the detector asks it; a line
	// with an unusable time must not make the whole batch unwritable.
	at := dec.At
	if at.Unix() <= 0 || at.After(now.Add(24*time.Hour)) {
		at = now
	}
	d.pend.offences = append(d.pend.offences, state.Offence{Key: key, At: at, Rule: reason})
}

func reasonOf(dec *detector.Decision) string {
	if len(dec.Rules) > 0 {
		return dec.Rules[0]
	}
	return "ban"
}

// commit hands what the loop judged to the kernel and the store. New bans
// go to the kernel at once, from this goroutine; the store write (an
// fsync, which can take hundreds of milliseconds on a busy disk) runs on
// the committer goroutine while the loop judges the next lines. A ban is
// reported (event log, service log) only once it is durable.
//
// Enforcing before the write is safe: the read positions after the lines
// that produced a ban are written in the same transaction as the ban, so a
// crash before that transaction re-reads those lines and decides the same
// ban again; the element the kernel got early is either re-added or, if the
// line is never re-judged, removed by the next start's reconciliation.
//
// Without bans, positions are handed over at most every PositionEvery
// unless force. Called with d.mu held.
func (d *Daemon) commit(ctx context.Context, force bool) {
	p := &d.pend
	if len(p.bans) == 0 {
		if !p.dirty || (!force && d.now().Sub(p.savedAt) < d.opts.PositionEvery) {
			return
		}
	}
	j := job{batch: state.Batch{Put: p.bans, Offences: p.offences, DropPositions: p.drop}}
	if p.dirty {
		j.batch.Positions = make([]state.Position, 0, len(p.pos))
		for _, pos := range p.pos {
			j.batch.Positions = append(j.batch.Positions, pos)
		}
	}
	p.bans, p.offences, p.drop = nil, nil, nil
	p.dirty, p.savedAt = false, d.now()
	if len(j.batch.Put) > 0 {
		d.clusterBanned(j.batch.Put)
	}
	// The enforcer loads the bans into the kernel while the loop judges
	// on; the committer then makes them durable. Neither blocks the loop.
	if _, ok := d.commits.push(j); !ok {
		d.log.Error("state writer stopped; batch dropped", "bans", len(j.batch.Put))
	}
}

// enforcer takes the batches the loop queued (d.commits), loads their new
// bans into the kernel, several queued batches in one call, and hands every
// batch on, in order, to the committer (d.durable). It runs beside the
// loop, so under a burst the kernel takes one run's bans while the loop
// judges the next run. Batches another part of the daemon already loaded
// (enforced set) are passed on as they are.
func (d *Daemon) enforcer(ctx context.Context) {
	defer d.durable.close()
	for {
		jobs, ok := d.commits.take()
		if !ok {
			return
		}
		var bans []state.Ban
		for _, j := range jobs {
			if j.enforced.IsZero() && j.kernelErr == nil {
				bans = append(bans, j.batch.Put...)
			}
		}
		var at time.Time
		var kerr error
		if len(bans) > 0 {
			at, kerr = d.toKernel(ctx, bans)
		}
		n := 0
		for _, j := range jobs {
			n += len(j.batch.Put)
			if j.enforced.IsZero() && j.kernelErr == nil && len(j.batch.Put) > 0 {
				j.enforced, j.kernelErr = at, kerr
			}
			if dropped, ok := d.durable.push(j); !ok {
				d.log.Error("state writer stopped; batch dropped", "bans", len(j.batch.Put))
			} else if dropped > 0 {
				d.log.Error("state backlog full: bans enforced in the kernel but not stored; a restart before they end lifts them",
					"dropped", dropped, "backlog_limit", maxBacklogBans)
			}
		}
		d.commits.written(n)
	}
}

// job is one batch for the committer.
type job struct {
	batch     state.Batch
	enforced  time.Time // when the kernel accepted the bans
	kernelErr error
	barrier   chan struct{} // closed once everything before it is durable
}

// toKernel loads new bans into the kernel with their remaining time.
func (d *Daemon) toKernel(ctx context.Context, bans []state.Ban) (time.Time, error) {
	now := d.now()
	fwb := make([]firewall.Ban, 0, len(bans))
	for _, b := range bans {
		fwb = append(fwb, firewall.Ban{Prefix: b.Prefix, Timeout: remaining(b.Expires, now)})
	}
	d.fwMu.LockFor("load " + strconv.Itoa(len(fwb)) + " bans")
	call := time.Now()
	err := d.fw.Ban(ctx, fwb)
	d.opts.Metrics.KernelCall("ban", time.Since(call))
	d.fwMu.Unlock()
	at := d.now()
	if err != nil {
		// The health check puts every active stored ban back into the
		// kernel once the store has them.
		d.setUnhealthy(err)
		d.log.Error("load bans into the kernel", "bans", len(fwb), "err", err)
		return at, err
	}
	for _, b := range bans {
		d.opts.Metrics.LineToKernel(at.Sub(b.Start), 1) // Start: when its line was judged
	}
	if d.opts.KernelHook != nil {
		ps := make([]netip.Prefix, len(bans))
		for i, b := range bans {
			ps[i] = b.Prefix
		}
		d.opts.KernelHook(ps, at)
	}
	return at, nil
}

// committer writes the loop's batches to the store in order. Batches that
// queued up while a write was in progress are merged into one transaction
// (group commit), so a slow fsync makes the next write bigger, not later.
//
// A write that fails (a full disk) is retried every second, with whatever
// queued meanwhile merged in (folded: one set of read positions, however
// many batches moved them), until it succeeds or the daemon stops:
// nothing after it may be written first, or a position could pass an
// unstored ban. The loop is not held up meanwhile (commitQueue). A batch
// the store can never hold (state.ErrInvalid) is not retried: its invalid
// records are dropped, counted and logged, and the rest is written.
func (d *Daemon) committer(ctx context.Context) {
	defer close(d.committerDone)
	for {
		jobs, ok := d.durable.take()
		if !ok {
			return
		}
		d.durable.holding(len(jobs))
		durable := false
		var b state.Batch
		for attempt := 1; ; attempt++ {
			b = merge(jobs)
			t0 := time.Now()
			_, err := d.store.Write(b)
			if err == nil {
				durable = true
				if attempt > 1 {
					d.log.Info("state writable again; backlog written", "bans", len(b.Put), "attempts", attempt)
				} else if len(b.Put) > 0 {
					d.log.Debug("committed", "bans", len(b.Put), "batches", len(jobs), "store", time.Since(t0))
				}
				d.storeHealth.ok()
				break
			}
			if errors.Is(err, state.ErrInvalid) {
				jobs = d.dropInvalid(jobs, err)
				continue
			}
			d.storeHealth.failed(err, d.now())
			d.opts.Metrics.StoreError()
			if attempt == 1 || attempt%60 == 0 {
				d.log.Error("write state; bans stay enforced in the kernel and wait in memory", "bans", len(b.Put), "attempt", attempt, "err", err)
			}
			if ctx.Err() != nil {
				break
			}
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			jobs = d.durable.more(jobs)
		}
		if durable {
			d.report(jobs)
		} else if len(b.Put) > 0 {
			// Stopping with a store that refuses writes: these bans are in
			// the kernel only; their lines are judged again next start.
			d.log.Error("bans not durable at stop", "bans", len(b.Put))
		}
		d.durable.written(len(b.Put))
		d.releaseBarriers(jobs)
		d.durable.holding(0)
	}
}

// dropInvalid removes from jobs every record the store refuses for good
// (state.ErrInvalid), so that one bad record cannot wedge the writer and
// everything queued behind it. When no single record is found invalid the
// refusal came from the batch as a whole, and every ban and offence of it is
// dropped (positions are kept).
func (d *Daemon) dropInvalid(jobs []job, err error) []job {
	n := 0
	var bans int
	for i := range jobs {
		b := &jobs[i].batch
		bans += len(b.Put)
		b.Put = slices.DeleteFunc(b.Put, func(x state.Ban) bool {
			if e := state.ValidateBan(x); e != nil {
				n++
				d.log.Error("dropping a ban the store cannot hold (not retried)", "client", ipprefix.String(x.Prefix), "expires", x.Expires, "err", e)
				return true
			}
			return false
		})
		b.Offences = slices.DeleteFunc(b.Offences, func(o state.Offence) bool {
			if e := state.ValidateOffence(o); e != nil {
				n++
				d.log.Error("dropping an offence the store cannot hold (not retried)", "client", o.Key, "err", e)
				return true
			}
			return false
		})
	}
	if n == 0 {
		for i := range jobs {
			n += len(jobs[i].batch.Put) + len(jobs[i].batch.Offences)
			jobs[i].batch.Put, jobs[i].batch.Offences, jobs[i].batch.Delete = nil, nil, nil
		}
		d.log.Error("the store refused a batch; its bans and offences are dropped (not retried)", "records", n, "err", err)
	}
	left := 0
	for i := range jobs {
		left += len(jobs[i].batch.Put)
	}
	d.durable.written(bans - left)
	d.storeHealth.poison(n, err.Error())
	return jobs
}

func (d *Daemon) releaseBarriers(jobs []job) {
	for i := range jobs {
		if jobs[i].barrier != nil {
			close(jobs[i].barrier)
			jobs[i].barrier = nil
		}
	}
}

// merge folds queued batches into one. Every batch with positions carries
// all of them, so the last one wins; drops accumulate (DropPositions is
// applied before Positions, so a file dropped and seen again stays).
func merge(jobs []job) state.Batch {
	if len(jobs) == 1 {
		return jobs[0].batch
	}
	var b state.Batch
	for _, j := range jobs {
		b.Put = append(b.Put, j.batch.Put...)
		b.Offences = append(b.Offences, j.batch.Offences...)
		b.DropPositions = append(b.DropPositions, j.batch.DropPositions...)
		if j.batch.Positions != nil {
			b.Positions = j.batch.Positions
		}
	}
	return b
}

// report logs durable bans to the event log and the service log. The
// service log's per-ban line is built only when info is on (its
// arguments cost allocations per ban otherwise), and another node's bans
// (cluster) get one line per batch: they are that node's decisions, each
// logged there.
func (d *Daemon) report(jobs []job) {
	now := d.now()
	info := d.log.Enabled(context.Background(), slog.LevelInfo)
	for _, j := range jobs {
		remote := 0
		for _, b := range j.batch.Put {
			dur := "permanent"
			if !b.Expires.IsZero() {
				dur = b.Expires.Sub(b.Start).String()
			}
			ev := event{Action: "ban", Prefix: b.Prefix.String(), Reason: b.Reason, Rules: b.Rules, Duration: dur, Offence: b.Offence, Origin: b.Origin.String(), Node: banNode(b)}
			if j.kernelErr == nil {
				ev.Enforced = j.enforced.UTC()
			}
			d.events.write(ev, now)
			d.opts.Metrics.Ban(banMetric(b))
			switch {
			case !info:
			case ev.Node != "":
				remote++
			default:
				d.log.Info("banned", "client", ipprefix.String(b.Prefix), "reason", b.Reason, "rules", b.Rules, "duration", dur, "offence", b.Offence, "origin", b.Origin, "in_kernel", j.kernelErr == nil)
			}
		}
		if remote > 0 {
			d.log.Info("banned (decided by other cluster nodes)", "bans", remote, "in_kernel", j.kernelErr == nil)
		}
	}
	d.events.flush()
}

// barrierWait bounds how long an admin change waits for the queued bans to
// become durable before it gives up with errStoreBusy.
const barrierWait = 5 * time.Second

// errStoreBusy: an admin change could not be ordered after the queued bans
// because the store is not taking writes.
var errStoreBusy = errors.New("the state store is not taking writes")

// barrier waits until every batch handed to the committer so far is
// durable. Admin changes call it (with d.mu held) so that a queued ban
// cannot land in the store after an unban of it. It gives up at once when
// the store is failing, and after barrierWait otherwise, so that an admin
// call answers and the loop, waiting for d.mu, is not held for long.
func (d *Daemon) barrier() error {
	if msg, bad := d.storeHealth.failing(); bad {
		return fmt.Errorf("%w: %s", errStoreBusy, msg)
	}
	ch := make(chan struct{})
	if _, ok := d.commits.push(job{barrier: ch}); !ok {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-d.committerDone:
		return nil
	case <-time.After(barrierWait):
		msg, _ := d.storeHealth.failing()
		return fmt.Errorf("%w: queued bans not durable after %s %s", errStoreBusy, barrierWait, msg)
	}
}

// remaining is the kernel timeout for a ban until expires: the time left,
// at least a second (a zero timeout would mean forever).
func remaining(expires, now time.Time) time.Duration {
	if expires.IsZero() {
		return 0
	}
	return max(expires.Sub(now).Round(time.Second), time.Second)
}

// expire drops ended bans from the store and the loop's memory; the kernel
// has already dropped their elements on its own timeouts.
func (d *Daemon) expire(ctx context.Context) {
	now := d.now()
	removed, err := d.store.ExpireBans(now)
	if err != nil {
		d.log.Error("expire bans", "err", err)
		return
	}
	if len(removed) == 0 {
		return
	}
	// Each removal stands alone: d.mu is let go every countChunk of them.
	for chunk := range slices.Chunk(removed, countChunk) {
		d.mu.Lock()
		for _, b := range chunk {
			if a, ok := d.active.get(b.Prefix); ok && !a.expires.IsZero() && !a.expires.After(now) {
				d.active.del(b.Prefix)
			}
		}
		d.mu.Unlock()
	}
	// The event log has a lock of its own: tens of thousands of bans
	// ending together are not written out while the loop waits for d.mu.
	for _, b := range removed {
		d.events.write(event{Action: "expire", Prefix: b.Prefix.String(), Reason: b.Reason, Rules: b.Rules, Offence: b.Offence, Origin: b.Origin.String(), Node: banNode(b)}, now)
	}
	d.events.flush()
	d.log.Info("bans expired", "count", len(removed))
	var wide []netip.Prefix
	for _, b := range removed {
		if !b.Prefix.IsSingleIP() {
			wide = append(wide, b.Prefix)
		}
	}
	if len(wide) > 0 {
		d.releaseMerged(ctx, wide)
	}
}

// releaseMerged lifts ended network bans from the kernel. The kernel merged
// any ban inside such a network into the network's element with the longer
// timeout (firewall.Plan), so that element can outlive the network's own
// ban and keep every address in it blocked; it is removed and the bans
// still active inside it are loaded again on their own.
//
// The networks go releaseChunk at a time. For each chunk, the bans to load
// again come from d.active (the store's bans and those still on their way
// to it), read in one pass under d.mu through a prefix index of the
// chunk; fwMu is taken before d.mu is let go (the order every path uses),
// so a ban or unban after that read reaches the kernel after the chunk.
// The kernel calls run with fwMu only: the loop judges on meanwhile, and
// the ban path waits for one chunk, not for all. (It asked the store for
// each network, after a barrier, and called the kernel, all under d.mu:
// 2.4 s of no judging for 30k expired /64s among 100k bans.)
func (d *Daemon) releaseMerged(ctx context.Context, nets []netip.Prefix) {
	for chunk := range slices.Chunk(nets, releaseChunk) {
		if err := d.releaseNets(ctx, chunk); err != nil {
			d.setUnhealthy(err)
			d.log.Error("release expired network bans", "networks", len(nets), "err", err)
			return
		}
	}
}

// releaseChunk bounds the networks one kernel call lifts: with 100k bans
// loaded the ban path waited up to 0.9 s for 30k networks in one call, up
// to 0.2 s in chunks of 1024 (BenchmarkReleaseMerged, load ~10).
const releaseChunk = 1024

func (d *Daemon) releaseNets(ctx context.Context, nets []netip.Prefix) error {
	x := newPrefixIndex(nets, false)
	var keep []firewall.Ban
	// Never waits for the kernel with d.mu held: the loop judges on
	// behind a stuck kernel call.
	d.fwMu.lockAfter(&d.mu, "release expired networks", func() {
		now := d.now()
		keep = keep[:0]
		for p, a := range d.active.all() {
			if a.lasts(now) && x.within(p, false) {
				keep = append(keep, firewall.Ban{Prefix: p, Timeout: remaining(a.expires, now)})
			}
		}
	})
	defer d.fwMu.Unlock()
	if err := d.fw.Unban(ctx, nets); err != nil {
		return err
	}
	if len(keep) == 0 {
		return nil
	}
	if err := d.fw.Ban(ctx, keep); err != nil {
		return fmt.Errorf("reload %d bans inside expired networks: %w", len(keep), err)
	}
	return nil
}

// prune drops offence history older than the policy remembers.
func (d *Daemon) prune() {
	d.mu.Lock()
	mem := d.pol.Escalation.OffenceMemory
	d.mu.Unlock()
	if mem <= 0 {
		return
	}
	if n, err := d.store.PruneOffences(d.now().Add(-mem)); err != nil {
		d.log.Error("prune offence history", "err", err)
	} else if n > 0 {
		d.log.Info("pruned offence history", "clients", n)
	}
}
