// Package ipprefix is the one place guardctl normalises and prints the
// addresses and networks it bans: the store, the kernel, the protected
// address checker, the admin verbs and their JSON all key a client the same
// way and show it the same way.
package ipprefix

import (
	"fmt"
	"net/netip"
	"strings"
)

// Canonical returns p as guardctl keys a client everywhere: no zone, an
// IPv4-mapped IPv6 prefix of /96 or longer as its IPv4 form (the kernel
// sees such clients as IPv4), host bits cleared. A mapped prefix wider than
// /96 reaches past the mapped range into real IPv6 and stays IPv6. For
// lookups of prefixes guardctl derived itself; a prefix someone asked for
// goes through Normalize, which refuses instead of masking.
func Canonical(p netip.Prefix) netip.Prefix {
	if !p.IsValid() {
		return p
	}
	return unmap(p).Masked()
}

func unmap(p netip.Prefix) netip.Prefix {
	a, bits := p.Addr().WithZone(""), p.Bits()
	if a.Is4In6() && bits >= 96 {
		a, bits = a.Unmap(), bits-96
	}
	return netip.PrefixFrom(a, bits)
}

// Normalize checks a prefix an admin asked to ban or unban and returns its
// Canonical form. It refuses what Canonical would have to guess at: host
// bits (the writer meant either the network or the one address, and
// guessing the network bans 255 innocent neighbours, guessing the address
// lets the network in), a /0 (every client), an IPv4-mapped network wider
// than /96 and an invalid prefix. The error is an *Error.
func Normalize(p netip.Prefix) (netip.Prefix, error) {
	if !p.IsValid() {
		return netip.Prefix{}, &Error{Given: p, Problem: "not an IP address or CIDR network"}
	}
	if p.Addr().Is4In6() && p.Bits() < 96 {
		return netip.Prefix{}, &Error{Given: p, Problem: "is an IPv4-mapped network wider than /96 (it reaches into IPv6)"}
	}
	n := unmap(p)
	if m := n.Masked(); m != n {
		return netip.Prefix{}, &Error{Given: p, Problem: "has host bits set", Network: m, Address: n.Addr()}
	}
	if n.Bits() == 0 {
		return netip.Prefix{}, &Error{Given: p, Problem: "matches every address"}
	}
	return n, nil
}

// Parse reads an address or CIDR network someone typed (`guardctl ban
// 203.0.113.7`, `unban 2001:db8::/64`) and Normalizes it. A bare address is
// the one client; a zone (%eth0) is refused, since no ban can name one.
func Parse(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	var p netip.Prefix
	if a, err := netip.ParseAddr(s); err == nil {
		if a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("%q: zones (%%%s) are not allowed: no rule or ban can name one", s, a.Zone())
		}
		p = netip.PrefixFrom(a, a.BitLen())
	} else if p, err = netip.ParsePrefix(s); err != nil {
		if strings.Contains(s, "/") {
			// netip names the part that is wrong ("prefix length out of
			// range") after an echo of the input.
			msg := err.Error()
			if i := strings.LastIndex(msg, "): "); i >= 0 {
				msg = msg[i+3:]
			}
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR network: %s", s, msg)
		}
		if leadingZero(s) {
			// netip refuses 010.1.1.1 for its ambiguity (inet_aton reads
			// 010 as octal 8): say so, not just "not an IP address".
			return netip.Prefix{}, fmt.Errorf("%q is not an IP address: an IPv4 field with a leading zero is ambiguous (octal to some tools); write it without", s)
		}
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR network", s)
	}
	return Normalize(p)
}

// Error is a prefix Normalize refused.
type Error struct {
	Given   netip.Prefix
	Problem string
	// Network and Address are the two things a prefix with host bits may
	// have meant (203.0.113.0/24 and 203.0.113.7 for 203.0.113.7/24).
	Network netip.Prefix
	Address netip.Addr
}

func (e *Error) Error() string {
	if e.Network.IsValid() {
		return fmt.Sprintf("%s %s; did you mean %s (the network) or %s (the address)?", e.Given, e.Problem, e.Network, e.Address)
	}
	if !e.Given.IsValid() {
		return "invalid prefix: " + e.Problem
	}
	return fmt.Sprintf("%s %s", e.Given, e.Problem)
}

// String prints p as guardctl shows a client: a single address without its
// /32 or /128 (what an admin types and greps for), a network in CIDR form,
// an invalid prefix as nothing.
func String(p netip.Prefix) string {
	return string(AppendTo(nil, p))
}

// AppendTo appends String(p) to b, without allocating when b has room.
func AppendTo(b []byte, p netip.Prefix) []byte {
	if p.IsValid() && p.IsSingleIP() {
		return p.Addr().AppendTo(b)
	}
	return p.AppendTo(b)
}

// leadingZero reports whether a looks like dotted IPv4 with a field that
// has a leading zero (010.1.1.1).
func leadingZero(a string) bool {
	fields := strings.Split(a, ".")
	if len(fields) != 4 {
		return false
	}
	zero := false
	for _, f := range fields {
		if f == "" || len(f) > 3 || strings.Trim(f, "0123456789") != "" {
			return false
		}
		zero = zero || (len(f) > 1 && f[0] == '0')
	}
	return zero
}
