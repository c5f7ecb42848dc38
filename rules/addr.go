package rules

import (
	"fmt"
	"net/netip"
	"strings"
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
func ParsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Prefix{}, fmt.Errorf("empty address")
	}
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("bad address %q: want an IP address or a CIDR network", s)
		}
		if a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("bad address %q: zones (%%%s) are not allowed", s, a.Zone())
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		// netip's message names the part that is wrong ("prefix length
		// out of range"); drop its echo of the input.
		msg := err.Error()
		if i := strings.LastIndex(msg, "): "); i >= 0 {
			msg = msg[i+3:]
		}
		return netip.Prefix{}, fmt.Errorf("bad network %q: %s", s, msg)
	}
	if p.Addr().Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, fmt.Errorf("bad network %q: an IPv4-mapped network needs at least /96", s)
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("network %q has host bits set; did you mean %q or %q?",
			s, m.String(), p.Addr().String())
	}
	if p.Bits() == 0 {
		return netip.Prefix{}, fmt.Errorf("network %q matches every address", s)
	}
	return p, nil
}
