package loaded

import (
	"net/netip"
	"time"
)

// SetWalk walks the prefixes recorded in a Set in turns, as a Rotor walks
// a list, so a content probe looks every ban up within the cover time
// instead of in a random sample: one of ours swapped for a stranger in a
// 100,000-element ban set (count unchanged), or re-added with a shorter
// timeout, was found by the 64-element sample after ~1,560 polls on
// average, in practice by nftables' full audit every 30 s (enforce s17).
//
// A Set is a map, with no order to resume from, so each pass walks a
// snapshot of its keys taken when the last pass ended (18 bytes a
// prefix, one copy a cover: 1.8 MB at 100k, every 10 s by default). A
// prefix recorded at the snapshot and still recorded is looked up within
// one pass; one recorded after it, within two. A prefix forgotten since
// is skipped. Its state is the caller's, kept under its lock.
type SetWalk struct {
	pass  []key
	r     Rotor
	renew bool // the pass ended: the next Want takes a new snapshot
}

// Want returns where the next walk starts in the pass and how many of
// its entries it takes (Rotor.Want over the pass, never past its end),
// starting a new pass from s when the last one ended.
func (w *SetWalk) Want(s *Set, now time.Time, every time.Duration, least int) (start, m int) {
	if w.renew || len(w.pass) == 0 {
		w.pass = w.pass[:0]
		if cap(w.pass) < len(s.m) || cap(w.pass) > 2*len(s.m)+1024 {
			w.pass = make([]key, 0, len(s.m))
		}
		for k := range s.m {
			w.pass = append(w.pass, k)
		}
		w.r.pos, w.renew = 0, false
	}
	start, m = w.r.Want(len(w.pass), now, every, least)
	return start, min(m, len(w.pass)-start)
}

// Len is the number of entries in the pass.
func (w *SetWalk) Len() int { return len(w.pass) }

// Take returns the prefixes of pass[start:start+m] that s still holds
// and that must be in the kernel at now (none inside its grace, as
// Sample), with each one's recorded time left (0: never expires).
func (w *SetWalk) Take(s *Set, start, m int, now time.Time) ([]netip.Prefix, []time.Duration) {
	t := now.UnixNano()
	ps := make([]netip.Prefix, 0, m)
	left := make([]time.Duration, 0, m)
	for _, k := range w.pass[start : start+m] {
		until, ok := s.m[k]
		if !ok || until != 0 && t+int64(Grace) >= until {
			continue
		}
		var l time.Duration
		if until != 0 {
			l = time.Duration(until - t)
		}
		ps, left = append(ps, k.prefix()), append(left, l)
	}
	return ps, left
}

// Advance moves past the m entries from start once the walk's findings
// count (Rotor.Advance); at the pass's end the next Want starts another.
func (w *SetWalk) Advance(start, m int, now time.Time) {
	w.r.Advance(len(w.pass), start, m, now)
	if start+m >= len(w.pass) {
		w.renew = true
	}
}
