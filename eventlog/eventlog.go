// Package eventlog is the security event log (`[daemon] event_log`): one
// JSON line per ban, unban, expiry or unenforced ban, appended to a file.
// The daemon and the offline admin path (a ban or unban made with the
// daemon stopped) both write it, so the lines are encoded and the file is
// opened here, once.
package eventlog

import (
	"fmt"
	"os"
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one line of the security event log (daemon.event_log): a ban,
// an unban, an expiry, or a ban passive mode did not enforce.
type Event struct {
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
	// Node is the cluster node that decided the ban ("": this one, not
	// written). Written as its own field so a consumer need not parse
	// "(from web-1)" out of the reason; the daemon's reporter reports its
	// own bans only.
	Node string `json:"node,omitempty"`
}

// Mode is the event log's file mode when it is created: readable by the
// admin group (it names clients), never by everyone.
const Mode = 0o640

// Open opens path for appending, creating it with Mode. The daemon opens it
// again on reload (logrotate's rename-and-create).
func Open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, Mode)
}

// Append writes events to the log at path, stamped at, in one write: for a
// process that writes a few lines and exits (the offline admin path).
func Append(path string, at time.Time, events ...Event) error {
	if path == "" || len(events) == 0 {
		return nil
	}
	var b []byte
	for _, e := range events {
		e.TS = at.UTC()
		b = append(e.AppendJSON(b), '\n')
	}
	f, err := Open(path)
	if err != nil {
		return fmt.Errorf("open event log: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write event log %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write event log %s: %w", path, err)
	}
	return nil
}

// AppendJSON appends e as encoding/json would marshal it (same fields,
// order, escaping and time format; TestEventJSONMatchesEncodingJSON and
// FuzzEventJSON hold it to that), without reflection or allocation: a
// burst of 100,000 bans from another node is 100,000 lines, and
// json.Marshal's reflection and garbage were a sizeable share of
// applying them.
func (e *Event) AppendJSON(b []byte) []byte {
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
	if e.Node != "" {
		b = append(b, `,"node":`...)
		b = appendJSONString(b, e.Node)
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
