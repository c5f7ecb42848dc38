package daemon

import "sync"

// maxBacklogBans bounds the bans waiting for the store. While the store
// cannot be written (a full disk), the loop goes on judging and the kernel
// goes on enforcing; what is not yet durable waits here. 250,000 bans with
// their offences take about 80 MB. Past the bound, the bans (and their
// offences) of each further batch are dropped from the backlog, counted
// (status: store.dropped_bans) and logged: they stay enforced in the kernel
// until their timeout, but they are not durable, so a restart before they
// end removes them. Read positions and barriers are never dropped.
const maxBacklogBans = 250_000

// commitQueue hands the loop's batches to the committer. push never
// blocks: the loop holds d.mu while it commits, and a queue that blocks
// on a store that cannot write would stop judging and every admin call
// behind d.mu.
//
// The daemon has two: d.commits (the loop and the admin calls -> the
// enforcer, which loads new bans into the kernel) and d.durable (the
// enforcer -> the committer, which writes the store). Only the second is
// bounded (maxBacklogBans): the kernel keeps up with any burst, the store
// may not be writable at all.
type commitQueue struct {
	mu      sync.Mutex
	jobs    []job
	limit   int    // most bans queued; 0: no limit
	bans    int    // bans queued
	dropped uint64 // bans dropped because the backlog was full
	held    int    // jobs the consumer took and has not finished (holding)
	closed  bool
	wake    chan struct{}
}

func newCommitQueue(limit int) *commitQueue {
	return &commitQueue{limit: limit, wake: make(chan struct{}, 1)}
}

// push queues j and returns how many of its bans were dropped because the
// backlog is full (0 normally). After close it queues nothing and reports
// false.
func (q *commitQueue) push(j job) (dropped int, ok bool) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return 0, false
	}
	if n := len(j.batch.Put); n > 0 && q.limit > 0 && q.bans+n > q.limit {
		dropped = n
		q.dropped += uint64(n)
		j.batch.Put, j.batch.Offences = nil, nil
	}
	q.bans += len(j.batch.Put)
	q.jobs = appendJob(q.jobs, j)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return dropped, true
}

// appendJob appends j to jobs that are written together (one queue's
// pending jobs, or what the committer merges into one transaction) and
// folds what merge would discard anyway, so that a store that cannot be
// written for hours holds one read position per file, not one list of them
// per batch (the loop hands over its positions every second, and after
// every run of lines while a burst lasts):
//   - only the last Positions count (every batch carries all of them), so
//     an earlier job's are dropped when j brings newer ones;
//   - a job that only moves read positions is folded into the job before
//     it.
//
// merge of the folded jobs equals merge of the jobs before folding.
func appendJob(jobs []job, j job) []job {
	if j.batch.Positions != nil {
		// At most one job holds positions: the latest that brought some.
		for i := len(jobs) - 1; i >= 0; i-- {
			if jobs[i].batch.Positions != nil {
				jobs[i].batch.Positions = nil
				break
			}
		}
	}
	if n := len(jobs); n > 0 && j.positionsOnly() {
		last := &jobs[n-1].batch
		last.DropPositions = append(last.DropPositions, j.batch.DropPositions...)
		if j.batch.Positions != nil {
			last.Positions = j.batch.Positions
		}
		return jobs
	}
	return append(jobs, j)
}

// positionsOnly: j moves read positions and nothing else (no record, no
// barrier, no kernel outcome to report).
func (j job) positionsOnly() bool {
	b := j.batch
	return len(b.Put) == 0 && len(b.Offences) == 0 && len(b.Delete) == 0 && len(b.ForgetOffences) == 0 &&
		j.barrier == nil && j.enforced.IsZero() && j.kernelErr == nil
}

// take returns every queued job, waiting for one when none is; ok is false
// once the queue is closed and drained.
func (q *commitQueue) take() (jobs []job, ok bool) {
	for {
		q.mu.Lock()
		if len(q.jobs) > 0 {
			jobs, q.jobs = q.jobs, nil
			q.mu.Unlock()
			return jobs, true
		}
		closed := q.closed
		q.mu.Unlock()
		if closed {
			return nil, false
		}
		<-q.wake
	}
}

// backlog is what status reports of the two queues together: bans waiting
// for the kernel or the store, and bans dropped from a full backlog.
func backlog(qs ...*commitQueue) (waiting int, dropped uint64) {
	for _, q := range qs {
		w, d := q.stats()
		waiting += w
		dropped += d
	}
	return waiting, dropped
}

// more appends to jobs, folded (appendJob), what was queued since the
// last take, without waiting: the consumer retrying a write holds them
// all until they are written.
func (q *commitQueue) more(jobs []job) []job {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		jobs = appendJob(jobs, j)
	}
	q.jobs = nil
	q.held = len(jobs)
	return jobs
}

// holding records how many jobs the consumer has taken and not finished.
func (q *commitQueue) holding(n int) {
	q.mu.Lock()
	q.held = n
	q.mu.Unlock()
}

// jobCount is how many jobs are queued or held by the consumer: what the
// backlog costs in jobs, whatever they carry.
func (q *commitQueue) jobCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs) + q.held
}

// written says that n bans left the backlog (written or given up).
func (q *commitQueue) written(n int) {
	q.mu.Lock()
	q.bans -= n
	q.mu.Unlock()
}

// stats is what status reports: bans waiting and bans dropped so far.
func (q *commitQueue) stats() (waiting int, dropped uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bans, q.dropped
}

func (q *commitQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
