package daemon

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/guardctl/guardctl/eventlog"
)

// event is one line of the security event log; eventlog says how it is
// written, for the daemon and the offline admin path alike.
type event = eventlog.Event

// eventLog appends JSON lines to a file. Lines are gathered and written
// with one write per batch; a nil *eventLog discards everything.
type eventLog struct {
	mu   sync.Mutex
	path string
	f    *os.File
	buf  bytes.Buffer
	// log reports a failing event log once, and its recovery with the
	// number of lines lost (a full disk dropped them without a word:
	// operator audit). nil: the daemon's logger is not set (tests).
	log     *slog.Logger
	err     error  // the write error being reported, until a write succeeds
	lost    uint64 // lines lost since err
	partial bool   // a write stopped inside a line: the next one ends it first
	// tap sees every event as it is written (reporting, enrich.go); with
	// no file (path ""), the log only feeds the tap.
	tap func(event)
}

func openEventLog(path string, log *slog.Logger) (*eventLog, error) {
	f, err := eventlog.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open event log: %w", err)
	}
	return &eventLog{path: path, f: f, log: log}, nil
}

// reopen opens the path again, for logrotate's rename-and-create (the
// daemon reopens on reload, which SIGHUP triggers).
func (l *eventLog) reopen() error {
	if l == nil || l.path == "" {
		return nil
	}
	f, err := eventlog.Open(l.path)
	if err != nil {
		return fmt.Errorf("reopen event log: %w", err)
	}
	l.mu.Lock()
	old := l.f
	l.f, l.partial = f, false // a new file has no half line to end
	l.mu.Unlock()
	return old.Close()
}

func (l *eventLog) write(e event, at time.Time) {
	if l == nil {
		return
	}
	e.TS = at.UTC()
	if l.tap != nil {
		l.tap(e)
	}
	l.mu.Lock()
	b := e.AppendJSON(l.buf.AvailableBuffer())
	l.buf.Write(append(b, '\n'))
	l.mu.Unlock()
}

// flush writes the gathered lines. The events it records are durable in
// the store already; the event log itself is not fsync'd.
func (l *eventLog) flush() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flushLocked()
}

func (l *eventLog) flushLocked() {
	if l.f == nil {
		l.buf.Reset()
		return
	}
	if l.buf.Len() == 0 {
		return
	}
	b := l.buf.Bytes()
	if l.partial {
		// The last failed write left half a line: end it, so the lines
		// after it parse (the half line does not).
		if _, err := l.f.Write([]byte{'\n'}); err == nil {
			l.partial = false
		}
	}
	n, err := l.f.Write(b)
	switch {
	case err != nil:
		// The line cut short has its '\n' in b[n:]: counted already
		// (counting it again said one line more than was lost).
		lines := uint64(bytes.Count(b[n:], []byte{'\n'}))
		if n > 0 && b[n-1] != '\n' {
			l.partial = true
		}
		if l.err == nil && l.log != nil {
			l.log.Error("event log: write failed; its lines are lost until it can be written again (the bans themselves are in the store and the kernel)", "path", l.path, "err", err)
		}
		if l.err == nil {
			l.err = err
		}
		l.lost += lines
	case l.err != nil:
		if l.log != nil {
			l.log.Warn("event log: written again", "path", l.path, "lines_lost", l.lost, "after", l.err)
		}
		l.err, l.lost = nil, 0
	}
	l.buf.Reset()
}

func (l *eventLog) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flushLocked()
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}
