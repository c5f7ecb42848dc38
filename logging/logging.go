// Package logging builds guardctl's slog logger for where its stderr goes:
// a terminal or a file gets timestamped text; journald (stderr connected to
// the journal, as under systemd) gets each line prefixed with its syslog
// priority "<N>" and no timestamp, since the journal stamps every line
// itself and reads the prefix as the priority (sd-daemon(3)).
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"syscall"
)

// New returns a logger writing to w at level. getenv is os.Getenv outside
// tests.
func New(w io.Writer, level slog.Leveler, getenv func(string) string) *slog.Logger {
	if ToJournal(w, getenv) {
		return slog.New(NewJournalHandler(w, level))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// ToJournal reports whether w is the stream systemd connected to the
// journal: $JOURNAL_STREAM names its device and inode ("dev:ino"), which
// must be w's own, so a child whose stderr was redirected elsewhere does
// not write prefixes into a file.
func ToJournal(w io.Writer, getenv func(string) string) bool {
	js := getenv("JOURNAL_STREAM")
	if js == "" {
		return false
	}
	var dev, ino uint64
	if _, err := fmt.Sscanf(js, "%d:%d", &dev, &ino); err != nil {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && uint64(sys.Dev) == dev && uint64(sys.Ino) == ino
}

// Priority is the syslog priority journald files a record of level l under.
func Priority(l slog.Level) int {
	switch {
	case l >= slog.LevelError:
		return 3 // err
	case l >= slog.LevelWarn:
		return 4 // warning
	case l >= slog.LevelInfo:
		return 6 // info
	}
	return 7 // debug
}

// journalHandler is a text handler without the time attribute whose lines
// start with "<N>".
type journalHandler struct {
	inner slog.Handler
	out   *prefixWriter
}

// prefixWriter puts the current record's priority before the one Write a
// TextHandler makes per record. mu is held across that Write.
type prefixWriter struct {
	mu   sync.Mutex
	w    io.Writer
	prio int
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	buf := make([]byte, 0, len(b)+4)
	buf = append(buf, '<', byte('0'+p.prio), '>')
	buf = append(buf, b...)
	if _, err := p.w.Write(buf); err != nil {
		return 0, err
	}
	return len(b), nil
}

// NewJournalHandler returns the journald handler writing to w.
func NewJournalHandler(w io.Writer, level slog.Leveler) slog.Handler {
	pw := &prefixWriter{w: w}
	return &journalHandler{
		inner: slog.NewTextHandler(pw, &slog.HandlerOptions{
			Level: level,
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if len(groups) == 0 && a.Key == slog.TimeKey {
					return slog.Attr{} // journald stamps the line
				}
				return a
			},
		}),
		out: pw,
	}
}

func (h *journalHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *journalHandler) Handle(ctx context.Context, r slog.Record) error {
	h.out.mu.Lock()
	defer h.out.mu.Unlock()
	h.out.prio = Priority(r.Level)
	return h.inner.Handle(ctx, r)
}

func (h *journalHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &journalHandler{inner: h.inner.WithAttrs(as), out: h.out}
}

func (h *journalHandler) WithGroup(name string) slog.Handler {
	return &journalHandler{inner: h.inner.WithGroup(name), out: h.out}
}
