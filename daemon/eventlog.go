package daemon

import (
	"bytes"
	"fmt"
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
	err  error // the first write error, reported once
	// tap sees every event as it is written (reporting, enrich.go); with
	// no file (path ""), the log only feeds the tap.
	tap func(event)
}

func openEventLog(path string) (*eventLog, error) {
	f, err := eventlog.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open event log: %w", err)
	}
	return &eventLog{path: path, f: f}, nil
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
	l.f = f
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
	if _, err := l.f.Write(l.buf.Bytes()); err != nil && l.err == nil {
		l.err = err
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
