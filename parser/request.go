package parser

import "bytes"

// splitRequest fills Request, Method, Path, Query and Proto from a request
// line whose log escapes are already undone.
//
// Policy for malformed request lines: they are never a reason to skip the
// line. Scanners send TLS handshakes to plain-HTTP ports, RDP cookies, Gh0st
// beacons and bare words ("HELP"); the server answers 400 and logs the bytes.
// That is exactly what a detector wants to see, so the Event keeps the client,
// time and status, Request holds the bytes, and Method/Path/Query/Proto stay
// empty. A line is "METHOD target [HTTP/x]" only when METHOD is an RFC 9110
// token and a target follows; the target may contain spaces (nginx logs the
// raw line), the protocol is the last word when it starts with "HTTP/".
// "-" (apache's "no request line read") and "" give a nil Request.
func splitRequest(r []byte, ev *Event) {
	if len(r) == 0 || (len(r) == 1 && r[0] == '-') {
		return
	}
	ev.Request = r
	sp := indexByte(r, ' ')
	if sp <= 0 || !isToken(r[:sp]) {
		return
	}
	method, rest := r[:sp], r[sp+1:]
	var proto []byte
	if p := protoStart(rest); p >= 0 && bytes.HasPrefix(rest[p+1:], []byte("HTTP/")) {
		proto = rest[p+1:]
		rest = rest[:p]
	}
	if len(rest) == 0 {
		return
	}
	ev.Method, ev.Proto = method, proto
	setURI(rest, ev)
}

// protoStart is bytes.LastIndexByte(rest, ' '): the space before the
// protocol. Nearly every request ends in " HTTP/1.1" (or 1.0, 2.0), whose
// space it finds with one look; LastIndexByte is a plain loop, not a
// vector search, and a profile of the 1M-line benchmark put ~8 % of the
// CLF parse on it.
func protoStart(rest []byte) int {
	if p := len(rest) - 9; p >= 0 && rest[p] == ' ' && rest[len(rest)-2] == '.' {
		// " HTTP/x.y" holds no other space: p is the last one.
		if string(rest[p+1:p+6]) == "HTTP/" && rest[len(rest)-3] != ' ' && rest[len(rest)-1] != ' ' {
			return p
		}
	}
	return bytes.LastIndexByte(rest, ' ')
}

// setURI splits a request target at the first '?'.
func setURI(uri []byte, ev *Event) {
	if q := bytes.IndexByte(uri, '?'); q >= 0 {
		ev.Path, ev.Query = uri[:q], uri[q+1:] // empty, not nil, for a bare '?'
		return
	}
	ev.Path, ev.Query = uri, nil
}

// isToken reports whether b is an RFC 9110 token (the syntax of a method).
func isToken(b []byte) bool {
	for _, c := range b {
		if !tchar(c) {
			return false
		}
	}
	return len(b) > 0
}

func tchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
