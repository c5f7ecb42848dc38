package parser

import (
	"bytes"
	"net/netip"
)

// clfParser parses the Common Log Format family by hand:
//
//	common:         %h %l %u [%t] "%r" %>s %b
//	combined:       common + "%{Referer}i" "%{User-Agent}i"
//	vhost_combined: %v[:%p] + combined
//
// Anything after the last field is tolerated (nginx users append
// "$http_x_forwarded_for", $request_time, traefik appends its own fields);
// with trailingXFF the first quoted extra field is taken as X-Forwarded-For.
// combined also accepts lines that stop after %b, because servers switch
// between common and combined per virtual host and one file mixes both.
type clfParser struct {
	format      string
	vhost       bool
	combined    bool
	trailingXFF bool
	syslog      bool
	alt         int // lines parsed in the other vhost shape, see Parse
	s           scratch
	ts          clfTimeCache
}

// client parses the address where this format puts it.
func (p *clfParser) client(line []byte, t0end, t1end int) (netip.Addr, bool) {
	if p.vhost {
		return ParseAddr(line[t0end+1 : t1end])
	}
	return ParseAddr(line[:t0end])
}

// clientAlt parses the address where the other vhost shape puts it.
func (p *clfParser) clientAlt(line []byte, t0end, t1end int) (netip.Addr, bool) {
	if p.vhost {
		return ParseAddr(line[:t0end])
	}
	return ParseAddr(line[t0end+1 : t1end])
}

func (p *clfParser) Format() string { return p.format }

// FieldsInLine implements InLine: a field is outside the line only when it
// had log escapes to undo, into p.s.
func (p *clfParser) FieldsInLine() bool { return len(p.s.buf) == 0 }

func (p *clfParser) Parse(line []byte, ev *Event) error { return p.parse(line, ev, true) }

// ParseClean implements Clean.
func (p *clfParser) ParseClean(line []byte, ev *Event) error { return p.parse(line, ev, false) }

