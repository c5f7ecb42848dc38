package tailer

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// run is the state of one Tailer.Run. Everything happens on Run's
// goroutine; the only other goroutine is fsnotify's reader.
type run struct {
	ctx  context.Context
	opts Options
	log  *slog.Logger
	out  chan<- []Line
	t    *Tailer

	files map[FileID]*file
	// byPath maps each matched path to the file there, for inotify events.
	byPath map[string]*file
	// stored holds the caller's positions not yet matched to a file;
	// storedPaths every path they name.
	stored      map[FileID]Position
	storedPaths map[string]bool
	// known holds the patterns some stored position matches: they were
	// followed in the last run, so a file matching one without a position
	// of its own appeared while we were stopped.
	known map[string]bool
	// early holds the records for stored positions dropped at start.
	early []Line

	watcher *fsnotify.Watcher
	// failed remembers the last error per path so that a file that cannot
	// be read is reported once, not on every poll.
	failed map[string]string

	rbuf []byte // read buffer, reused for every read
	cur  *arena // memory taken for a batch not sent yet (arena)
	hbuf []byte // head buffer, reused
}

// readSize is how much one read asks for.
const readSize = 64 << 10

// batchLines and batchBytes bound one batch, so a file read from its start
// reaches the consumer in pieces and memory stays bounded.
const (
	batchLines = 512
	batchBytes = 1 << 20
)

func newRun(ctx context.Context, t *Tailer, out chan<- []Line) *run {
	r := &run{
		ctx:         ctx,
		opts:        t.opts,
		log:         t.log,
		out:         out,
		t:           t,
		files:       map[FileID]*file{},
		byPath:      map[string]*file{},
		stored:      map[FileID]Position{},
		storedPaths: map[string]bool{},
		known:       map[string]bool{},
		failed:      map[string]string{},
		rbuf:        make([]byte, readSize),
		hbuf:        make([]byte, HeadBytes),
	}
	for _, p := range t.opts.Start {
		r.stored[p.ID()] = p
		r.storedPaths[p.Path] = true
		for _, pat := range t.opts.Patterns {
			if ok, _ := filepath.Match(pat, p.Path); ok {
				r.known[pat] = true
			}
		}
	}
	return r
}

func (r *run) close() {
	if r.watcher != nil {
		r.watcher.Close()
	}
	for _, f := range r.files {
		f.f.Close()
	}
}

// loop is Run: start, then react to inotify events and poll ticks.
func (r *run) loop() error {
	var events <-chan fsnotify.Event
	var errs <-chan error
	if !r.t.noInotify {
		w, err := fsnotify.NewBufferedWatcher(1024)
		if err != nil {
			r.log.Warn("inotify unavailable, polling only", "poll", r.opts.Poll, "err", err)
		} else {
			r.watcher, events, errs = w, w.Events, w.Errors
		}
	}

	r.scan(true)
	close(r.t.ready)
	if len(r.early) > 0 {
		if err := r.send(r.early); err != nil {
			return nil
		}
		r.early = nil
	}
	if err := r.pumpAll(); err != nil {
		return nil
	}
	r.passed()

	tick := time.NewTicker(r.opts.Poll)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			err = r.onEvents(ev, events)
		case e, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// An overflow means events were dropped: look at everything.
			if !errors.Is(e, fsnotify.ErrEventOverflow) {
				r.log.Warn("inotify", "err", e)
			}
			r.scan(false)
			err = r.pumpAll()
		case <-tick.C:
			r.scan(false)
			if err = r.pumpAll(); err == nil {
				err = r.closeIdle()
			}
		}
		if err != nil {
			return nil // only a done ctx stops a send
		}
		r.passed()
	}
}

func (r *run) passed() {
	if r.t.afterPass == nil {
		return
	}
	n := 0
	for _, f := range r.files {
		if f.draining {
			n++
		}
	}
	r.t.afterPass(n)
}

