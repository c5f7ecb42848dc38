package netset

import (
	"net/netip"
	"slices"
)

// Normalize returns ps sorted, without duplicates and without prefixes
// that lie inside another one: an nftables interval set refuses
// overlapping elements, and a feed often lists a /24 and hosts inside it.
// Adjacent networks are left as they are (the kernel merges ranges).
// ps is reordered in place.
func Normalize(ps []netip.Prefix) []netip.Prefix {
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		if a.Addr().Is4() != b.Addr().Is4() {
			if a.Addr().Is4() {
				return -1
			}
			return 1
		}
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits() // the wider first
	})
	out := ps[:0]
	for _, p := range ps {
		if n := len(out); n > 0 {
			last := out[n-1]
			if last.Addr().Is4() == p.Addr().Is4() && last.Bits() <= p.Bits() && last.Contains(p.Addr()) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}
