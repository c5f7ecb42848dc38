//go:build linux

package nft

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// maxStale bounds the reads a rebuild or a plan makes when each is made
// stale by a commit of someone else to our table (another process writing
// it), or by commits the guard could not tell apart (genGuard), before its
// own transaction goes in.
const maxStale = 5

// staleRetry runs once until it returns something other than errStale, at
// most maxStale times, pausing a little longer each time (b.mu is held:
// 10+20+40+80 ms at most). When every try was stale nothing was written,
// and the error says so: a guess from an inconsistent read is never sent.
func (b *Backend) staleRetry(ctx context.Context, what string, once func() error) error {
	var err error
	for try := range maxStale {
		if err = once(); !errors.Is(err, errStale) {
			return err
		}
		b.log.Debug("nftables changed during a read; reading again", "what", what, "try", try+1)
		if try+1 < maxStale {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Millisecond << try):
			}
		}
	}
	return fmt.Errorf("%s: our table changed (or the changes could not be told apart from other tables') during each of %d reads; nothing written: %w", what, maxStale, err)
}

// rebuildPlanned is the resort of a planned ban the kernel refused: it
// replaces each interval set the bans go to, in ONE transaction
// (flush and refill), with the ranges live in it merged with the bans. The
// flush removes every element, so nothing a read cannot see stands in the
// way: expired elements not collected yet, and end elements left without
// their start. The transaction deletes no element by name, so no expiry
// during it can fail it, and packets see the set as it was before or as it
// is after, never empty or half loaded (TestRebuildKeepsLive).
//
// The refill is only as good as the read, and a dump taken while anything
// commits is not: the kernel restarts its walk for every message, and
// elements come twice or not at all (review of 9dafd5a: a duplicated start
// made a range open to the family's last address, and ranges the dump
// missed were flushed for good). So the ruleset's generation is read
// before the dump and again after it, and the transaction carries it: the
// kernel refuses it (ERESTART) if anything committed since, and the
// rebuild reads again (staleRetry).
func (b *Backend) rebuildPlanned(ctx context.Context, groups map[string][]firewall.Ban) error {
	return b.staleRetry(ctx, "rebuild interval sets", func() error { return b.rebuildOnce(ctx, groups) })
}

