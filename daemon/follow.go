package daemon

import (
	"context"
	"fmt"

	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/tailer"
)

// follower is one running tailer. A reload that changes the sources' paths
// replaces it (see refollowSources).
type follower struct {
	t      *tailer.Tailer
	cancel context.CancelFunc
	done   chan struct{}
}

// follow starts a tailer over the sources' patterns, resuming from
// positions. A tailer failure ends the daemon through fail.
func (d *Daemon) follow(ctx context.Context, fail context.CancelCauseFunc, lines chan<- []tailer.Line, positions []state.Position) (*follower, error) {
	var tl *tailer.Tailer
	if pats := d.patterns(); len(pats) > 0 { // none when every source is a journal one
		checkSourcesBounded(d.log, pats, sourceCheckWait)
		var err error
		// Recycle: the loop gives every batch back (follower.release) once
		// it has judged all of its lines, so reading allocates nothing per
		// line (BenchmarkDaemonLineAllocs, tailer to loop to commit: 455 ->
		// ~0.03-0.09 B/line).
		opts := tailer.Options{Patterns: pats, Start: fromStored(positions), Recycle: true}
		if tl, err = tailer.New(opts, d.log); err != nil {
			return nil, err
		}
	}
	tctx, cancel := context.WithCancel(ctx)
	f := &follower{t: tl, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		defer d.followJournals(tctx, fail, lines)() // journal sources (journal.go)
		if tl == nil {
			<-tctx.Done()
			return
		}
		if err := tl.Run(tctx, lines); err != nil {
			fail(fmt.Errorf("follow logs: %w", err))
		}
	}()
	return f, nil
}

// release gives batch back to the tailer for its next reads. Call it only
// once nothing refers to the batch's lines any more: the loop calls it
// after handle, which judges every line of the batch, the lines held for
// format detection included (detect). Batches of a journal source or of a
// tailer stopped since are not the tailer's, and are left alone.
func (f *follower) release(batch []tailer.Line) {
	if f != nil {
		f.t.Release(batch)
	}
}

func (f *follower) stop() {
	f.cancel()
	<-f.done
}

// refollowSources restarts the tailer over the current sources: the old one
// stops, the lines it had queued but the loop had not judged are dropped,
// and the new one resumes from the positions of the lines judged, so those
// lines are read again, none lost and none twice. Called with d.mu held.
func (d *Daemon) refollowSources(ctx context.Context, fail context.CancelCauseFunc, lines chan []tailer.Line) {
	d.fol.stop()
	for drained := false; !drained; {
		select {
		case <-lines:
		default:
			drained = true
		}
	}
	positions := make([]state.Position, 0, len(d.pend.pos))
	for _, p := range d.pend.pos {
		positions = append(positions, p)
	}
	f, err := d.follow(ctx, fail, lines, positions)
	if err != nil {
		fail(fmt.Errorf("follow the reloaded sources: %w", err))
		return
	}
	d.fol = f
	d.log.Info("following the reloaded sources", "sources", d.patterns())
}
