package detector

import "net/netip"

// AddPoints gives a client points from outside its requests (a reputation
// API that lists it), at the engine's latest event time, as a hit of rule
// worth points would: they count toward the escalation threshold with the
// client's other points, inside the same window. It returns the ban when
// the client's points reach the threshold, nil otherwise. Allowed clients,
// clients under a ban and an engine that has seen no event get nothing.
func (e *Engine) AddPoints(addr netip.Addr, rule string, points int) *Decision {
	addr = addr.Unmap()
	p := e.pol
	if !addr.IsValid() || points <= 0 || !e.started {
		return nil
	}
	if p.Allow != nil && p.Allow.Contains(addr) {
		return nil
	}
	pfx := p.ClientKey(addr)
	k := keyOf(pfx)
	tag := e.clients.index.tag(k)
	if e.bans.active(k, tag, uint8(pfx.Bits()), e.hwm, e.skew) {
		return nil
	}
	ci, te, st := e.client(k, tag, e.hwm)
	e.keep(ci, st)
	e.addPoints(ci, te, e.intern(rule), points, false)
	if e.c.threshold > 0 {
		if h := e.peekHeavy(ci); h.points.sum >= e.c.threshold {
			ids, total := e.contributors(&h.points)
			return e.ban(k, pfx, te, 0, ids, total)
		}
	}
	return nil
}
