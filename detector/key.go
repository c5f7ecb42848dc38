package detector

import (
	"encoding/binary"
	"net/netip"
)

// key is a client prefix packed into two words. The tables hold millions of
// these, so they avoid netip.Prefix (32 bytes, and its zone handle is a
// pointer the garbage collector would have to scan). IPv4 keys are stored in
// their IPv4-mapped IPv6 form; an IPv6 key masked to any length can never
// fall inside ::ffff:0:0/96, so the two families cannot collide. The prefix
// length is not part of the key: client tables use the policy's length, and
// the ban and offence tables store it next to the key.
type key struct{ hi, lo uint64 }

func keyOf(p netip.Prefix) key {
	a := p.Addr()
	if a.Is4() {
		// As As16 gives it (::ffff:a.b.c.d), without the 16-byte array
		// whose two halves the CPU stored and loaded back at once (a
		// store-forwarding stall: 3 % of analyze's CPU samples).
		b := a.As4()
		return key{lo: 0xffff<<32 | uint64(binary.BigEndian.Uint32(b[:]))}
	}
	b := a.As16()
	return key{hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint64(b[8:])}
}

func (k key) is4() bool { return k.hi == 0 && k.lo>>32 == 0xffff }

// prefix rebuilds the prefix k was made from, given its length.
func (k key) prefix(bits int) netip.Prefix {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], k.hi)
	binary.BigEndian.PutUint64(b[8:], k.lo)
	a := netip.AddrFrom16(b)
	if k.is4() {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, bits)
}
