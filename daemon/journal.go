package daemon

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/guardctl/guardctl/journald"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/tailer"
)

// Journald sources ([[source]] with journal_units/journal_matches) are
// followed by journald.Follow, one journalctl per source, next to the file
// tailer. Their lines join the tailer's on the loop's channel, marked with
// the source's key, and carry no file position: the journal's own cursor,
// in the state directory, is their position.

// sourceKey identifies a source in bySrc and in tailer.Line.Source: the
// cleaned path of a file source, "journal:" and its label for a journal
// source (slashes replaced, so that filepath.Clean leaves it alone).
func sourceKey(sc rules.SourceConfig) string {
	if sc.IsJournal() {
		return "journal:" + strings.ReplaceAll(sc.Label(), "/", "_")
	}
	return filepath.Clean(sc.Path)
}

// followJournals starts a follower for each journal source and returns a
// function that waits for them to end (when ctx does). A follower that
// cannot run (no journalctl) ends the daemon through fail.
func (d *Daemon) followJournals(ctx context.Context, fail context.CancelCauseFunc, lines chan<- []tailer.Line) func() {
	var wg sync.WaitGroup
	dir := firstNonEmpty(d.opts.StateDir, d.cfg.Daemon.StateDir)
	for _, s := range d.sources {
		if !s.cfg.IsJournal() {
			continue
		}
		key := sourceKey(s.cfg)
		opts := journald.Options{
			Units:      s.cfg.JournalUnits,
			Matches:    s.cfg.JournalMatches,
			Files:      d.opts.JournalFiles,
			CursorFile: filepath.Join(dir, strings.NewReplacer(":", "-", ",", "-", "=", "-", " ", "-").Replace(key)+".cursor"),
			Logger:     d.log,
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := journald.Follow(ctx, opts, func(line []byte) {
				select {
				case lines <- []tailer.Line{{Source: key, Data: line}}:
				case <-ctx.Done():
				}
			})
			if err != nil {
				fail(fmt.Errorf("follow the journal for source %s: %w", s.cfg.Label(), err))
			}
		}()
	}
	return wg.Wait
}

// ready is closed when the follower has started: the tailer's first scan,
// or at once when every source is a journal one.
func (f *follower) ready() <-chan struct{} {
	if f.t == nil {
		c := make(chan struct{})
		close(c)
		return c
	}
	return f.t.Ready()
}
