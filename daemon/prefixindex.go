package daemon

import (
	"net/netip"
	"slices"
)

// prefixIndex answers, for many prefixes, whether one of a large list of
// prefixes contains or overlaps them, in a map lookup per prefix length
// the list uses rather than one comparison per member: 100k active bans
// against 100k kernel elements was 10^10 comparisons.
type prefixIndex struct {
	set          map[netip.Prefix]struct{}
	lens4, lens6 []int        // prefix lengths present, ascending
	starts       []netip.Addr // every member's first address, sorted
}

// newPrefixIndex indexes ps; overlaps needs withStarts, within does not.
func newPrefixIndex(ps []netip.Prefix, withStarts bool) *prefixIndex {
	x := &prefixIndex{set: make(map[netip.Prefix]struct{}, len(ps))}
	var has4 [33]bool
	var has6 [129]bool
	for _, p := range ps {
		p = p.Masked()
		x.set[p] = struct{}{}
		if withStarts {
			x.starts = append(x.starts, p.Addr())
		}
		if p.Addr().Is4() {
			has4[p.Bits()] = true
		} else {
			has6[p.Bits()] = true
		}
	}
	x.lens4, x.lens6 = present(has4[:]), present(has6[:])
	slices.SortFunc(x.starts, netip.Addr.Compare)
	return x
}

func present(has []bool) []int {
	var out []int
	for l, ok := range has {
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// within reports whether a member contains p: equal to it, or, with
// strictly, only wider than it.
func (x *prefixIndex) within(p netip.Prefix, strictly bool) bool {
	lens := x.lens6
	if p.Addr().Is4() {
		lens = x.lens4
	}
	for _, l := range lens {
		if l > p.Bits() || strictly && l == p.Bits() {
			break
		}
		if w, err := p.Addr().Prefix(l); err == nil {
			if _, ok := x.set[w]; ok {
				return true
			}
		}
	}
	return false
}

// overlaps reports whether a member overlaps p: contains it, or starts
// inside it (then it is inside p, or p itself). The index must have been
// built withStarts.
func (x *prefixIndex) overlaps(p netip.Prefix) bool {
	p = p.Masked()
	if x.within(p, false) {
		return true
	}
	i, _ := slices.BinarySearchFunc(x.starts, p.Addr(), netip.Addr.Compare)
	return i < len(x.starts) && p.Contains(x.starts[i])
}
