package parser

import (
	"bytes"
	"time"
	"unicode/utf8"
)

// jsonParser reads one JSON object per line with a purpose-built scanner
// instead of encoding/json: it looks only at the configured keys, skips
// everything else without decoding it, and points Event fields into the line
// (or the scratch buffer when a string has escapes), so a line costs no
// allocation once the scratch buffers have grown. It checks only as much
// JSON syntax as it needs to find the keys: a line that is not an object,
// or whose strings or brackets do not close, is bad_json.
//
// Text before the first '{' is ignored so that container runtimes' prefixes
// ("2025-12-31T17:37:40.49+01:00 stdout F {...}") need no extra config;
// text after the object is not.
type jsonParser struct {
	keys   map[string]jsonKey
	inner  map[string]bool
	layout string // optional Go layout for string timestamps
	s      scratch
	path   []byte // key path of the value being scanned
	keyBuf []byte // an escaped key, unescaped
	found  [numJSONFields]jsonValue
}

type jsonValue struct {
	b    []byte
	prio int
	set  bool
}

// maxJSONDepth bounds recursion into configured nested paths; scanning
// unconfigured nesting is iterative and needs no bound.
const maxJSONDepth = 16

func (p *jsonParser) Format() string { return FormatJSON }

func (p *jsonParser) Parse(line []byte, ev *Event) error {
	*ev = Event{}
	p.s.reset()
	p.found = [numJSONFields]jsonValue{}
	p.path = p.path[:0]
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	start := bytes.IndexByte(line, '{')
	if start < 0 {
		return lineErr(ReasonBadJSON, "no JSON object")
	}
	end, ok := p.object(line, start, 0)
	if !ok {
		return lineErr(ReasonBadJSON, "malformed JSON object")
	}
	if end != len(line) {
		return lineErr(ReasonBadJSON, "text after the JSON object")
	}
	return p.fill(ev)
}

// fill builds the Event from the captured values.
func (p *jsonParser) fill(ev *Event) error {
	f := &p.found
	if !f[jfClient].set {
		return lineErr(ReasonBadClient, "no client field")
	}
	addr, ok := ParseHostAddr(f[jfClient].b)
	if !ok {
		return lineErr(ReasonBadClient, "client field is not an IP address")
	}
	ev.Peer, ev.Client = addr, addr

	if !f[jfTime].set {
		return lineErr(ReasonBadTime, "no time field")
	}
	t, ok := p.parseTime(f[jfTime].b)
	if !ok {
		return lineErr(ReasonBadTime, "time field is not a known timestamp")
	}
	ev.Time = t

	if !f[jfStatus].set {
		return lineErr(ReasonBadStatus, "no status field")
	}
	st, ok := parseStatus(f[jfStatus].b)
	if !ok {
		return lineErr(ReasonBadStatus, "status is not a number 0-999")
	}
	ev.Status = st

	if f[jfSize].set {
		n, ok := parseSize(f[jfSize].b)
		if !ok {
			return lineErr(ReasonBadSize, "size is neither digits nor \"-\"")
		}
		ev.Size = n
	}

	if f[jfRequest].set {
		splitRequest(f[jfRequest].b, ev)
	}
	if ev.Method == nil {
		ev.Method = p.text(jfMethod)
	}
	if ev.Path == nil {
		if uri := p.text(jfURI); uri != nil {
			setURI(uri, ev)
		}
	}
	if ev.Query == nil {
		if q := p.text(jfQuery); q != nil {
			if q[0] == '?' {
				q = q[1:]
			}
			ev.Query = q
		}
	}
	if ev.Proto == nil {
		ev.Proto = p.text(jfProto)
	}
	ev.Referer = p.text(jfReferer)
	ev.UA = p.text(jfUA)
	ev.XFF = p.text(jfXFF)
	ev.User = p.text(jfUser)
	if h := p.text(jfHost); h != nil {
		ev.Host = hostOnly(h)
	}
	return nil
}

// text returns a captured string field, nil when absent, "" or "-" (nginx
// writes "-" for unset variables, caddy and traefik write "").
func (p *jsonParser) text(f jsonField) []byte {
	v := p.found[f]
	if !v.set || len(v.b) == 0 || (len(v.b) == 1 && v.b[0] == '-') {
		return nil
	}
	return v.b
}

func (p *jsonParser) parseTime(b []byte) (time.Time, bool) {
	if p.layout != "" {
		t, err := time.Parse(p.layout, string(b))
		if err == nil {
			return t.UTC(), true
		}
	}
	return parseAnyTime(b)
}

