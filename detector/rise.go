package detector

// A flood bucket keeps its fill as a theoretical arrival time in
// nanoseconds: what it holds is the time it takes to drain at the
// emission interval in force when it was filled. When the site's baseline
// raises the allowance, the interval shrinks and a bucket's tolerance
// (burst x interval) with it, while the fill it already holds stays as
// long: a client that was half full at the old allowance is nearly full
// at twice the allowance, with no request more. The first grid's
// crawlers-busy (seed 10) showed it: Googlebot at 8-10 pages/s, its
// bucket a third full at the floor (20 units/s), was banned by its next
// page when the warmed-up baseline raised the allowance to 42.
//
// So for as long as a fill from before a rise can last (the old
// tolerance), the larger old interval bounds the tolerance. By then every
// fill from before the rise has drained, and what a client holds was
// filled at the new interval. Meanwhile a client that was empty may hold
// up to burst x the old interval, as it could before the rise: never less
// than the old allowance allowed.

// rose records, after the allowance was computed at te, the emission
// intervals before it (emis, raw: 0 when none was computed yet)
// when they were longer: an allowance that rose.
func (b *baseline) rose(f *cflood, te, emis, raw int64) {
	if emis == 0 || emis <= b.emis {
		return
	}
	if te >= b.riseUntil {
		b.riseEmis, b.riseRawEmis = 0, 0
	}
	b.riseEmis = max(b.riseEmis, emis)
	b.riseRawEmis = max(b.riseRawEmis, raw)
	// The longest a fill from before can last: the largest bucket's
	// tolerance at the old intervals (the request count's four-fold one
	// of a shared address is the same length).
	span := max(f.burst*b.riseEmis, f.rawBurst*b.riseRawEmis)
	b.riseUntil = max(b.riseUntil, te+span)
}

// tolerance is the emission interval that bounds a bucket's tolerance at
// te: cur, or the interval before a recent rise (old) while fills from
// before it may remain.
func (b *baseline) tolerance(te, cur, old int64) int64 {
	if te < b.riseUntil {
		return max(cur, old)
	}
	return cur
}
