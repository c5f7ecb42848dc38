//go:build linux

package nft

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// Unban removes the bans equal to or inside each prefix without reading
// whole sets. Every prefix named is looked for in every set it can be in:
// a host ban in its hash set and, as a one-address range, in the interval
// set of its family (an older guardctl or an operator may have put it
// there: it was once reported lifted and left in the kernel); a /64 in
// ban6net64 and in bannet6. For a wider prefix the bans inside it come
// from what this process loaded (including what it adopted with List) and
// from the prefixes the caller names (the elements it read inside it).
//
// Hash elements are removed by key (destroy ignores missing ones).
// Intervals are first confirmed by single-element lookups, because removing
// a start key alone could cut the start off a wider interval; a range that
// is not one prefix (added by hand) is removed whole when the named
// prefixes inside it make it up. A named element that stays, because it is
// part of a range reaching outside the unbanned networks, is an error
// naming it: the caller reported it and must not say it was lifted. One a
// wider ban covers is not an error (the wider ban was not asked for); that
// is logged.
func (b *Backend) Unban(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	want, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("unban: %w", err)
	}
	b.changes++
	for attempt := 0; attempt < 3; attempt++ {
		var plan unbanPlan
		plan, err = b.unbanOnce(ctx, want, nil)
		if errors.Is(err, errStale) {
			b.log.Debug("nftables: the ruleset changed since the unban's lookups; looking again under a guard")
			err = b.staleRetry(ctx, "look up the bans to lift", func() error {
				g, err := b.openGuard(b.raw)
				if err != nil {
					return err
				}
				defer g.close()
				plan, err = b.unbanOnce(ctx, want, g)
				return err
			})
		}
		if err == nil {
			for set, ps := range plan.keys {
				for _, p := range ps {
					b.loaded[set].Delete(p)
				}
			}
			for set, ps := range plan.pieces {
				for _, p := range ps {
					b.loaded[set].Delete(p)
				}
			}
			b.warnCovered(want)
			if len(plan.left) > 0 {
				return b.leftError(plan.left)
			}
			return nil
		}
		if !errors.Is(err, unix.ENOENT) {
			break // ENOENT: an element expired between lookup and delete
		}
	}
	if err != nil {
		return b.explain(fmt.Errorf("unban: %w", err))
	}
	return nil
}

// unbanOnce looks up what to remove for want and removes it. The ranges
// it removes from the interval sets were confirmed by lookups, so the
// lookups and the removal are one read-then-write: another program
// replacing a /24 by a /23 between them had the removal take the /23's
// start and leave its end (the operator's wider ban gone, not asked for;
// TestUnbanCarriesGeneration). So the removal carries the generation read
// before the lookups: the one read here when g is nil (any commit in the
// namespace makes it stale), else g's (sendGuarded: stale only when our
// interval sets may have changed). errStale: look again.
func (b *Backend) unbanOnce(ctx context.Context, want []netip.Prefix, g *genGuard) (unbanPlan, error) {
	var gen uint32
	if g == nil {
		var err error
		if gen, err = generation(b.raw); err != nil {
			return unbanPlan{}, err
		}
	}
	plan, err := b.unbanTargets(want)
	if err != nil {
		return unbanPlan{}, err
	}
	return plan, b.sendUnban(ctx, plan, gen, g)
}

// sendUnban removes what plan names in one transaction when it removes
// ranges (with generation gen, or under g), as many as its size needs
// when it removes hash keys alone: destroying a key depends on no lookup.
// When the kernel does not know the destroy message (EINVAL before Linux
// 6.3) the transaction is made again with delete, which fails on elements
// that expired meanwhile (ENOENT), so the caller looks again.
func (b *Backend) sendUnban(ctx context.Context, plan unbanPlan, gen uint32, g *genGuard) error {
	send := func() error {
		op := opDestroy
		if b.noDestroy {
			op = opDelete
		}
		tx := b.tx()
		ranges := false
		for _, set := range banSetNames() {
			if isInterval(set) {
				tx.spans(op, set, plan.spans[set])
				ranges = ranges || len(plan.spans[set]) > 0
				continue
			}
			bans := make([]firewall.Ban, 0, len(plan.keys[set]))
			for _, p := range plan.keys[set] {
				bans = append(bans, firewall.Ban{Prefix: p})
			}
			tx.elements(op, set, bans, false)
		}
		switch {
		case len(tx.msgs) == 0:
			return nil
		case !ranges:
			return tx.send(ctx, b.raw)
		case g != nil:
			return b.sendGuarded(ctx, tx, g)
		}
		tx.genid = gen
		return tx.sendAtomic(ctx, b.raw)
	}
	err := send()
	if err != nil && !b.noDestroy && errors.Is(err, unix.EINVAL) {
		b.noDestroy = true
		b.log.Info("kernel lacks nftables destroy; deleting elements instead")
		err = send()
	}
	return err
}

