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
	if ci < 0 {
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

// nginxClientAt finds nginx's own ", client: " in a message. Text before it
// (a user name from the Authorization header) and after it (the Referer)
// is the client's, so a forged field may appear on either side. nginx
// writes ", client: A, server: S" with A an address; the last such pair
// before the first referrer field is taken (as fail2ban's filter does,
// which also anchors on the trailer).
func nginxClientAt(msg []byte) int {
	limit := len(msg)
	if c := bytes.Index(msg, nginxClient); c >= 0 {
		if r := bytes.Index(msg[c:], nginxReferrer); r >= 0 {
			limit = c + r
		}
	}
	for end := limit; ; {
		i := bytes.LastIndex(msg[:end], nginxClient)
		if i < 0 {
			return -1
		}
		after := msg[i+len(nginxClient):]
		if c := bytes.IndexByte(after, ','); c > 0 && bytes.HasPrefix(after[c:], nginxServer) {
			if _, ok := ParseHostAddr(after[:c]); ok {
				return i
			}
		}
		end = i
	}
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
