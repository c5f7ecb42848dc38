package parser

import (
	"bytes"
	"time"
)

// apacheErrorParser reads apache's error log, 2.2 and 2.4 styles:
//
//	[Thu Jul 11 01:21:41 2013] [error] [client 1.2.3.4] MESSAGE
//	[Sat Jul 20 21:34:49.453232 2013] [auth_basic:error] [pid 1:tid 2] [client 1.2.3.4:51380] AH01618: MESSAGE
//	Feb 15 16:23:00 host httpd[22034]: [authz_core:error] [pid 22034] [client 1.2.3.4:58585] AH01630: MESSAGE   (ErrorLog syslog)
//	2026-12-06T04:24:54.427742Z host apache2[1]: [authz_core:error] ...   (guardctl's journald source)
//
// The client is the first [client ...] or [remote ...] field of the header
// (the bracketed fields before the message); brackets inside the message
// (a requested path) are the client's text and never count. Messages become
// events: authentication failures (AH01617, AH01618, AH01614, the digest
// failures AH01788-AH01793, AH01777 and their 2.2 texts) are auth_failure;
// "client denied by server configuration" (AH01630, AH01797), authorization
// failures (AH01631, AH01637) and ModSecurity "Access denied" are forbidden,
// except mod_evasive's denials, which are rate_limited. The rest is
// no_event. The time has no zone: it is read in the Spec's Location.
type apacheErrorParser struct {
	clk localClock
}

func (p *apacheErrorParser) Format() string { return FormatApacheError }

// apacheCodes classifies 2.4 messages by their AH code.
var apacheCodes = map[string]Kind{
	"AH01614": KindAuthFailure, // client used wrong authentication scheme
	"AH01617": KindAuthFailure, // user X: authentication failure ... Password Mismatch
	"AH01618": KindAuthFailure, // user X not found
	"AH01777": KindAuthFailure, // digest: invalid nonce ... user attempted time travel
	"AH01788": KindAuthFailure, // digest: realm mismatch
	"AH01789": KindAuthFailure, // digest: unknown algorithm
	"AH01790": KindAuthFailure, // digest: user not found in realm
	"AH01792": KindAuthFailure, // digest: password mismatch
	"AH01793": KindAuthFailure, // digest: invalid qop
	"AH01630": KindForbidden,   // client denied by server configuration (authz_core)
	"AH01797": KindForbidden,   // client denied by server configuration (access_compat)
	"AH01631": KindForbidden,   // user X: authorization failure
	"AH01637": KindForbidden,   // authorization of user X ... failed (authz_owner)
}

// apacheTexts classifies messages without a code (2.2, modules).
var apacheTexts = []struct {
	text   []byte
	prefix bool // must start the message
	kind   Kind
}{
	{[]byte("client denied by server configuration"), false, KindForbidden},
	{[]byte("ModSecurity:"), true, 0}, // decided by apacheModSecurity
	{[]byte("client used wrong authentication scheme"), true, KindAuthFailure},
	{[]byte("Authorization of user "), true, KindForbidden},
	{[]byte("Digest: user "), true, KindAuthFailure}, // password mismatch, not found in realm
	{[]byte("Digest: realm mismatch"), true, KindAuthFailure},
	{[]byte("Digest: unknown algorithm"), true, KindAuthFailure},
	{[]byte("received - user attempted time travel"), false, KindAuthFailure},
	{[]byte("received - length is not"), false, KindAuthFailure},
	{[]byte(": authentication failure for \""), false, KindAuthFailure},
	{[]byte(": authorization failure for \""), false, KindForbidden},
	{[]byte("user "), true, 0}, // "user X not found": decided by apacheUserNotFound
}

func (p *apacheErrorParser) Parse(line []byte, ev *Event) error {
	*ev = Event{}
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	rest, err := p.time(line, ev)
	if err != nil {
		return err
	}
	// The header: " [level]" " [pid ...]" " [client A]" ... up to the message.
	var module []byte
	level := true
	for len(rest) > 1 && rest[0] == ' ' && rest[1] == '[' {
		end := bytes.IndexByte(rest, ']')
		if end < 0 {
			return lineErr(ReasonTruncated, "header field not closed")
		}
		f := rest[2:end]
		// [client [2001:db8::1]:51548]: the address has its own brackets.
		if (bytes.HasPrefix(f, []byte("client [")) || bytes.HasPrefix(f, []byte("remote ["))) && end+1 < len(rest) {
			if e2 := bytes.IndexByte(rest[end+1:], ']'); e2 >= 0 {
				end += 1 + e2
				f = rest[2:end]
			}
		}
		rest = rest[end+1:]
		switch {
		case level:
			level = false
			if c := bytes.IndexByte(f, ':'); c >= 0 {
				module = f[:c]
			}
		case bytes.HasPrefix(f, []byte("client ")) || bytes.HasPrefix(f, []byte("remote ")):
			if ev.Peer.IsValid() {
				continue // "[client A:port] [client A]": mod_security repeats it
			}
			a, ok := ParseHostAddr(f[7:])
			if !ok {
				return lineErr(ReasonBadClient, "client field is not an IP address")
			}
			ev.Peer, ev.Client = a, a
		}
	}
	if level {
		return lineErr(ReasonNoMatch, "want [level] after the timestamp")
	}
	if !ev.Peer.IsValid() {
		return lineErr(ReasonNoEvent, "no client field")
	}
	msg := bytes.TrimLeft(rest, " ")
	kind, ok := apacheKind(msg, module)
	if !ok {
		return lineErr(ReasonNoEvent, "not a message guardctl acts on")
	}
	ev.Kind = kind
	ev.User = apacheUser(msg)
	return nil
}