// leftError names the elements an unban could not remove.
func (b *Backend) leftError(left []netip.Prefix) error {
	s := make([]string, len(left))
	for i, p := range left {
		s[i] = p.String()
	}
	return fmt.Errorf("unban: %d element(s) not removed: %s: removing them would cut a range of table inet %s that is not one prefix (added by hand?) and does not lie whole inside what was named; unban that whole range", len(left), strings.Join(s, ", "), b.cfg.Table)
}

// unbanPlan is what an unban removes: keys of hash sets, ranges of
// interval sets (and the prefixes they were named as, to forget), and the
// named elements it cannot remove.
type unbanPlan struct {
	keys   map[string][]netip.Prefix
	spans  map[string][]span
	pieces map[string][]netip.Prefix
	left   []netip.Prefix
}

// unbanTargets finds, per set, what to remove for want: each prefix
// itself, in every set that can hold it, and the loaded bans inside it.
// Hash elements need no check with destroy (missing ones are ignored);
// intervals, and every element when the kernel lacks destroy, are
// confirmed by lookups.
func (b *Backend) unbanTargets(want []netip.Prefix) (unbanPlan, error) {
	plan := unbanPlan{keys: map[string][]netip.Prefix{}, spans: map[string][]span{}, pieces: map[string][]netip.Prefix{}}
	cover := loaded.NewCover(want)
	cands := map[string][]netip.Prefix{}
	seen := map[string]map[netip.Prefix]bool{}
	addCand := func(set string, p netip.Prefix) {
		if seen[set] == nil {
			seen[set] = map[netip.Prefix]bool{}
		}
		if !seen[set][p] {
			seen[set][p] = true
			cands[set] = append(cands[set], p)
		}
	}
	for _, p := range want {
		addCand(banSet(p), p)
		if banSet(p) != netSet(p) {
			addCand(netSet(p), p) // a host or /64 put in the interval set
		}
	}
	for _, set := range banSetNames() {
		is4 := set == setBan4 || set == setBanNet4
		bits := 128
		if is4 {
			bits = 32
		}
		// Only hosts wanted: what is loaded inside them is them (no
		// need to range over 100k records). ban6net64 holds /64s only:
		// one is inside a wanted prefix only when that is wider (an
		// equal one is a candidate already).
		if cover.MinBits(is4) >= bits || set == setBan6Net64 && cover.MinBits(false) >= net64Bits {
			continue
		}
		for _, q := range b.loaded[set].Inside(cover) {
			addCand(set, q)
		}
	}
	for _, set := range banSetNames() {
		if isInterval(set) {
			if err := b.planIntervals(&plan, set, cands[set], cover, want); err != nil {
				return unbanPlan{}, err
			}
			continue
		}
		for _, p := range cands[set] {
			if b.noDestroy {
				e, err := b.getElem(set, p.Addr(), false)
				if err != nil {
					return unbanPlan{}, err
				}
				if e == nil {
					continue
				}
			}
			plan.keys[set] = append(plan.keys[set], p)
		}
	}
	return plan, nil
}

// planIntervals confirms the candidates of one interval set by lookups.
// A candidate that is a range of its own is removed. Of the others that a
// range holds (a range that is not one prefix reads back as several), the
// last of a range inside the wanted network removes it whole. A candidate
// left over is an error (plan.left) unless a wider range holds the whole
// wanted network around it: that is a wider ban, which an unban of a
// narrower prefix keeps.
func (b *Backend) planIntervals(plan *unbanPlan, set string, cands []netip.Prefix, cover loaded.Cover, want []netip.Prefix) error {
	type held struct {
		p     netip.Prefix
		start netip.Addr // start of the range holding p's first address
	}
	var rest []held
	done := map[netip.Addr]bool{} // starts of the ranges removed
	for _, c := range cands {
		start, exact, err := b.rangeOf(set, c)
		if err != nil {
			return err
		}
		switch {
		case !start.IsValid():
			// The kernel does not hold it (deleted by hand, expired): it
			// is forgotten, or a later rebuild took the stale record for
			// a ban and put it back (review of 9dafd5a).
			plan.pieces[set] = append(plan.pieces[set], c)
		case exact:
			if !done[start] {
				done[start] = true
				plan.spans[set] = append(plan.spans[set], span{first: c.Addr(), last: firewall.LastAddr(c)})
			}
			plan.pieces[set] = append(plan.pieces[set], c)
		default:
			rest = append(rest, held{c, start})
		}
	}
	// A candidate holding another is a network asked for, not a piece.
	rest = slices.DeleteFunc(rest, func(h held) bool {
		for _, c := range cands {
			if c != h.p && h.p.Bits() < c.Bits() && h.p.Contains(c.Addr()) {
				return true
			}
		}
		return false
	})
	// A range that starts inside the wanted network around a candidate
	// and ends right after the candidate lies inside that network: it
	// goes whole, its other prefixes (named or not) with it. The range
	// holding the candidate's last address must be the same one: a
	// network asked for may hold several ranges, and a start key and an
	// end key of two different ranges are no element.
	// (A candidate inside a range removed as exact goes with it.)
	for _, h := range rest {
		if done[h.start] || !widest(want, h.p).Contains(h.start) {
			continue
		}
		last := firewall.LastAddr(h.p)
		if s, err := b.startOf(set, last); err != nil {
			return err
		} else if s != h.start {
			continue
		}
		ends, err := b.endsBefore(set, last.Next())
		if err != nil {
			return err
		}
		if ends {
			done[h.start] = true
			plan.spans[set] = append(plan.spans[set], span{first: h.start, last: last})
		}
	}
	var left []held
	for _, h := range rest {
		if done[h.start] {
			plan.pieces[set] = append(plan.pieces[set], h.p)
		} else {
			left = append(left, h)
		}
	}
	for _, h := range left {
		wider, err := b.widerBan(set, widest(want, h.p), h.start)
		if err != nil {
			return err
		}
		if !wider {
			plan.left = append(plan.left, h.p)
		}
	}
	return nil
}

