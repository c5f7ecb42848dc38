package parser

import "bytes"

// nginxErrorParser reads nginx's error log:
//
//	2012/04/09 11:53:29 [error] 2865#0: *66647 MESSAGE, client: ADDR, server: NAME, request: "GET / HTTP/1.1", host: "h"[, referrer: "r"]
//
// and turns the messages guardctl acts on into events: limit_req and
// limit_conn rejections (rate_limited), basic-auth failures (auth_failure,
// or auth_missing for a request without credentials), "access forbidden by
// rule" (forbidden). Every other message is skipped as no_event. A syslog
// or journal prefix before the timestamp is skipped. The time has no zone:
// it is read in the Spec's Location.
type nginxErrorParser struct {
	clk localClock
}

func (p *nginxErrorParser) Format() string { return FormatNginxError }

// nginx error messages guardctl classifies, in the order they are tried.
var nginxMessages = []struct {
	text []byte
	kind Kind
}{
	{[]byte("limiting requests"), KindRateLimited},
	{[]byte("delaying request"), KindRateLimited},
	{[]byte("limiting connections"), KindRateLimited},
	{[]byte("access forbidden by rule"), KindForbidden},
	{[]byte("\": password mismatch"), KindAuthFailure},
	{[]byte("\" was not found in \""), KindAuthFailure},
	{[]byte("\": was not found in \""), KindAuthFailure}, // older nginx (fail2ban's filter allows the colon)
	{[]byte("no user/password was provided for basic authentication"), KindAuthMissing},
	{[]byte("not authenticated: "), KindAuthFailure}, // ngx_http_auth_pam
}

var (
	nginxClient   = []byte(", client: ")
	nginxServer   = []byte(", server: ")
	nginxRequest  = []byte(", request: \"")
	nginxHost     = []byte(", host: \"")
	nginxReferrer = []byte(", referrer: \"")
	nginxUser     = []byte("user \"")
)

func (p *nginxErrorParser) Parse(line []byte, ev *Event) error {
	*ev = Event{}
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	start := nginxTimeStart(line)
	if start < 0 {
		return lineErr(ReasonNoMatch, "no nginx error-log timestamp (2006/01/02 15:04:05)")
	}
	t, n, ok := slashTime(line[start:], &p.clk)
	if !ok {
		return lineErr(ReasonBadTime, "bad nginx error-log timestamp")
	}
	ev.Time = t
	rest := line[start+n:]
	if len(rest) < 3 || rest[0] != ' ' || rest[1] != '[' {
		return lineErr(ReasonNoMatch, "want [level] after the timestamp")
	}
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return lineErr(ReasonTruncated, "level not closed")
	}
	msg := rest[end+1:]
	// " PID#TID: *CONN " precede the message.
	if c := bytes.Index(msg, []byte(": ")); c >= 0 && c < 32 {
		msg = msg[c+2:]
	}
	if len(msg) > 0 && msg[0] == '*' {
		if sp := bytes.IndexByte(msg, ' '); sp > 0 {
			msg = msg[sp+1:]
		}
	}
	ci := nginxClientAt(msg)
	switch {
	case ci == -2:
		return lineErr(ReasonBadClient, "two client fields: text in the request, a header or a user name imitates one")
	case ci < 0:
		return lineErr(ReasonNoEvent, "no client field")
	}
	text, trailer := msg[:ci], msg[ci+len(nginxClient):]
	ac := bytes.IndexByte(trailer, ',')
	if ac < 0 {
		ac = len(trailer)
	}
	addr, ok := ParseHostAddr(trailer[:ac])
	if !ok {
		return lineErr(ReasonBadClient, "client field is not an IP address")
	}
	ev.Peer, ev.Client = addr, addr
	kind, found := Kind(0), false
	for _, m := range nginxMessages {
		if bytes.Contains(text, m.text) {
			kind, found = m.kind, true
			break
		}
	}
	if !found {
		return lineErr(ReasonNoEvent, "not a message guardctl acts on")
	}
	ev.Kind = kind
	if kind == KindAuthFailure {
		if u := bytes.Index(text, nginxUser); u >= 0 {
			name := text[u+len(nginxUser):]
			if q := bytes.LastIndexByte(name, '"'); q >= 0 {
				ev.User = name[:q]
			}
		}
	}
	tr := trailer[ac:]
	if r := bytes.Index(tr, nginxRequest); r >= 0 {
		v := tr[r+len(nginxRequest):]
		if q := bytes.IndexByte(v, '"'); q >= 0 {
			splitRequest(v[:q], ev)
		}
	}
	if h := bytes.Index(tr, nginxHost); h >= 0 {
		v := tr[h+len(nginxHost):]
		if q := bytes.IndexByte(v, '"'); q > 0 {
			ev.Host = hostOnly(v[:q])
		}
	}
	return nil
}

