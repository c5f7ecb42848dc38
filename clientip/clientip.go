// Package clientip finds the client a request came from when it passed
// through reverse proxies: it trusts X-Forwarded-For only as far as the
// chain of proxies the operator declared trusted.
package clientip

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/gaissmai/bart"

	"github.com/guardctl/guardctl/parser"
)

// Resolver sets Event.Client from Event.Peer and Event.XFF. It only reads
// its table, so one Resolver may serve many goroutines as long as nobody
// modifies the table given to FromTable.
type Resolver struct {
	trusted *bart.Lite
}

// New returns a Resolver that trusts the given proxy prefixes. Prefixes are
// masked; IPv4-mapped IPv6 prefixes (::ffff:10.0.0.0/104) are stored as the
// IPv4 prefix they mean, because addresses are unmapped before lookup.
func New(trusted []netip.Prefix) (*Resolver, error) {
	t := new(bart.Lite)
	for i, p := range trusted {
		if !p.IsValid() {
			return nil, fmt.Errorf("trusted proxy %d: invalid prefix %q", i, p)
		}
		if p.Addr().Is4In6() {
			if p.Bits() < 96 {
				return nil, fmt.Errorf("trusted proxy %s: an IPv4-mapped prefix needs at least 96 bits", p)
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		t.Insert(p.Masked())
	}
	return &Resolver{trusted: t}, nil
}

// FromTable returns a Resolver that uses t directly (no copy), for callers
// that already keep their trusted proxies in a bart table. t must hold
// unmapped prefixes (bart does not unmap) and must not be nil.
func FromTable(t *bart.Lite) *Resolver {
	return &Resolver{trusted: t}
}

// Trusted reports whether a is a trusted proxy address.
func (r *Resolver) Trusted(a netip.Addr) bool {
	return a.IsValid() && r.trusted.Contains(a.Unmap())
}

// Outcome says how Resolve chose Event.Client; callers count outcomes to
// spot a misconfigured proxy list.
type Outcome uint8

const (
	// Direct: the peer is not a trusted proxy, so any X-Forwarded-For is
	// the client's own claim and is ignored. Client = Peer.
	Direct Outcome = iota
	// Forwarded: Client is the right-most X-Forwarded-For address that is
	// not a trusted proxy, every hop to its right being trusted.
	Forwarded
	// Internal: the peer and every address in X-Forwarded-For are trusted
	// (or there is no header): the request came from inside the trusted
	// network, or the log does not record X-Forwarded-For. Client is
	// invalid, so nobody is judged for it.
	Internal
	// Unidentified: walking from the right, a trusted hop reported
	// something that is not an address ("unknown", an obfuscated node
	// name, garbage). The real client cannot be known; Client is invalid.
	Unidentified
)

func (o Outcome) String() string {
	switch o {
	case Direct:
		return "direct"
	case Forwarded:
		return "forwarded"
	case Internal:
		return "internal"
	case Unidentified:
		return "unidentified"
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}

// Resolve sets ev.Client and returns how it chose it. It does not allocate.
//
// The walk goes from the right because each trusted proxy appends the
// address it received the request from: the right-most entries are written
// by proxies we trust, anything further left by whoever is beyond them.
// Hence:
//   - An untrusted peer's header is never read: a client cannot pick the
//     address it is judged as.
//   - Entries are "a.b.c.d", "a.b.c.d:port", IPv6, "[v6]", "[v6]:port",
//     with spaces or quotes around; IPv4-mapped addresses are unmapped and
//     zones dropped. Empty entries (",," or a trailing comma) are skipped:
//     they name no hop.
//   - A garbage entry stops the walk with Unidentified rather than being
//     skipped: what lies left of it was written by an unknown party.
//   - When no untrusted address is found, Client is left invalid (Internal
//     or Unidentified) instead of falling back to a trusted proxy's
//     address: banning the proxy would ban every client behind it. A
//     caller must not judge an event whose Client is invalid.
func (r *Resolver) Resolve(ev *parser.Event) Outcome {
	peer := ev.Peer.Unmap()
	if !peer.IsValid() {
		ev.Client = netip.Addr{}
		return Unidentified
	}
	if !r.trusted.Contains(peer) {
		ev.Client = peer
		return Direct
	}
	xff := ev.XFF
	for len(xff) > 0 {
		var entry []byte
		if c := bytes.LastIndexByte(xff, ','); c >= 0 {
			entry, xff = xff[c+1:], xff[:c]
		} else {
			entry, xff = xff, nil
		}
		entry = trim(entry)
		if len(entry) == 0 {
			continue
		}
		a, ok := parser.ParseHostAddr(entry)
		if !ok {
			ev.Client = netip.Addr{}
			return Unidentified
		}
		if !r.trusted.Contains(a) {
			ev.Client = a
			return Forwarded
		}
	}
	ev.Client = netip.Addr{}
	return Internal
}

// trim drops blanks and the quotes some proxies put around entries.
func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '"') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '"') {
		b = b[:len(b)-1]
	}
	return b
}