// widerBan reports whether the range starting at start is one prefix
// wider than w, a ban an unban of w keeps. A range added by hand that is
// not one prefix is not: it reads back as prefixes, of which the caller
// reported those inside w lifted (review finding by
// TestUnbanKeepsWhatIsOutside: .218-.237 around an unbanned .224/29 was
// kept as a wider ban, and the .224/29 read from it reported lifted).
func (b *Backend) widerBan(set string, w netip.Prefix, start netip.Addr) (bool, error) {
	for bits := w.Bits() - 1; bits > 0; bits-- {
		q := netip.PrefixFrom(w.Addr(), bits).Masked()
		if q.Addr().Less(start) {
			return false, nil
		}
		if q.Addr() != start {
			continue
		}
		_, exact, err := b.rangeOf(set, q)
		if err != nil || exact {
			return exact, err
		}
	}
	return false, nil
}

// widest returns the widest prefix of want holding p (p when none does).
func widest(want []netip.Prefix, p netip.Prefix) netip.Prefix {
	w := p
	for _, q := range want {
		if q.Bits() < w.Bits() && q.Contains(p.Addr()) {
			w = q
		}
	}
	return w
}

// startOf returns the start of the range of an interval set holding a
// (invalid: none does).
func (b *Backend) startOf(set string, a netip.Addr) (netip.Addr, error) {
	e, err := b.getElem(set, a, false)
	if err != nil || e == nil || e.IntervalEnd {
		return netip.Addr{}, err
	}
	return keyAddr(e.Key), nil
}

// rangeOf returns the start of the range holding p's first address
// (invalid: none), and whether that range is exactly p: it starts there,
// the one holding p's last address is the same, and it ends right after.
func (b *Backend) rangeOf(set string, p netip.Prefix) (start netip.Addr, exact bool, err error) {
	start, err = b.startOf(set, p.Addr())
	if err != nil || !start.IsValid() || start != p.Addr() {
		return start, false, err
	}
	last := firewall.LastAddr(p)
	if last != p.Addr() {
		s2, err := b.startOf(set, last)
		if err != nil || s2 != start {
			return start, false, err
		}
	}
	ends, err := b.endsBefore(set, last.Next())
	return start, ends, err
}

// endsBefore reports whether the range holding next.Prev() ends there
// (the caller has seen that a range holds next.Prev()): no
// address follows, an end element has key next, another range starts at
// next (ranges do not overlap), or no range holds next at all. The third
// is needed because adjacent ranges share the key: the kernel's lookup of
// the end element at next may answer the end of the range starting there
// (review finding: with 10.1.0.0/24 and 10.1.1.0/24 banned, unbanning the
// first left it in the kernel, reported lifted, and Lookup named
// 10.1.0.0/23). The fourth because the range starting at next may have
// expired without being collected: its start no longer answers, and the
// lookup of the shared end key need not find ours (review of 9dafd5a:
// Unban of a /24 beside an expired one failed with "added by hand?").
func (b *Backend) endsBefore(set string, next netip.Addr) (bool, error) {
	if !next.IsValid() {
		return true, nil
	}
	end, err := b.getElem(set, next, true)
	if err != nil {
		return false, err
	}
	if end != nil && end.IntervalEnd && keyAddr(end.Key) == next {
		return true, nil
	}
	s, err := b.startOf(set, next)
	return !s.IsValid() || s == next, err
}

// warnCovered logs the unbanned prefixes a wider ban still covers (one
// lookup each in the interval set and, for IPv6, in ban6net64); a big
// batch is not checked.
func (b *Backend) warnCovered(want []netip.Prefix) {
	if len(want) > 16 {
		return
	}
	for _, p := range want {
		if e, err := b.getElem(netSet(p), p.Addr(), false); err == nil && e != nil && !e.IntervalEnd {
			b.log.Warn("unban: a wider ban still covers the prefix", "prefix", p, "ban_starts", keyAddr(e.Key))
		}
		if p.Addr().Is6() && p.Bits() > net64Bits {
			n := netip.PrefixFrom(p.Addr(), net64Bits).Masked()
			if e, err := b.getElem(setBan6Net64, n.Addr(), false); err == nil && e != nil {
				b.log.Warn("unban: a wider ban still covers the prefix", "prefix", p, "ban", n)
			}
		}
	}
}
