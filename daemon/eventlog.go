package daemon

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// event is one line of the security event log (daemon.event_log): a ban,
// an unban, an expiry, or a ban passive mode did not enforce.
type event struct {
	TS       time.Time `json:"ts"`
	Action   string    `json:"action"` // ban, unban, expire, would_ban
	Prefix   string    `json:"prefix"`
	Reason   string    `json:"reason,omitempty"`
	Rules    []string  `json:"rules,omitempty"`
	Duration string    `json:"duration,omitempty"`
	Offence  int       `json:"offence,omitempty"`
	Origin   string    `json:"origin"`
	// Enforced is when the kernel accepted the ban (it is enforced before
	// it is durable; TS is when it became durable and was reported).
	Enforced time.Time `json:"enforced,omitzero"`
}

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
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
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
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
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
	b := e.appendJSON(l.buf.AvailableBuffer())
	l.buf.Write(append(b, '\n'))
	l.mu.Unlock()
}

// appendJSON appends e as encoding/json would marshal it (same fields,
// order, escaping and time format; TestEventJSONMatchesEncodingJSON and
// FuzzEventJSON hold it to that), without reflection or allocation: a
// burst of 100,000 bans from another node is 100,000 lines, and
// json.Marshal's reflection and garbage were a sizeable share of
// applying them.
func (e *event) appendJSON(b []byte) []byte {
	b = append(b, `{"ts":`...)
	b = appendJSONTime(b, e.TS)
	b = append(b, `,"action":`...)
	b = appendJSONString(b, e.Action)
	b = append(b, `,"prefix":`...)
	b = appendJSONString(b, e.Prefix)
	if e.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, e.Reason)
	}
	if len(e.Rules) > 0 {
		b = append(b, `,"rules":[`...)
		for i, r := range e.Rules {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, r)
		}
		b = append(b, ']')
	}
	if e.Duration != "" {
		b = append(b, `,"duration":`...)
		b = appendJSONString(b, e.Duration)
	}
	if e.Offence != 0 {
		b = append(b, `,"offence":`...)
		b = strconv.AppendInt(b, int64(e.Offence), 10)
	}
	b = append(b, `,"origin":`...)
	b = appendJSONString(b, e.Origin)
	if !e.Enforced.IsZero() {
		b = append(b, `,"enforced":`...)
		b = appendJSONTime(b, e.Enforced)
	}
	return append(b, '}')
}

// appendJSONTime is time.Time's MarshalJSON (RFC 3339 with nanoseconds,
// quoted). The daemon's times are in 0000-9999, which MarshalJSON also
// requires (json.Marshal fails outside it); outside, this writes the
// year as Format does.
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does: <, > and & escaped
// (HTML-safe), control characters as \uXXXX (\b \f \n \r \t short),
// invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
