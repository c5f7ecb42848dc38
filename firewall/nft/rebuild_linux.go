//go:build linux

package nft

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// rebuildPlanned is the resort of a planned ban the kernel refused: it
// replaces each interval set the bans go to, in ONE transaction
// (flush and refill), with the ranges live in it merged with the bans. The
// flush removes every element, so nothing a read cannot see stands in the
// way: expired elements not collected yet, and end elements left without
// their start. The transaction deletes no element by name, so no expiry
// during it can fail it, and packets see the set as it was before or as it
// is after, never empty or half loaded (TestRebuildKeepsLive).
func (b *Backend) rebuildPlanned(ctx context.Context, groups map[string][]firewall.Ban) error {
	type plan struct {
		ch    firewall.Change
		split rangeSplit
	}
	live := map[string][]liveRange{}
	for _, set := range []string{setBanNet4, setBanNet6} {
		if _, ok := groups[set]; ok {
			rs, err := b.liveRanges(set)
			if err != nil {
				return err
			}
			live[set] = rs
		}
	}
	// The time left is taken as late as can be: each rebuild would
	// otherwise lengthen the ranges it reads by its own duration.
	now := time.Now()
	var plans []plan
	tx := b.tx()
	for _, set := range []string{setBanNet4, setBanNet6} {
		rs, ok := live[set]
		if !ok {
			continue
		}
		es, ends := pairIntervalsMarked(rangeElements(rs, now))
		ch := firewall.Plan(es, groups[set])
		split := splitRanges(handRanges(set, es, ends), ch)
		elems, spans := rebuiltContent(set, es, ends, ch, split)
		tx.msgs = append(tx.msgs, flushSetMsg(b.cfg.Table, set))
		tx.spans(opAdd, set, spans)
		tx.elements(opAdd, set, elems, true)
		plans = append(plans, plan{ch, split})
	}
	// Expired and stray elements go: the counts may drop.
	b.changes++
	if err := tx.sendAtomic(ctx, b.raw); err != nil {
		return fmt.Errorf("rebuild interval sets: %w", err)
	}
	for _, p := range plans {
		b.recordPlan(p.ch, p.split)
	}
	delete(groups, setBanNet4)
	delete(groups, setBanNet6)
	return nil
}

// liveRange is a range of an interval set and its deadline (zero: no
// timeout).
type liveRange struct {
	first, last netip.Addr
	until       time.Time
}

