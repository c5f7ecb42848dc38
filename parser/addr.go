package parser

import (
	"bytes"
	"net/netip"
)

// ParseAddr parses a textual IPv4 or IPv6 address held in b without
// allocating, which netip.ParseAddr cannot promise for a []byte (it needs a
// string, and its errors keep a copy of the input). It accepts exactly what
// netip.ParseAddr accepts, then drops any IPv6 zone and unmaps IPv4-mapped
// IPv6 addresses, because an attacker is judged by one canonical address no
// matter how the log spelled it.
func ParseAddr(b []byte) (netip.Addr, bool) {
	for _, c := range b {
		switch c {
		case '.':
			return parseIPv4(b)
		case ':':
			return parseIPv6(b)
		case '%':
			return netip.Addr{}, false
		}
	}
	return netip.Addr{}, false
}

// ParseHostAddr is ParseAddr for fields that may carry a port or brackets:
// "1.2.3.4:5678", "[2001:db8::1]:443", "[2001:db8::1]". Proxies and JSON logs
// (traefik ClientAddr, envoy downstream_remote_address) write addresses so.
func ParseHostAddr(b []byte) (netip.Addr, bool) {
	if len(b) > 0 && b[0] == '[' {
		end := bytes.IndexByte(b, ']')
		if end < 0 {
			return netip.Addr{}, false
		}
		rest := b[end+1:]
		if len(rest) > 0 && (rest[0] != ':' || !isPort(rest[1:])) {
			return netip.Addr{}, false
		}
		return ParseAddr(b[1:end])
	}
	if a, ok := ParseAddr(b); ok {
		return a, true
	}
	// IPv4 with a port: exactly one colon, digits after it. A bare IPv6
	// address has at least two colons and was handled above.
	c := bytes.IndexByte(b, ':')
	if c < 0 || bytes.IndexByte(b[c+1:], ':') >= 0 || !isPort(b[c+1:]) {
		return netip.Addr{}, false
	}
	return parseIPv4(b[:c])
}

// isPort reports whether b is a decimal port number, 0-65535.
func isPort(b []byte) bool {
	if !isDigits(b) {
		return false
	}
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
		if n > 65535 {
			return false
		}
	}
	return true
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseIPv4 parses dotted-quad decimal with the same strictness as
// net/netip: four fields, each 0-255, no leading zeros.
func parseIPv4(b []byte) (netip.Addr, bool) {
	a, n := parseIPv4Prefix(b)
	return a, n > 0 && n == len(b)
}

// parseIPv4Prefix parses the dotted quad that starts b and returns it and
// its length, 0 when b does not start with one. The caller decides what
// may follow it.
func parseIPv4Prefix(b []byte) (netip.Addr, int) {
	var ip [4]byte
	i := 0
	for f := range ip {
		if f > 0 {
			if i >= len(b) || b[i] != '.' {
				return netip.Addr{}, 0
			}
			i++
		}
		if i >= len(b) || b[i]-'0' > 9 {
			return netip.Addr{}, 0
		}
		v := uint(b[i] - '0')
		i++
		if i < len(b) && b[i]-'0' <= 9 {
			if v == 0 {
				return netip.Addr{}, 0 // leading zero
			}
			v = v*10 + uint(b[i]-'0')
			i++
			if i < len(b) && b[i]-'0' <= 9 {
				v = v*10 + uint(b[i]-'0')
				i++
				if v > 255 {
					return netip.Addr{}, 0
				}
			}
		}
		ip[f] = byte(v)
	}
	return netip.AddrFrom4(ip), i
}

// parseIPv6 follows net/netip's parseIPv6 step by step so that both accept
// the same inputs (FuzzParseAddr checks this), but works on bytes and
// discards the zone instead of interning it.
func parseIPv6(in []byte) (netip.Addr, bool) {
	s := in
	if z := bytes.IndexByte(s, '%'); z >= 0 {
		if z == len(s)-1 {
			return netip.Addr{}, false // netip rejects an empty zone
		}
		s = s[:z]
	}
	var ip [16]byte
	ellipsis := -1
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis = 0
		s = s[2:]
		if len(s) == 0 {
			return netip.IPv6Unspecified(), true
		}
	}
	i := 0
	for i < 16 {
		off := 0
		acc := uint32(0)
		for ; off < len(s); off++ {
			v, ok := hexDigit(s[off])
			if !ok {
				break
			}
			acc = acc<<4 + uint32(v)
			if off > 3 {
				return netip.Addr{}, false // more than 4 digits in a group
			}
		}
		if off == 0 {
			return netip.Addr{}, false
		}
		if off < len(s) && s[off] == '.' {
			// Embedded IPv4 in the last 32 bits.
			if ellipsis < 0 && i != 12 {
				return netip.Addr{}, false
			}
			if i+4 > 16 {
				return netip.Addr{}, false
			}
			v4, ok := parseIPv4(s)
			if !ok {
				return netip.Addr{}, false
			}
			b4 := v4.As4()
			copy(ip[i:], b4[:])
			s = nil
			i += 4
			break
		}
		ip[i] = byte(acc >> 8)
		ip[i+1] = byte(acc)
		i += 2
		s = s[off:]
		if len(s) == 0 {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return netip.Addr{}, false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return netip.Addr{}, false // second ::
			}
			ellipsis = i
			s = s[1:]
			if len(s) == 0 {
				break
			}
		}
	}
	if len(s) != 0 {
		return netip.Addr{}, false
	}
	if i < 16 {
		if ellipsis < 0 {
			return netip.Addr{}, false
		}
		n := 16 - i
		copy(ip[ellipsis+n:], ip[ellipsis:i])
		clear(ip[ellipsis : ellipsis+n])
	} else if ellipsis >= 0 {
		return netip.Addr{}, false // :: must stand for at least one group
	}
	return netip.AddrFrom16(ip).Unmap(), true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
