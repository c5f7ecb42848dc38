package loaded

import (
	"net/netip"
	"time"
)

// Rotor walks a list in turns so that a content probe reaches every entry
// within Every, whatever the rate of the polls: each step takes the share
// of the list the time since the last step is of Every (at least the
// caller's least), from where the last one stopped. The random 64-entry window
// (Window) reached one stranger swapped into a 100,000-entry list after
// ~1,560 polls on average (~6.5 min at 4 a second) and had no bound at all
// (enforce gap 1, s16). The rotor's state is the caller's (kept under its
// lock); the list's slice is only read.
type Rotor struct {
	pos int
	at  time.Time
}

// Step returns where the next walk of a list of n entries starts and how
// many entries it takes, and advances past them. The first step of a
// rotor takes least entries.
func (r *Rotor) Step(n int, now time.Time, every time.Duration, least int) (start, m int) {
	if n == 0 {
		r.pos, r.at = 0, now
		return 0, 0
	}
	m = least
	if !r.at.IsZero() && every > 0 {
		dt := now.Sub(r.at)
		if dt > every {
			dt = every
		}
		if dt > 0 {
			// ceil(n*dt/every) without overflow at any n a list holds.
			share := int((float64(n)*float64(dt) + float64(every) - 1) / float64(every))
			m = max(m, share)
		}
	}
	m = min(m, n)
	start = r.pos % n
	r.pos = (start + m) % n
	r.at = now
	return start, m
}

// Span copies the m entries of ps from start, wrapping at the end.
func Span(ps []netip.Prefix, start, m int) []netip.Prefix {
	if m <= 0 || len(ps) == 0 {
		return nil
	}
	out := make([]netip.Prefix, 0, m)
	for len(out) < m {
		k := min(m-len(out), len(ps)-start)
		out = append(out, ps[start:start+k]...)
		start = 0
	}
	return out
}