// onEvents handles ev and whatever else is queued: a rescan if a name
// appeared or went, then a read of the files written to.
func (r *run) onEvents(ev fsnotify.Event, events <-chan fsnotify.Event) error {
	rescan, rotated := false, false
	var written []*file
	for n := 0; ; n++ {
		switch {
		case ev.Has(fsnotify.Create), ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
			rescan = true
		case ev.Has(fsnotify.Write), ev.Has(fsnotify.Chmod):
			if f := r.byPath[ev.Name]; f != nil {
				if !slices.Contains(written, f) {
					written = append(written, f)
				}
			} else {
				// A name we do not follow: perhaps a rotated file still
				// being written under its new name, perhaps an unrelated
				// file in the same directory.
				rotated = true
			}
		}
		if n == 1024 {
			break
		}
		select {
		case next, ok := <-events:
			if ok {
				ev = next
				continue
			}
		default:
		}
		break
	}
	if rescan {
		r.scan(false)
		return r.pumpAll()
	}
	if rotated {
		for _, f := range r.sorted() {
			if f.draining {
				written = append(written, f)
			}
		}
	}
	for _, f := range written {
		if r.files[f.id] == f {
			if err := r.pump(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// sorted lists the files, the ones rotated away first: their lines were
// written before those of the files that replaced them.
func (r *run) sorted() []*file {
	fs := make([]*file, 0, len(r.files))
	for _, f := range r.files {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b *file) int {
		if a.draining != b.draining {
			if a.draining {
				return -1
			}
			return 1
		}
		return a.changed.Compare(b.changed)
	})
	return fs
}

// pumpAll reads every file, rotated ones first.
func (r *run) pumpAll() error {
	for _, f := range r.sorted() {
		if err := r.pump(f); err != nil {
			return err
		}
	}
	return nil
}

// closeIdle closes the files rotated away that stopped growing.
func (r *run) closeIdle() error {
	for id, f := range r.files {
		if !f.draining || time.Since(f.changed) < r.opts.DrainIdle {
			continue
		}
		if f.rd > f.off {
			r.log.Warn("rotated file closed with an incomplete last line", "path", f.path, "id", id, "bytes", f.rd-f.off)
		}
		r.log.Info("closed rotated file", "path", f.path, "id", id, "offset", f.off)
		delete(r.files, id)
		f.f.Close()
		if err := r.send([]Line{f.record(true)}); err != nil {
			return err
		}
	}
	return nil
}

// send hands a batch to the consumer unless ctx is done first.
// arena returns the memory for the next batch: what the last pump took
// and did not send, else a released batch's, else new; nil unless the
// consumer releases batches (Options.Recycle).
func (r *run) arena() *arena {
	if !r.opts.Recycle {
		return nil
	}
	if a := r.cur; a != nil {
		return a
	}
	a, _ := r.t.arenas.Get().(*arena)
	if a == nil {
		a = &arena{}
	}
	r.cur = a
	return a
}

// sendArena sends batch, made in a, and lends a to it (Release). An empty batch
// (a read that completed no line) carries no arena: a stays for the next.
func (r *run) sendArena(a *arena, batch []Line) error {
	if a == nil || len(batch) == 0 {
		return r.send(batch)
	}
	batch = a.ticket(batch)
	r.t.lend(batch, a, cap(r.out))
	r.cur = nil
	return r.send(batch)
}

func (r *run) send(batch []Line) error {
	select {
	case r.out <- batch:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// report logs err for path once, until the path works again.
func (r *run) report(path, msg string, err error) {
	if err == nil {
		delete(r.failed, path)
		return
	}
	if r.failed[path] == err.Error() {
		return
	}
	r.failed[path] = err.Error()
	if errors.Is(err, os.ErrNotExist) {
		r.log.Debug(msg, "path", path, "err", err)
		return
	}
	r.log.Warn(msg, "path", path, "err", err)
}
