package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/guardctl/guardctl/ipprefix"
)

// ParsePrefix reads one address entry of an allow, deny or proxy list: a
// single address ("203.0.113.7", "2001:db8::1") or a network in CIDR
// notation ("10.0.0.0/8", "2001:db8::/32"). A single address becomes a
// full-length prefix. IPv4-mapped IPv6 ("::ffff:192.0.2.1",
// "::ffff:10.0.0.0/104") is the IPv4 address or network, because that is
// how the parser reports such clients.
//
// A network written with host bits set ("10.0.0.1/8") is an error, not
// silently widened: the writer meant either the host or the network, and
// guessing wrong on an allow list exempts millions of addresses. A /0 is
// an error too: it matches every client, which no list means.
//
// The rules and messages are ipprefix's, shared with `guardctl ban` and the
// control API, so a list entry and a ban of the same text read alike.
func ParsePrefix(s string) (netip.Prefix, error) {
	if strings.TrimSpace(s) == "" {
		return netip.Prefix{}, fmt.Errorf("empty address")
	}
	return ipprefix.Parse(s)
}
