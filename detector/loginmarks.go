package detector

import (
	"errors"
	"net/netip"
	"slices"
	"time"
)

// A login ban outlives the client's counts (reguess, offences.go): a
// client banned for a login rule is banned again at its first refusal
// within reguessWindow. The mark lived only in the engine's offence
// table, so a daemon restart gave every guesser banned before it its
// quick-rule guesses (3 at the default) once more, and a guesser whose
// ban ran out while the daemon was down got them with no cost at all.
// RestoreLoginMarks puts the marks back from the daemon's store.

// LoginMark is a ban of an earlier run, as the daemon's store keeps it.
type LoginMark struct {
	Key   netip.Prefix // the client as the engine keys it (Decision.Key)
	At    time.Time    // the ban's event time (Decision.At; the store's offence At)
	Rules []string     // the ban's rules; the store's offence keeps the first (its reason)
}

// ErrStarted: RestoreLoginMarks was called after the engine saw an event.
var ErrStarted = errors.New("detector: login marks restored after the first event")

// RestoreLoginMarks gives the engine back the re-ban marks of marks: those
// whose rules include a login rule (login-guess, login-guess-24,
// form-loop), whose Key is the client key the policy makes of its
// address now (a policy with other prefix lengths keys clients anew), and
// whose At lies within the re-ban window (6 h, or the offence memory if
// shorter) before now. It returns how many clients got a mark. Call it
// once, before the first Observe (else ErrStarted, nothing restored): the
// offence table is kept in ban order and the marks go in oldest first.
//
// A restored client's offence chain is what History says at now (nil
// History: its marks' count), as the engine would have asked at its next
// ban: the engine asks History only for clients it has no entry for.
// An offence that leaves the memory between now and that ban still
// counts (a longer ban by one step at most, once).
func (e *Engine) RestoreLoginMarks(marks []LoginMark, now time.Time) (int, error) {
	if e.started {
		return 0, ErrStarted
	}
	mem := e.pol.Escalation.OffenceMemory
	win := min(mem, reguessWindow)
	if win <= 0 {
		return 0, nil
	}
	keep := make([]LoginMark, 0, len(marks))
	for _, m := range marks {
		if !m.Key.IsValid() || !loginBan(m.Rules) || m.At.After(now) || now.Sub(m.At) > win {
			continue
		}
		if e.pol.ClientKey(m.Key.Addr().Unmap()) != m.Key {
			continue
		}
		keep = append(keep, m)
	}
	slices.SortStableFunc(keep, func(a, b LoginMark) int { return a.At.Compare(b.At) })
	if n := e.c.maxClients; n > 0 && len(keep) > n {
		keep = keep[len(keep)-n:] // the newest: the table holds at most maxClients
	}
	restored := 0
	for _, m := range keep {
		k, t := keyOf(m.Key), m.At.UnixNano()
		i, ok := e.offences.get(k)
		if !ok {
			if e.offences.n >= e.c.maxClients {
				break // the newest marks would push out older ones: keep the table's own bound
			}
			i = e.offences.insert(k, e.offences.index.tag(k))
			restored++
		}
		o := &e.offences.at(i).val
		o.last, o.bits, o.login = max(t, o.last), uint8(m.Key.Bits()), true
		if e.hist != nil {
			o.count = uint32(max(1, min(int64(e.hist.Offences(m.Key, now, mem)), 1<<31))) // int64: 1<<31 overflows a 32-bit int
		} else {
			o.count = uint32(min(int64(o.count)+1, 1<<31))
		}
		e.offences.touch(i)
	}
	return restored, nil
}
