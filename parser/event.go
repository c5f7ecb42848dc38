// Package parser turns one access-log line into an Event. The fixed formats
// are parsed by hand, without regexp and without allocating per line, because
// this is the hot path of every guardctl command.
package parser

import (
	"net/netip"
	"time"
)

// Event is one parsed request, or for error and application logs one
// reported event of another Kind.
//
// The byte-slice fields alias the line passed to Parse (or the parser's own
// scratch buffer) and are valid only until the next call to Parse on the same
// Parser: a consumer that keeps a field must copy it. This is what lets the
// hot path run without allocating.
type Event struct {
	Time    time.Time  // the log's own timestamp, in UTC
	Peer    netip.Addr // the address in the log's client field (remote_addr), unmapped
	Client  netip.Addr // the client to judge; Parse sets it to Peer, clientip.Resolver may replace it
	Method  []byte     // empty when the request line was junk; see Request
	Path    []byte     // request path without the query string, still URL-encoded
	Query   []byte     // what followed the first '?', without the '?'; nil when none
	Proto   []byte
	Status  int
	Size    int64
	Referer []byte // nil when the log had "-"
	UA      []byte // nil when the log had "-"
	XFF     []byte // X-Forwarded-For as logged; nil when the format has none
	Host    []byte // virtual host, when the format has one
	User    []byte // authenticated user, nil when "-"

	// Request is the request line as logged, with the log's escapes undone
	// (so a TLS handshake sent to a plain-HTTP port shows as the bytes
	// 0x16 0x03 ...). It is kept even when the line is not a valid HTTP
	// request; Method, Path, Query and Proto are then empty. Nil when the log
	// had "-" or no request line, or the format logs method and URI apart.
	Request []byte

	// Kind is what the line reports: a request for access logs, an
	// authentication failure, a rate-limit rejection ... for error and
	// application logs (whose events carry no request fields but Path
	// and User when the log names them).
	Kind Kind

	// Source is the label of the [[source]] the line was read from (its
	// name, else its path), set by the pipeline after Parse; empty when
	// the line was read without one. Throttles scoped to sources count
	// only events of theirs (fail2ban's per-jail counting).
	Source string
}

// Reset clears e for reuse without releasing anything.
func (e *Event) Reset() { *e = Event{} }
