package firewall

import (
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
)

// Canonical returns p as the kernel stores it: an IPv4-mapped IPv6 prefix
// becomes IPv4 (the kernel sees such clients as IPv4) and host bits are
// cleared. It refuses invalid prefixes and /0, which would ban every source.
func Canonical(p netip.Prefix) (netip.Prefix, error) {
	if !p.IsValid() {
		return netip.Prefix{}, errors.New("invalid prefix")
	}
	a := p.Addr().WithZone("")
	b := p.Bits()
	if a.Is4In6() {
		if b < 96 {
			return netip.Prefix{}, fmt.Errorf("prefix %s: an IPv4-mapped prefix needs at least /96", p)
		}
		a, b = a.Unmap(), b-96
	}
	if b == 0 {
		return netip.Prefix{}, fmt.Errorf("prefix %s: refusing to ban every address", p)
	}
	return netip.PrefixFrom(a, b).Masked(), nil
}

// CanonicalAll is Canonical for every prefix of a batch; the error names
// the first refused prefix by its position in ps.
func CanonicalAll(ps []netip.Prefix) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(ps))
	for i, p := range ps {
		c, err := Canonical(p)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// u128 is an address as a 128-bit number; IPv4 uses the low 32 bits.
type u128 struct{ hi, lo uint64 }

func toU128(a netip.Addr) u128 {
	if a.Is4() {
		b := a.As4()
		return u128{lo: uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])}
	}
	b := a.As16()
	var u u128
	for i := range 8 {
		u.hi = u.hi<<8 | uint64(b[i])
		u.lo = u.lo<<8 | uint64(b[8+i])
	}
	return u
}

func fromU128(u u128, is4 bool) netip.Addr {
	if is4 {
		v := uint32(u.lo)
		return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	}
	var b [16]byte
	for i := range 8 {
		b[7-i] = byte(u.hi >> (8 * i))
		b[15-i] = byte(u.lo >> (8 * i))
	}
	return netip.AddrFrom16(b)
}

// hostMask has the low n bits set (n <= 128).
func hostMask(n int) u128 {
	switch {
	case n >= 128:
		return u128{^uint64(0), ^uint64(0)}
	case n >= 64:
		return u128{hi: 1<<(n-64) - 1, lo: ^uint64(0)}
	default:
		return u128{lo: 1<<n - 1}
	}
}

// LastAddr returns the highest address inside p.
func LastAddr(p netip.Prefix) netip.Addr {
	p = p.Masked()
	m := hostMask(p.Addr().BitLen() - p.Bits())
	u := toU128(p.Addr())
	return fromU128(u128{u.hi | m.hi, u.lo | m.lo}, p.Addr().Is4())
}

// RangePrefixes returns the fewest prefixes that cover [first, last]
// exactly. Interval sets hold ranges, so a range added by hand (nft add
// element ... { 10.0.0.1-10.0.0.5 }) reads back as several prefixes.
func RangePrefixes(first, last netip.Addr) []netip.Prefix {
	if !first.IsValid() || first.BitLen() != last.BitLen() || last.Less(first) {
		return nil
	}
	is4 := first.Is4()
	width := first.BitLen()
	lo, hi := toU128(first), toU128(last)
	var out []netip.Prefix
	for {
		// The block size is limited by lo's alignment (trailing zeros) and
		// by how much of the range is left.
		tz := trailingZeros(lo, width)
		span := sub(hi, lo) // number of addresses left, minus one
		n := tz
		for n > 0 && less(span, hostMaskOrAll(n, width)) {
			n--
		}
		out = append(out, netip.PrefixFrom(fromU128(lo, is4), width-n))
		end := or(lo, hostMask(n))
		if end == hi {
			return out
		}
		lo = add1(end)
	}
}

func hostMaskOrAll(n, width int) u128 {
	if n > width {
		n = width
	}
	return hostMask(n)
}

func trailingZeros(u u128, width int) int {
	var tz int
	if u.lo != 0 {
		tz = bits.TrailingZeros64(u.lo)
	} else if u.hi != 0 {
		tz = 64 + bits.TrailingZeros64(u.hi)
	} else {
		tz = 128
	}
	return min(tz, width)
}

func sub(a, b u128) u128 {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, borrow)
	return u128{hi, lo}
}

func add1(a u128) u128 {
	lo, carry := bits.Add64(a.lo, 1, 0)
	return u128{a.hi + carry, lo}
}

func less(a, b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

func or(a, b u128) u128 { return u128{a.hi | b.hi, a.lo | b.lo} }