// time reads the timestamp, bracketed ctime or a syslog header, and
// returns what follows it.
func (p *apacheErrorParser) time(line []byte, ev *Event) ([]byte, error) {
	if line[0] == '[' {
		end := bytes.IndexByte(line, ']')
		if end < 0 {
			return nil, lineErr(ReasonTruncated, "timestamp not closed")
		}
		t, n, ok := ctimeTime(line[1:end], &p.clk)
		if !ok || n != end-1 {
			return nil, lineErr(ReasonBadTime, "timestamp is not [Mon Jan 02 15:04:05 2006]")
		}
		ev.Time = t
		return line[end+1:], nil
	}
	// ErrorLog syslog ("Feb 15 16:23:00 host httpd[1]: ...") or a journal
	// line ("2026-12-06T04:24:54.427742Z host apache2[1]: ...").
	var t time.Time
	var n int
	var ok bool
	switch {
	case len(line) >= 16 && month(line[:3]) != 0:
		t, n, ok = syslogTime(line, &p.clk)
	case len(line) >= 20 && line[4] == '-' && line[10] == 'T':
		t, n, ok = timeAt(line, &p.clk)
	default:
		return nil, lineErr(ReasonNoMatch, "want [timestamp] or a syslog header")
	}
	if !ok {
		return nil, lineErr(ReasonBadTime, "bad syslog timestamp")
	}
	ev.Time = t
	// " host tag[pid]: " then the header.
	rest := line[n:]
	c := bytes.Index(rest, []byte(": ["))
	if c < 0 || c > 80 {
		return nil, lineErr(ReasonNoMatch, "want a syslog tag before the header")
	}
	return rest[c+1:], nil
}

func apacheKind(msg, module []byte) (Kind, bool) {
	if len(msg) > 9 && msg[0] == 'A' && msg[1] == 'H' && msg[7] == ':' && isDigits(msg[2:7]) {
		code := msg[:7]
		msg = bytes.TrimLeft(msg[8:], " ")
		if k, ok := apacheCodes[string(code)]; ok {
			return evasive(k, module), true
		}
	}
	for _, t := range apacheTexts {
		var hit bool
		if t.prefix {
			hit = bytes.HasPrefix(msg, t.text)
		} else {
			hit = bytes.Contains(msg, t.text)
		}
		if !hit {
			continue
		}
		switch string(t.text) {
		case "ModSecurity:":
			return KindForbidden, bytes.Contains(msg, []byte("Access denied"))
		case "user ":
			return KindAuthFailure, apacheUserNotFound(msg)
		}
		return evasive(t.kind, module), true
	}
	return 0, false
}

// evasive: mod_evasive denies a flooding client with the same message as a
// deny rule; it is a rate limit.
func evasive(k Kind, module []byte) Kind {
	if k == KindForbidden && bytes.HasPrefix(module, []byte("evasive")) {
		return KindRateLimited
	}
	return k
}

// apacheUserNotFound matches "user NAME not found" (then ":" and the path,
// or the end of the message); NAME may be empty.
func apacheUserNotFound(msg []byte) bool {
	i := bytes.Index(msg, []byte(" not found"))
	if i < 0 {
		return false
	}
	after := msg[i+len(" not found"):]
	return len(after) == 0 || after[0] == ':' || after[0] == ','
}

// apacheUser is the user name a message names, if any.
func apacheUser(msg []byte) []byte {
	if len(msg) > 9 && msg[0] == 'A' && msg[1] == 'H' && msg[7] == ':' {
		msg = bytes.TrimLeft(msg[8:], " ")
	}
	msg = bytes.TrimPrefix(msg, []byte("Digest: "))
	switch {
	case bytes.HasPrefix(msg, []byte("user `")):
		v := msg[len("user `"):]
		if q := bytes.IndexByte(v, '\''); q >= 0 {
			return v[:q]
		}
	case bytes.HasPrefix(msg, []byte("user ")):
		v := msg[len("user "):]
		if i := bytes.Index(v, []byte(" not found")); i >= 0 {
			v = v[:i]
		} else if i := bytes.IndexByte(v, ':'); i >= 0 {
			v = v[:i]
		} else {
			return nil
		}
		if len(v) == 0 {
			return nil
		}
		return v
	case bytes.HasPrefix(msg, []byte("Authorization of user ")):
		v := msg[len("Authorization of user "):]
		if sp := bytes.IndexByte(v, ' '); sp > 0 {
			return v[:sp]
		}
	}
	return nil
}