// parse is Parse; mayEsc false: the caller knows line holds no backslash.
func (p *clfParser) parse(line []byte, ev *Event, mayEsc bool) error {
	*ev = Event{}
	p.s.reset()
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	if p.syslog {
		if rest := stripSyslog(line); rest != nil {
			line = rest
		}
	}

	// [%v] %h: the virtual host and the peer address. A file may mix lines
	// with and without the virtual host (servers log per vhost and users
	// concatenate), so either format falls back to the other's shape when
	// its own does not fit; alt counts those lines for Detect.
	//
	// Most lines start with an IPv4 client: it is parsed in the same pass
	// that finds its end. The end of the next field (t1end) is then looked
	// for only if the line turns out malformed before the timestamp, to
	// give the error the general path gives.
	var i, t0end, t1end int
	var a4 netip.Addr
	if !p.vhost {
		a4, t0end = parseIPv4Prefix(line)
	}
	if t0end > 0 && t0end < len(line) && line[t0end] == ' ' {
		ev.Peer, ev.Client = a4, a4
		t1end = -2 // not looked for
		i = t0end + 1
	} else {
		t0end = bytes.IndexByte(line, ' ')
		if t0end <= 0 {
			return lineErr(ReasonTruncated, "line ends after the first field")
		}
		t1end = bytes.IndexByte(line[t0end+1:], ' ')
		if t1end < 0 {
			return lineErr(ReasonTruncated, "line ends after the client field")
		}
		t1end += t0end + 1
		if a, ok := p.client(line, t0end, t1end); ok {
			ev.Peer, ev.Client = a, a
			if p.vhost {
				ev.Host = hostOnly(line[:t0end])
				i = t1end + 1
			} else {
				i = t0end + 1
			}
		} else if a, ok := p.clientAlt(line, t0end, t1end); ok {
			p.alt++
			ev.Peer, ev.Client = a, a
			if p.vhost {
				i = t0end + 1
			} else {
				ev.Host = hostOnly(line[:t0end])
				i = t1end + 1
			}
		} else {
			return lineErr(ReasonBadClient, "client field is not an IP address")
		}
	}
	// noClientEnd is the general path's error for a line with nothing
	// after the client field, which the IPv4 path did not look for.
	noClientEnd := func() bool {
		if t1end == -2 && bytes.IndexByte(line[t0end+1:], ' ') < 0 {
			ev.Peer, ev.Client = netip.Addr{}, netip.Addr{} // as the general path leaves them
			return true
		}
		return false
	}

	// %l %u: ident, then the user up to the timestamp. The user is taken
	// as everything up to " [" because nginx does not escape spaces in it.
	br := indexByte(line[i:], '[')
	if br < 0 {
		if noClientEnd() {
			return lineErr(ReasonTruncated, "line ends after the client field")
		}
		return lineErr(ReasonTruncated, "no timestamp")
	}
	idu := line[i : i+br]
	if len(idu) < 4 || idu[len(idu)-1] != ' ' {
		if noClientEnd() {
			return lineErr(ReasonTruncated, "line ends after the client field")
		}
		return lineErr(ReasonNoMatch, "want ident and user before the timestamp")
	}
	idu = idu[:len(idu)-1]
	us := indexByte(idu, ' ')
	if us <= 0 || us == len(idu)-1 {
		return lineErr(ReasonNoMatch, "want ident and user before the timestamp")
	}
	ev.User = p.s.field(idu[us+1:])
	i += br + 1

	// [%t]: a line usually has the timestamp of the line before, which
	// the cache compares in place of looking for the ']'.
	t, end, ok := p.ts.parseBefore(line[i:], ']')
	if end < 0 {
		return lineErr(ReasonTruncated, "timestamp not closed")
	}
	if !ok {
		return lineErr(ReasonBadTime, "timestamp is not dd/Mon/yyyy:hh:mm:ss -zzzz")
	}
	ev.Time = t
	i += end + 1

	// "%r": the closing quote is the one followed by " NNN": a raw '"' in
	// a request (old nginx did not escape it) does not end the field early.
	if len(line)-i < 2 {
		return lineErr(ReasonTruncated, "line ends before the request")
	}
	if line[i] != ' ' || line[i+1] != '"' {
		return lineErr(ReasonBadRequest, "request is not a quoted string")
	}
	i += 2
	rs := i
	// Escapes are rare: one look for a backslash in the rest of the line
	// spares looking in each quoted field.
	esc := mayEsc && bytes.IndexByte(line[rs:], '\\') >= 0
	firstEnd := -1 // first quote that could close the field
	for {
		q := closingQuote(line, i)
		if q < 0 {
			switch {
			case firstEnd < 0:
				return lineErr(ReasonTruncated, "request not closed")
			case firstEnd+1 == len(line):
				return lineErr(ReasonTruncated, "line ends after the request")
			}
			return lineErr(ReasonBadStatus, "no three-digit status after the request")
		}
		if statusFollows(line, q+1) {
			i = q
			break
		}
		if firstEnd < 0 && (q+1 == len(line) || line[q+1] == ' ') {
			firstEnd = q
		}
		i = q + 1
	}
	raw := line[rs:i]
	i++ // the quote
	if len(raw) == 1 && raw[0] == '-' {
		raw = nil
	}
	if esc {
		raw = p.s.unescape(raw)
	}
	splitRequest(raw, ev)

	// %>s, checked by statusFollows: " NNN" then a space or the end.
	ev.Status = int(line[i+1]-'0')*100 + int(line[i+2]-'0')*10 + int(line[i+3]-'0')
	i += 4
	if i == len(line) {
		return lineErr(ReasonTruncated, "line ends after the status")
	}
	i++

	// %b
	sz := i
	for i < len(line) && line[i] != ' ' {
		i++
	}
	size, ok := parseSize(line[sz:i])
	if !ok {
		return lineErr(ReasonBadSize, "size is neither digits nor \"-\"")
	}
	ev.Size = size

	if p.combined && i < len(line) {
		if len(line)-i < 2 || line[i+1] != '"' {
			return lineErr(ReasonNoMatch, "want a quoted referer after the size")
		}
		var f []byte
		if f, i, ok = quoted(line, i+2); !ok {
			return lineErr(ReasonTruncated, "referer not closed")
		}
		ev.Referer = p.field(f, esc)
		if i < len(line) {
			if len(line)-i < 2 || line[i+1] != '"' {
				return lineErr(ReasonNoMatch, "want a quoted user agent after the referer")
			}
			if f, i, ok = quoted(line, i+2); !ok {
				return lineErr(ReasonTruncated, "user agent not closed")
			}
			ev.UA = p.field(f, esc)
		}
	}
	if p.trailingXFF {
		ev.XFF = p.s.field(firstQuoted(line[i:]))
	}
	return nil
}