func (b *Backend) rebuildOnce(ctx context.Context, groups map[string][]firewall.Ban) error {
	type plan struct {
		ch    firewall.Change
		split rangeSplit
	}
	var sets []string
	for _, set := range []string{setBanNet4, setBanNet6} {
		if _, ok := groups[set]; ok {
			sets = append(sets, set)
		}
	}
	g, raws, at, err := b.dumpAside(ctx, sets)
	if err != nil {
		return err
	}
	defer g.close()
	if err := b.ready(); err != nil { // closed while mu was released
		return err
	}
	live := map[string][]liveRange{}
	for _, set := range sets {
		live[set] = b.liveRanges(set, raws[set], at)
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
	if err := b.sendGuarded(ctx, tx, g); err != nil {
		if errors.Is(err, errStale) {
			return errStale
		}
		return fmt.Errorf("rebuild interval sets: %w", err)
	}
	for _, p := range plans {
		b.recordPlan(p.ch, p.split)
	}
	delete(groups, setBanNet4)
	delete(groups, setBanNet6)
	return nil
}

// dumpAside dumps sets on the census socket with b.mu released, after
// opening a guard (openGuard) and between two reads of the ruleset
// generation (errStale when commits between them touched our table: the
// dumps may hold elements twice or miss some); b.mu is held again on
// return. The caller holds b.mu (Ban): the dumps are most of a rebuild's
// time (seconds at 150,000 ranges, review of 9dafd5a), and everything
// that may change meanwhile is caught by the guard, which the rebuild's
// transaction is sent with, or read after (the record). at is when the
// dumps began. The caller closes the guard.
func (b *Backend) dumpAside(ctx context.Context, sets []string) (g *genGuard, raws map[string][]nftables.SetElement, at time.Time, err error) {
	b.mu.Unlock()
	defer b.mu.Lock()
	b.rmu.Lock()
	defer b.rmu.Unlock()
	if b.rraw == nil {
		return nil, nil, at, errors.New("nftables backend closed")
	}
	if g, err = b.openGuard(b.rraw); err != nil {
		return nil, nil, at, err
	}
	fail := func(err error) (*genGuard, map[string][]nftables.SetElement, time.Time, error) {
		g.close()
		return nil, nil, at, err
	}
	at = time.Now()
	raws = map[string][]nftables.SetElement{}
	for _, set := range sets {
		if raws[set], err = dumpSet(b.rraw, b.cfg.Table, set); err != nil {
			return fail(fmt.Errorf("read set %s: %w", set, err))
		}
	}
	if now, err := generation(b.rraw); err != nil {
		return fail(err)
	} else if !g.advance(ctx, now) {
		return fail(errStale)
	}
	return g, raws, at, nil
}

// liveRange is a range of an interval set and its deadline (zero: no
// timeout).
type liveRange struct {
	first, last netip.Addr
	until       time.Time
}

// liveRanges returns the ranges of set that are live, sorted and merged:
// the kernel's, as a dump shows them. The dump decides which ranges there
// are: a range this backend recorded whose start the kernel does not hold
// (deleted by hand, unbanned) is not put back (review of 9dafd5a: an
// address unbanned after a hand delete was blocked again). The record
// serves only where the dump is ambiguous: a range the record holds and
// the kernel starts at the same address ends where the record says when
// an end element inside it would cut it short (a read pairs a start with
// the next end), and keeps the longer of the two deadlines. A kernel range
// that ends beyond the record's (an operator widened it) is kept whole.
// raw is the set's dump, begun at at.
func (b *Backend) liveRanges(set string, raw []nftables.SetElement, at time.Time) []liveRange {
	now := time.Now()
	whole := netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	if set == setBanNet6 {
		whole = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	rec := b.loaded[set]
	recorded := map[netip.Addr]liveRange{}
	for _, p := range rec.Inside(loaded.NewCover([]netip.Prefix{whole})) {
		left, ok := rec.Remaining(p, now)
		if !ok {
			continue
		}
		r := liveRange{first: p.Addr(), last: firewall.LastAddr(p)}
		if left > 0 {
			r.until = now.Add(left)
		}
		if o, ok := recorded[r.first]; ok {
			r.last = maxAddr(r.last, o.last)
			r.until = longer(r.until, o.until)
		}
		recorded[r.first] = r
	}
	ks := kernelRanges(raw, at)
	rs := make([]liveRange, 0, len(ks))
	for _, k := range ks {
		r := k.liveRange
		if o, ok := recorded[r.first]; ok {
			if k.cut && o.last.Compare(r.last) > 0 {
				r.last = o.last
			}
			r.until = longer(r.until, o.until)
		}
		rs = append(rs, r)
	}
	return mergeRanges(rs)
}

// longer returns the later of two deadlines, zero (none) being latest.
func longer(x, y time.Time) time.Time {
	if x.IsZero() || y.IsZero() {
		return time.Time{}
	}
	if y.After(x) {
		return y
	}
	return x
}

func maxAddr(x, y netip.Addr) netip.Addr {
	if y.Compare(x) > 0 {
		return y
	}
	return x
}

// kernelRange is a range a dump shows, and whether an end element ends it
// (cut: it may be a stray one inside a recorded range).
type kernelRange struct {
	liveRange
	cut bool
}

// kernelRanges returns the ranges of a set's elements, dumped at or after
// at (expired starts are left out; deadlines are at plus the time left).
// A range ends before the next element with a greater key, whatever it is
// (the kernel's lookup matches no further); only a start that no element
// follows runs to the family's last address. An element that comes twice
// is taken once: a start followed by a copy of itself made a range open
// to 255.255.255.255 that swallowed every range above it (review of
// 9dafd5a, a dump taken while another process committed).
func kernelRanges(raw []nftables.SetElement, at time.Time) []kernelRange {
	slices.SortFunc(raw, func(x, y nftables.SetElement) int {
		return compareKeys(keyAddr(x.Key), x.IntervalEnd, keyAddr(y.Key), y.IntervalEnd)
	})
	raw = slices.CompactFunc(raw, func(x, y nftables.SetElement) bool {
		return x.IntervalEnd == y.IntervalEnd && keyAddr(x.Key) == keyAddr(y.Key)
	})
	var out []kernelRange
	for i, e := range raw {
		a := keyAddr(e.Key)
		if e.IntervalEnd || !a.IsValid() || e.Timeout > 0 && e.Expires <= 0 {
			continue
		}
		r := kernelRange{liveRange: liveRange{first: a, last: firewall.LastAddr(netip.PrefixFrom(a, 0))}}
		if e.Timeout > 0 {
			r.until = at.Add(e.Expires)
		}
		for _, n := range raw[i+1:] {
			if next := keyAddr(n.Key); next.IsValid() && next.Compare(a) > 0 {
				r.last, r.cut = next.Prev(), n.IntervalEnd
				break
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