// liveRanges returns the ranges of set that are live, sorted and merged:
// those this backend recorded, with their recorded deadlines, and those a
// read finds that start where no recorded range does (added by hand, or
// adopted, which is recorded by its last prefix). The record decides
// where a recorded range ends: a read pairs a start with the next end
// element, and a stray end inside the range would cut it.
func (b *Backend) liveRanges(set string) ([]liveRange, error) {
	raw, err := dumpSet(b.raw, b.cfg.Table, set)
	if err != nil {
		return nil, fmt.Errorf("read set %s: %w", set, err)
	}
	now := time.Now()
	whole := netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	if set == setBanNet6 {
		whole = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	rec := b.loaded[set]
	var rs []liveRange
	recorded := map[netip.Addr]bool{}
	for _, p := range rec.Inside(loaded.NewCover([]netip.Prefix{whole})) {
		if left, ok := rec.Remaining(p, now); ok {
			r := liveRange{first: p.Addr(), last: firewall.LastAddr(p)}
			if left > 0 {
				r.until = now.Add(left)
			}
			rs = append(rs, r)
			recorded[p.Addr()] = true
		}
	}
	rs = append(rs, unrecordedRanges(raw, recorded, now)...)
	return mergeRanges(rs), nil
}

// unrecordedRanges returns the ranges of a set's elements (dumped just
// before now: expired starts are left out) whose start is not recorded.
// A range ends before the next element, whatever it is (the kernel's
// lookup matches no further), or at the family's last address.
func unrecordedRanges(raw []nftables.SetElement, recorded map[netip.Addr]bool, now time.Time) []liveRange {
	slices.SortFunc(raw, func(x, y nftables.SetElement) int {
		return compareKeys(keyAddr(x.Key), x.IntervalEnd, keyAddr(y.Key), y.IntervalEnd)
	})
	var out []liveRange
	for i, e := range raw {
		a := keyAddr(e.Key)
		if e.IntervalEnd || !a.IsValid() || recorded[a] || e.Timeout > 0 && e.Expires <= 0 {
			continue
		}
		r := liveRange{first: a, last: firewall.LastAddr(netip.PrefixFrom(a, 0))}
		if e.Timeout > 0 {
			r.until = now.Add(e.Expires)
		}
		if i+1 < len(raw) {
			if next := keyAddr(raw[i+1].Key); next.IsValid() && next.Compare(a) > 0 {
				r.last = next.Prev()
			}
		}
		out = append(out, r)
	}
	return out
}

// mergeRanges sorts ranges and merges those that overlap (a recorded
// prefix inside an adopted range, or a record that disagrees with the
// kernel) into one that keeps the longest time: no address is released
// before any range holding it.
func mergeRanges(rs []liveRange) []liveRange {
	slices.SortFunc(rs, func(x, y liveRange) int {
		if c := x.first.Compare(y.first); c != 0 {
			return c
		}
		return y.last.Compare(x.last) // the wider first
	})
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r.first.Compare(out[n-1].last) <= 0 {
			cur := &out[n-1]
			if r.last.Compare(cur.last) > 0 {
				cur.last = r.last
			}
			if r.until.IsZero() || !cur.until.IsZero() && r.until.After(cur.until) {
				cur.until = r.until
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// rangeElements returns the start and end elements of sorted ranges, as
// a read at now would give them (Expires: the time left); a range up to
// the family's last address has no end element, and one whose deadline
// has passed is left out.
func rangeElements(rs []liveRange, now time.Time) []nftables.SetElement {
	out := make([]nftables.SetElement, 0, 2*len(rs))
	for _, r := range rs {
		var left time.Duration
		if !r.until.IsZero() {
			if left = r.until.Sub(now); left <= 0 {
				continue
			}
		}
		out = append(out, nftables.SetElement{Key: r.first.AsSlice(), Expires: left})
		if next := r.last.Next(); next.IsValid() {
			out = append(out, nftables.SetElement{Key: next.AsSlice(), IntervalEnd: true})
		}
	}
	return out
}

// rebuiltContent is what set holds after a plan over its entries (es,
// marked as readSetMarked marks them): the prefixes the plan neither
// absorbs nor re-adds, the ranges of more than one prefix it leaves alone
// (as spans, one element each as before), the pieces of those it splits,
// and what it adds.
func rebuiltContent(set string, es []firewall.Entry, ends []bool, ch firewall.Change, split rangeSplit) ([]firewall.Ban, []span) {
	planned := map[netip.Prefix]bool{}
	for _, p := range ch.Delete {
		planned[p] = true
	}
	for _, x := range ch.Add {
		planned[x.Prefix] = true
	}
	var elems []firewall.Ban
	var spans []span
	start := 0
	for i := range es {
		if !ends[i] {
			continue
		}
		r := es[start : i+1]
		start = i + 1
		switch {
		case len(r) > 1 && split.gone[r[0].Prefix]: // its pieces are in split.pieces
		case len(r) > 1:
			spans = append(spans, span{first: r[0].Prefix.Addr(), last: firewall.LastAddr(r[len(r)-1].Prefix), timeout: r[0].Expires})
		case !planned[r[0].Prefix]:
			elems = append(elems, firewall.Ban{Prefix: r[0].Prefix, Timeout: r[0].Expires})
		}
	}
	elems = append(elems, split.pieces[set]...)
	return append(elems, ch.Add...), spans
}