// field is scratch.field for a field of a line with no backslash after
// the request's start (esc false: nothing to unescape).
func (p *clfParser) field(b []byte, esc bool) []byte {
	if esc {
		return p.s.field(b)
	}
	if len(b) == 1 && b[0] == '-' {
		return nil
	}
	return b
}

// quoted reads a quoted field whose opening quote precedes start; the field
// ends at the first unescaped quote followed by a space or the end of line.
// It returns the field and the index after the closing quote.
func quoted(line []byte, start int) ([]byte, int, bool) {
	// "-", an absent referer or agent, without a search.
	if e := start + 1; e < len(line) && line[start] == '-' && line[e] == '"' && (e+1 == len(line) || line[e+1] == ' ') {
		return line[start:e], e + 1, true
	}
	for i := start; ; {
		q := closingQuote(line, i)
		if q < 0 {
			return nil, 0, false
		}
		if q+1 == len(line) || line[q+1] == ' ' {
			return line[start:q], q + 1, true
		}
		i = q + 1
	}
}

// firstQuoted returns the content of the first quoted field in extra, the
// fields after the standard ones; nil when there is none.
func firstQuoted(extra []byte) []byte {
	for i := 0; i < len(extra); {
		if extra[i] == ' ' {
			i++
			continue
		}
		if extra[i] == '"' {
			f, _, ok := quoted(extra, i+1)
			if !ok {
				return nil
			}
			return f
		}
		for i < len(extra) && extra[i] != ' ' {
			i++
		}
	}
	return nil
}

// indexByte is bytes.IndexByte for fields that are usually a few bytes
// long (ident and user, a method): a plain loop over the first bytes
// beats the vector routine's setup on them.
func indexByte(b []byte, c byte) int {
	n := min(len(b), 16)
	for i, x := range b[:n] {
		if x == c {
			return i
		}
	}
	if len(b) > n {
		if i := bytes.IndexByte(b[n:], c); i >= 0 {
			return n + i
		}
	}
	return -1
}

// closingQuote returns the index of the first '"' at or after i that is not
// escaped by an odd run of backslashes, or -1.
func closingQuote(line []byte, i int) int {
	for {
		q := bytes.IndexByte(line[i:], '"')
		if q < 0 {
			return -1
		}
		q += i
		n := 0
		for k := q - 1; k >= i && line[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// statusFollows reports whether line[i:] is " NNN" followed by a space or
// the end of the line.
func statusFollows(line []byte, i int) bool {
	if len(line)-i < 4 || line[i] != ' ' {
		return false
	}
	for _, c := range line[i+1 : i+4] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(line) == i+4 || line[i+4] == ' '
}

// parseSize parses %b: digits, or "-" for zero bytes.
func parseSize(b []byte) (int64, bool) {
	if len(b) == 1 && b[0] == '-' {
		return 0, true
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// hostOnly strips a ":port" suffix from a virtual host ("example.com:443",
// "[2001:db8::1]:443"); rules match hosts, not ports.
func hostOnly(b []byte) []byte {
	if len(b) == 1 && b[0] == '-' {
		return nil
	}
	if len(b) > 0 && b[0] == '[' {
		if e := bytes.IndexByte(b, ']'); e > 0 {
			return b[1:e]
		}
		return b
	}
	c := bytes.LastIndexByte(b, ':')
	if c < 0 || bytes.IndexByte(b[:c], ':') >= 0 || !isDigits(b[c+1:]) {
		return b // no port, or an unbracketed IPv6 literal
	}
	return b[:c]
}

// trimSpaceRight drops the line terminator and trailing blanks a reader or
// an editor may have left.
func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 {
		switch b[len(b)-1] {
		case '\n', '\r', ' ', '\t':
			b = b[:len(b)-1]
			continue
		}
		break
	}
	return b
}
