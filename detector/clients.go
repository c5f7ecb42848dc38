package detector

import "net/netip"

// clientState is what every tracked client costs beyond its throttle slots.
// With the node's key and links it is 40 bytes; the throttle slots add 8
// bytes per throttle (16 per distinct one), and the index 16-32 bytes.
// TestBytesPerIdleClient measures the total (about 110 bytes with five
// throttles, one of them distinct).
//
// Bounds: at most Limits.MaxClients clients are tracked; inserting one more
// drops the least recently seen (the lru's tail), in O(1). A client idle for
// Limits.IdleTTL (event time) is dropped as well, unless its state is still
// live (a bucket not yet drained, or points still inside the escalation
// window): dropping it then would forget a violation in progress, so it
// gets a second chance at the head of the list.
type clientState struct {
	last  int64  // latest event time seen for the client, ns; never decreases
	heavy uint32 // 1 + index into Engine.heavies, 0 for none
}

// client returns client k's slot, creating it, and the client's event time:
// t, or the client's latest time if t is behind it.
func (e *Engine) client(k key, t int64) (uint32, int64) {
	if i, ok := e.clients.get(k); ok {
		n := &e.clients.nodes[i].val
		t = max(t, n.last)
		n.last = t
		e.clients.touch(i)
		return i, t
	}
	if e.clients.n >= e.c.maxClients {
		e.evict(e.clients.tail)
		e.stats.EvictedCap++
	}
	i := e.clients.insert(k)
	e.clients.nodes[i].val.last = t
	lo, hi := int(i)*e.c.stride, (int(i)+1)*e.c.stride
	if len(e.thr) < hi {
		e.thr = grow(e.thr, hi, e.c.maxClients*e.c.stride)
	}
	clear(e.thr[lo:hi])
	return i, t
}

// evict drops client slot i.
func (e *Engine) evict(i uint32) {
	e.freeHeavy(i)
	e.clients.remove(i)
}

// evictIdle examines up to n clients at the tail.
func (e *Engine) evictIdle(n int) {
	cutoff := e.hwm - e.c.idleTTL
	for ; n > 0 && e.clients.tail != nilIdx; n-- {
		i := e.clients.tail
		if e.clients.nodes[i].val.last > cutoff {
			return
		}
		if e.live(i) {
			e.clients.touch(i)
			continue
		}
		e.evict(i)
		e.stats.EvictedIdle++
	}
}

// live reports whether client i still holds state that matters at the
// high-water mark.
func (e *Engine) live(i uint32) bool {
	st := e.thr[int(i)*e.c.stride:]
	for j := range e.c.throttles {
		if st[e.c.throttles[j].slot] > e.hwm {
			return true
		}
	}
	if e.c.flood != nil && st[e.c.floodSlot+floodTAT] > e.hwm {
		return true
	}
	if h := e.peekHeavy(i); h != nil {
		if l := h.points.live(); len(l) > 0 && l[len(l)-1].t > e.hwm-e.c.escWindow {
			return true
		}
	}
	return false
}

// clientPrefix is the prefix a client key stands for under the current
// policy.
func (e *Engine) clientPrefix(k key) netip.Prefix {
	if k.is4() {
		return k.prefix(32)
	}
	return k.prefix(e.c.v6bits)
}
