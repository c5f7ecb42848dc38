package firewall

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// Longer reports whether timeout a keeps a ban longer than timeout b; zero
// means forever.
func Longer(a, b time.Duration) bool {
	switch {
	case a == 0:
		return b != 0
	case b == 0:
		return false
	default:
		return a > b
	}
}

func longest(a, b time.Duration) time.Duration {
	if Longer(b, a) {
		return b
	}
	return a
}

// comparePrefix orders by address, then wider prefixes first, so a
// container sorts right before what it contains.
func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return cmp.Compare(a.Bits(), b.Bits())
}

// Coalesce turns a batch into the non-overlapping set an interval set can
// hold: prefixes are made canonical, duplicates and prefixes inside a wider
// one in the same batch fold into it, and the survivor keeps the longest
// timeout, so no address is released before any ban that covered it asked.
// It fails on the first invalid prefix, naming it, before anything is loaded.
func Coalesce(bans []Ban) ([]Ban, error) {
	out := make([]Ban, 0, len(bans))
	for i, b := range bans {
		p, err := Canonical(b.Prefix)
		if err != nil {
			return nil, fmt.Errorf("ban %d: %w", i, err)
		}
		if b.Timeout < 0 {
			return nil, fmt.Errorf("ban %d (%s): negative timeout %s", i, p, b.Timeout)
		}
		out = append(out, Ban{Prefix: p, Timeout: b.Timeout})
	}
	slices.SortFunc(out, func(a, b Ban) int { return comparePrefix(a.Prefix, b.Prefix) })
	merged := out[:0]
	for _, b := range out {
		if n := len(merged); n > 0 && merged[n-1].Prefix.Overlaps(b.Prefix) {
			// Sorted order puts the container first; b is equal or inside.
			merged[n-1].Timeout = longest(merged[n-1].Timeout, b.Timeout)
			continue
		}
		merged = append(merged, b)
	}
	return merged, nil
}

// Change is the set of element operations that loads a batch into an
// interval set without overlaps.
type Change struct {
	Delete []netip.Prefix // existing elements absorbed by a wider new ban
	Add    []Ban          // elements to add or refresh
}

// Plan merges coalesced bans into an interval set holding existing, which
// must not overlap (the kernel guarantees that for interval sets):
//   - a ban equal to an element replaces its timeout;
//   - a ban inside a wider element is already enforced; the element's
//     timeout is raised when the ban asks for longer;
//   - a ban wider than elements replaces them and keeps the longest timeout.
func Plan(existing []Entry, bans []Ban) Change {
	ex := slices.Clone(existing)
	slices.SortFunc(ex, func(a, b Entry) int { return comparePrefix(a.Prefix, b.Prefix) })
	add := make(map[netip.Prefix]time.Duration, len(bans))
	var order []netip.Prefix
	put := func(p netip.Prefix, t time.Duration) {
		if old, ok := add[p]; ok {
			add[p] = longest(old, t)
			return
		}
		add[p] = t
		order = append(order, p)
	}
	var ch Change
	for _, b := range bans {
		first := b.Prefix.Addr()
		// The last element starting at or before b may contain it.
		i, _ := slices.BinarySearchFunc(ex, first, func(e Entry, a netip.Addr) int {
			return e.Prefix.Addr().Compare(a)
		})
		for i < len(ex) && ex[i].Prefix.Addr() == first && ex[i].Prefix.Bits() < b.Prefix.Bits() {
			i++ // containers that start at the same address sort earlier
		}
		if i > 0 {
			if e := ex[i-1]; e.Prefix.Bits() < b.Prefix.Bits() && e.Prefix.Contains(first) {
				if Longer(b.Timeout, e.Expires) {
					put(e.Prefix, b.Timeout)
				}
				continue
			}
		}
		t := b.Timeout
		for ; i < len(ex) && b.Prefix.Contains(ex[i].Prefix.Addr()); i++ {
			if ex[i].Prefix != b.Prefix {
				ch.Delete = append(ch.Delete, ex[i].Prefix)
				t = longest(t, ex[i].Expires)
			}
		}
		put(b.Prefix, t)
	}
	ch.Add = make([]Ban, 0, len(order))
	for _, p := range order {
		ch.Add = append(ch.Add, Ban{Prefix: p, Timeout: add[p]})
	}
	return ch
}

// Within returns the elements of existing that are equal to or inside p,
// and the element that contains p when a wider ban covers it.
func Within(existing []Entry, p netip.Prefix) (inside []netip.Prefix, container netip.Prefix) {
	for _, e := range existing {
		switch {
		case !e.Prefix.Overlaps(p):
		case e.Prefix.Bits() >= p.Bits():
			inside = append(inside, e.Prefix)
		default:
			container = e.Prefix
		}
	}
	return inside, container
}
