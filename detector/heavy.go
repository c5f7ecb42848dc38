package detector

// heavy is the part of a client's state that most clients never need: a
// points log (only clients that broke a rule) and distinct-path sets (only
// clients that requested two different paths in a distinct throttle's
// scope). It lives in its own slab, referenced from the last slot of the
// client's pool stride (a client with heavy state is never packed), so a
// client that sent one ordinary request costs no more than its node.
type heavy struct {
	points pointsLog
	sets   []pathSet // by distinct-throttle ordinal; nil until needed
	hints  hintRing  // paths whose word-list hints counted (hints.go)
	slow   slowScan  // names missed within the slow-scan window (slowscan.go)
	next   uint32    // free list
}

// heavyOf returns client i's heavy state, allocating it on first use. The
// pointer is valid until the next allocation of another client's state.
func (e *Engine) heavyOf(i uint32) *heavy {
	n := &e.clients.at(i).val
	if n.full == 0 {
		e.promote(i)
	}
	ref := &e.pool.at(n.full - 1)[e.c.stride]
	if *ref != 0 {
		return &e.heavies[*ref-1]
	}
	var h uint32
	if e.heavyFree != nilIdx {
		h = e.heavyFree
		e.heavyFree = e.heavies[h].next
	} else {
		e.heavies = append(e.heavies, heavy{})
		h = uint32(len(e.heavies) - 1)
	}
	*ref = int64(h) + 1
	return &e.heavies[h]
}

// freeHeavy releases client i's heavy state, if any. Its memory goes back
// to the garbage collector: an offender's log or a crawler's set should not
// outlive it in a reused slot.
func (e *Engine) freeHeavy(i uint32) {
	n := &e.clients.at(i).val
	if n.full == 0 {
		return
	}
	ref := &e.pool.at(n.full - 1)[e.c.stride]
	if *ref == 0 {
		return
	}
	h := uint32(*ref - 1)
	for _, s := range e.heavies[h].sets {
		e.pathSlots -= len(s.slots)
	}
	e.heavies[h] = heavy{next: e.heavyFree}
	e.heavyFree = h
	*ref = 0
}

// peekHeavy returns client i's heavy state or nil, without allocating.
func (e *Engine) peekHeavy(i uint32) *heavy {
	n := &e.clients.at(i).val
	if n.full == 0 {
		return nil
	}
	if h := e.pool.at(n.full - 1)[e.c.stride]; h != 0 {
		return &e.heavies[h-1]
	}
	return nil
}