// parseStatus reads a status written as a JSON number or string.
func parseStatus(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 3 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// object scans the object starting at b[i] == '{' and returns the index
// after its closing brace.
func (p *jsonParser) object(b []byte, i, depth int) (int, bool) {
	i++ // '{'
	for first := true; ; first = false {
		i = skipWS(b, i)
		if i >= len(b) {
			return 0, false
		}
		if b[i] == '}' && first {
			return i + 1, true
		}
		if b[i] != '"' {
			return 0, false
		}
		q := closingQuote(b, i+1)
		if q < 0 {
			return 0, false
		}
		key := b[i+1 : q]
		if bytes.IndexByte(key, '\\') >= 0 {
			p.keyBuf = appendJSONUnescaped(p.keyBuf[:0], key)
			key = p.keyBuf
		}
		base := len(p.path)
		if base > 0 {
			p.path = append(p.path, '.')
		}
		p.path = append(p.path, key...)

		i = skipWS(b, q+1)
		if i >= len(b) || b[i] != ':' {
			return 0, false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return 0, false
		}
		var ok bool
		switch {
		case b[i] == '{' && depth < maxJSONDepth && p.inner[string(p.path)]:
			i, ok = p.object(b, i, depth+1)
		default:
			if k, want := p.keys[string(p.path)]; want {
				i, ok = p.capture(b, i, k)
			} else {
				i, ok = skipValue(b, i)
			}
		}
		if !ok {
			return 0, false
		}
		p.path = p.path[:base]

		i = skipWS(b, i)
		if i >= len(b) {
			return 0, false
		}
		switch b[i] {
		case ',':
			i++
		case '}':
			return i + 1, true
		default:
			return 0, false
		}
	}
}

// capture reads the value at b[i] for key k: a string or number, or the
// first element of an array of them. Objects, booleans and null are
// skipped as absent.
func (p *jsonParser) capture(b []byte, i int, k jsonKey) (int, bool) {
	end, ok := skipValue(b, i)
	if !ok {
		return 0, false
	}
	v := b[i:end]
	if v[0] == '[' {
		j := skipWS(v, 1)
		if j >= len(v) || v[j] == ']' {
			return end, true // empty array: absent
		}
		e, ok := skipValue(v, j)
		if !ok {
			return 0, false
		}
		v = v[j:e]
	}
	var val []byte
	switch c := v[0]; {
	case c == '"':
		if len(v) < 2 {
			return 0, false
		}
		val = p.unescapeJSON(v[1 : len(v)-1])
	case c == '-' || (c >= '0' && c <= '9'):
		val = v
	default:
		return end, true
	}
	if cur := &p.found[k.field]; !cur.set || k.prio < cur.prio {
		*cur = jsonValue{b: val, prio: k.prio, set: true}
	}
	return end, true
}

// skipValue returns the index after the JSON value starting at b[i]. For
// containers it matches brackets and skips strings, without validating
// what is inside.
func skipValue(b []byte, i int) (int, bool) {
	switch b[i] {
	case '"':
		q := closingQuote(b, i+1)
		if q < 0 {
			return 0, false
		}
		return q + 1, true
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				q := closingQuote(b, i+1)
				if q < 0 {
					return 0, false
				}
				i = q + 1
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
		return 0, false
	case '}', ']', ',', ':':
		return 0, false
	}
	j := i
	for j < len(b) {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return j, j > i
		case '"', '{', '[', ':':
			return 0, false
		}
		j++
	}
	return j, j > i
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// unescapeJSON returns s with JSON string escapes undone, in the scratch
// buffer when needed.
func (p *jsonParser) unescapeJSON(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 {
		return s
	}
	start := len(p.s.buf)
	p.s.buf = appendJSONUnescaped(p.s.buf, s)
	return p.s.buf[start:len(p.s.buf):len(p.s.buf)]
}

// appendJSONUnescaped decodes the escapes of a JSON string body. \u escapes
// of control bytes come back as those bytes (nginx escape=json writes a TLS
// handshake as \u0016\u0003...), so rules see the same bytes as from a text
// log. An invalid escape is kept as written; a lone surrogate becomes U+FFFD.
func appendJSONUnescaped(dst, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '\\')
		if i < 0 || i == len(s)-1 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		c := s[i+1]
		n := 2
		switch c {
		case '"', '\\', '/':
			dst = append(dst, c)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s[i+2:])
			if !ok {
				dst = append(dst, '\\', 'u')
				break
			}
			n = 6
			switch {
			case r < 0x80:
				dst = append(dst, byte(r))
			case r >= 0xD800 && r < 0xDC00:
				if len(s) >= i+12 && s[i+6] == '\\' && s[i+7] == 'u' {
					if lo, ok := hex4(s[i+8:]); ok && lo >= 0xDC00 && lo < 0xE000 {
						r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
						n = 12
					}
				}
				dst = utf8.AppendRune(dst, r) // unpaired: AppendRune writes U+FFFD
			default:
				dst = utf8.AppendRune(dst, r)
			}
		default:
			dst = append(dst, '\\', c)
		}
		s = s[i+n:]
	}
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		v, ok := hexDigit(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}