// nginxClientAt finds nginx's own ", client: A, server: " in a message,
// or reports that it cannot be told apart (-2). nginx writes the user name
// (from the Authorization header) before it and the request line, Host and
// Referer after it, all unescaped, so a client can put a well-formed
// ", client: A, server: S" on either side of the real one. With one such
// pair there is nothing to forge. With several, the real one is the pair
// that (a) follows the message directly: no trailer field (", server: ",
// ", request: \"" ...) between the last message marker and it, and (b)
// is followed by a well-formed trailer: ", server: S" and then nginx's
// quoted fields in nginx's order, only the last of which (the referrer,
// the client's own text) may hold a quote. A forgery in the request line,
// Host or Referer fails (a); one in the user name fails (b), unless it
// turns the rest of the line into a referrer, and then both pass: a line
// with no or two such pairs is refused, never blamed on anyone (the same
// request still stands in the access log).
func nginxClientAt(msg []byte) int {
	var first, valid, nvalid, n int
	for from := 0; ; {
		i := bytes.Index(msg[from:], nginxClient)
		if i < 0 {
			break
		}
		i += from
		from = i + len(nginxClient)
		after := msg[from:]
		c := bytes.IndexByte(after, ',')
		if c <= 0 || !bytes.HasPrefix(after[c:], nginxServer) {
			continue
		}
		if _, ok := ParseHostAddr(after[:c]); !ok {
			continue
		}
		if n == 0 {
			first = i
		}
		n++
		if nginxFollowsMessage(msg[:i]) && nginxTrailerWellFormed(after[c+len(nginxServer):]) {
			valid, nvalid = i, nvalid+1
		}
	}
	switch {
	case n == 0:
		return -1
	case n == 1:
		return first
	case nvalid == 1:
		return valid
	}
	return -2
}

// nginxTrailerFields are the quoted fields nginx appends after
// ", server: S", in the order it writes them.
var nginxTrailerFields = [][]byte{
	[]byte(", request: \""), []byte(", subrequest: \""), []byte(", upstream: \""),
	nginxHost, nginxReferrer,
}

// nginxFollowsMessage reports whether no trailer field lies between the
// last message marker in text and its end: the client field that follows
// text is the one nginx put right after its message.
func nginxFollowsMessage(text []byte) bool {
	last := -1
	for _, m := range nginxMessages {
		if i := bytes.LastIndex(text, m.text); i >= 0 && i+len(m.text) > last {
			last = i + len(m.text)
		}
	}
	tail := text
	if last >= 0 {
		tail = text[last:]
	}
	if bytes.Contains(tail, nginxServer) || bytes.Contains(tail, nginxClient) {
		return false
	}
	for _, f := range nginxTrailerFields {
		if bytes.Contains(tail, f) {
			return false
		}
	}
	return true
}

// nginxTrailerWellFormed checks what follows ", server: ": the server
// name (no quote, comma or space), then nginx's quoted fields in order,
// each closed before the next; only the last may contain a quote (it
// runs to the line's final one).
func nginxTrailerWellFormed(b []byte) bool {
	end := bytes.IndexByte(b, ',')
	if end < 0 {
		end = len(b)
	}
	if bytes.ContainsAny(b[:end], "\" \t") {
		return false
	}
	b = b[end:]
	next := 0
	for len(b) > 0 {
		k := next
		for k < len(nginxTrailerFields) && !bytes.HasPrefix(b, nginxTrailerFields[k]) {
			k++
		}
		if k == len(nginxTrailerFields) {
			return false
		}
		b = b[len(nginxTrailerFields[k]):]
		next = k + 1
		q := bytes.IndexByte(b, '"')
		if q < 0 {
			return false
		}
		if q == len(b)-1 {
			return true // the last field
		}
		if bytes.HasPrefix(b[q+1:], []byte(", ")) {
			b = b[q+1:]
			continue
		}
		// A quote inside a value: only the last field may hold one.
		return b[len(b)-1] == '"' && !bytes.Contains(b, []byte("\", "))
	}
	return true
}

// nginxTimeStart is where the nginx timestamp starts: at 0, or after a
// syslog/journal prefix ("host nginx[983478]: ").
func nginxTimeStart(line []byte) int {
	for i := 0; i+19 <= len(line) && i <= timeSearchSpan; i++ {
		if i > 0 && line[i-1] != ' ' {
			continue
		}
		b := line[i:]
		if b[4] == '/' && b[7] == '/' && b[10] == ' ' && b[13] == ':' && isDigits(b[:4]) {
			return i
		}
	}
	return -1
}
