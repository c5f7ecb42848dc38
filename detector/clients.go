package detector

import (
	"net/netip"
	"unsafe"

	"github.com/guardctl/guardctl/internal/prefetch"
)

// clientState is what a tracked client costs: with the node's key a
// node is 64 bytes (one cache line), plus 16-32 bytes of index. Its
// model slots are packed inside it (compact.go) as long as they can be,
// which for a client seen once is always; otherwise full, in the slot pool
// ((c.stride+1) x 8 bytes more, the last slot its heavy state's index). TestBytesPerIdleClient and BenchmarkDefaultClientMemory
// measure the total.
//
// Bounds: at most Limits.MaxClients clients are tracked; inserting one more
// drops one that has not been seen since it last went to the head of the
// list (below). A client idle for Limits.IdleTTL (event time) is dropped as
// well, unless its state is still live (a bucket not yet drained, or points
// still inside the escalation window): dropping it then would forget a
// violation in progress, so it gets a second chance at the head of the list.
//
// The list is kept in the order clients went to its head, not in the order
// they were last seen: a request writes only its own node (its last time),
// never its neighbours'. Moving a node to the head on every request wrote
// two more nodes, two more cache misses per request at a million clients.
// Instead each slot remembers the high-water mark at which it went to the
// head (clientState.queued); a client found at the tail that was seen after that
// goes back to the head (second chance) before anyone is dropped. So the
// cap drops the client least recently queued among those not seen since,
// an approximation of least recently seen that is as deterministic (the
// same log gives the same evictions).
type clientState struct {
	last int64 // latest event time seen for the client, ns; never decreases
	// queued is the high-water mark at which the client last went to the
	// head of the list (Engine.setQueued).
	queued int64
	full   uint32 // 1 + index of its stride in Engine.pool, 0: slots packed in c
	c      compact
}

// client returns client k's slot (tag is its index tag), creating it, the client's event time (t,
// or the client's latest time if t is behind it) and its model slots. The
// slots are the pool's stride of a full client, else the engine's scratch
// holding the unpacked record; either way the caller must call keep once it
// is done with them, before the next client call.
func (e *Engine) client(k key, tag uint32, t int64) (uint32, int64, []int64) {
	if i, _, ok := e.clients.find(k, tag); ok {
		n := &e.clients.at(i).val
		var st []int64
		if n.full != 0 {
			st = e.pool.at(n.full - 1)[:e.c.stride]
		} else {
			// Unpacked at the time the record was packed at.
			st = e.scratch
			e.c.unpack(&n.c, n.last, st)
		}
		t = max(t, n.last)
		n.last = t
		return i, t, st
	}
	if e.clients.n >= e.c.maxClients {
		e.evictCap()
	}
	i := e.clients.insert(k, tag)
	e.clients.at(i).val.last = t
	e.setQueued(i)
	clear(e.scratch)
	return i, t, e.scratch
}

// maxRequeue bounds the second chances one eviction gives, so that one
// request never walks the whole list (when every client was seen since it
// was queued); past it the tail goes even if it was seen.
const maxRequeue = 32

// evictCap drops one client to make room: the first one from the tail that
// was not seen since it was queued, requeueing those that were.
func (e *Engine) evictCap() {
	for r := 0; r < maxRequeue && e.clients.n > 1; r++ {
		i := e.clients.tail
		if e.clients.at(i).val.last <= e.queuedAt(i) {
			break
		}
		e.requeue(i)
	}
	e.evict(e.clients.tail)
	e.stats.EvictedCap++
	e.warmVictims()
}

// warmVictims prefetches what the next evictions will read. Under a spray
// every new client evicts one, and at a million clients the victim's node,
// queue stamp, index entry and stride are each a cache miss. The victims
// are known ahead, from the tail up, but not exactly: a tail seen since it
// was queued goes back to the head instead (on the 10M-line log of a
// million clients, 3.5M second chances for 4.6M evictions), so fetching
// only the tail's neighbour's stride missed most victims. It looks at the
// victimsAhead places at the tail of the queue, whose nodes (stamps
// included) an earlier call fetched, and fetches the index entry and
// stride of each client that will be evicted rather than requeued as
// things stand (the whole stride, which alloc hands to the next client
// that needs one and clears; the index line after the entry's when its
// run may reach it; the victim's place in qat, which remove writes); and
// the nodes of the nodesAhead places after them. It only reads: a guess
// that turns out wrong (a request, a requeue or an insert in between) only
// makes a fetch useless.
//
// Each place is fetched for once (lru.warmed, lru.fetched): the queue
// only loses entries at its tail end between two calls (evicted, or
// requeued to a new place at the head), and a client's guess can only
// turn from evicted to requeued (its last time only grows), never back.
// The queue names the places ahead without reading any node; a linked
// list gave the next one only once the last one's node had arrived.
func (e *Engine) warmVictims() {
	l := &e.clients
	if l.qn == 0 {
		return
	}
	x := &l.index
	end := l.qend()
	from, to := max(l.warmed, l.qpast), min(l.qpast+victimsAhead, end)
	for p, j := from, l.qplace(max(from, l.qpast)); p < to; p++ {
		if v := l.q[j]; v != nilIdx {
			if n := l.at(v); n.val.last <= n.val.queued {
				prefetch.Line(unsafe.Pointer(l.place(v)))
				mask := len(x.slots) - 1
				h := int(x.tag(n.key)) & mask
				prefetch.Line(unsafe.Pointer(&x.slots[h]))
				if h&(indexLine-1) >= indexLine-indexRunAhead {
					prefetch.Line(unsafe.Pointer(&x.slots[(h+indexRunAhead)&mask]))
				}
				if f := n.val.full; f != 0 && f-1 < e.pool.hw {
					st := e.pool.at(f - 1)
					prefetch.Lines(unsafe.Pointer(&st[0]), uintptr(len(st))*8)
				}
			}
		}
		j = l.wrap(j + 1)
	}
	l.warmed = max(l.warmed, to)
	from, to = max(l.fetched, to), min(to+nodesAhead, end)
	for p, j := from, l.qplace(min(from, end-1)); p < to; p++ {
		if v := l.q[j]; v != nilIdx {
			prefetch.Line(unsafe.Pointer(l.at(v)))
		}
		j = l.wrap(j + 1)
	}
	l.fetched = max(l.fetched, to)
}

// victimsAhead is how many places at the tail warmVictims fetches index
// entries and strides for, and nodesAhead how many after them it fetches
// nodes for: an eviction takes ~1.8 places on the
// million-client log, so these keep the fetches a few evictions ahead.
const (
	victimsAhead = 4
	nodesAhead   = 8
)

// indexLine is how many index entries share a cache line, and
// indexRunAhead how far past a victim's home warmVictims makes sure the
// index is fetched: the victim's entry may sit a few places past its home
// (linear probing), and deleteAt reads on to the end of the run, so a home
// near the end of its line also fetches the next line.
const (
	indexLine     = 8
	indexRunAhead = 4
)

// requeue moves client i to the head of the list, stamped now.
func (e *Engine) requeue(i uint32) {
	e.clients.touch(i)
	e.setQueued(i)
}

// queuedAt is the high-water mark at which slot i last went to the head.
func (e *Engine) queuedAt(i uint32) int64 { return e.clients.at(i).val.queued }

// setQueued stamps slot i, which just went to the head, with the
// high-water mark. The stamp lives in the node, which the eviction at the
// tail reads anyway (it used to be in chunks beside the slab, one more
// cache miss per client looked at).
func (e *Engine) setQueued(i uint32) { e.clients.at(i).val.queued = e.hwm }

// keep stores the slots client gave for client i: packed when they can be
// (its latest time may have moved, so a packed client is packed again),
// else in a pool stride, which the client keeps until it goes.
func (e *Engine) keep(i uint32, st []int64) {
	n := &e.clients.at(i).val
	if n.full == 0 {
		if !e.unpacked {
			if x, ok := e.c.pack(st, n.last, e.check); ok {
				n.c = x
				return
			}
		}
		j := e.pool.alloc()
		n.full, n.c = j+1, compact{}
	}
	// st is the scratch unless the client was full when client returned.
	if dst := e.pool.at(n.full - 1)[:e.c.stride]; len(st) > 0 && &dst[0] != &st[0] {
		copy(dst, st)
	}
}

// promote moves packed client i into a pool stride.
func (e *Engine) promote(i uint32) {
	n := &e.clients.at(i).val
	j := e.pool.alloc()
	e.c.unpack(&n.c, n.last, e.pool.at(j)[:e.c.stride])
	n.full, n.c = j+1, compact{}
}

// peekSlots returns client i's slots without changing anything: the pool's
// stride, or the record unpacked into buf.
func (e *Engine) peekSlots(i uint32, buf []int64) []int64 {
	n := &e.clients.at(i).val
	if n.full != 0 {
		return e.pool.at(n.full - 1)[:e.c.stride]
	}
	e.c.unpack(&n.c, n.last, buf)
	return buf
}

// evict drops client slot i.
func (e *Engine) evict(i uint32) {
	e.freeHeavy(i)
	e.res.windows.forget(i)
	e.proven.last.forget(i)
	if n := &e.clients.at(i).val; n.full != 0 {
		e.pool.release(n.full - 1)
	}
	e.clients.remove(i)
}

// evictIdle examines up to n clients at the tail. The list is in queue
// order, so when the tail was queued after the cutoff every client was, and
// none has been idle long enough (give or take the skew of a client's own
// time behind the high-water mark). A tail queued before the cutoff but
// seen since goes back to the head: each client is requeued here at most
// once per IdleTTL, so the list's order costs next to nothing per request.
func (e *Engine) evictIdle(n int) {
	cutoff := e.hwm - e.c.idleTTL
	for ; n > 0 && e.clients.tail != nilIdx; n-- {
		i := e.clients.tail
		if e.queuedAt(i) > cutoff {
			return
		}
		if e.clients.at(i).val.last > cutoff || e.live(i) {
			e.requeue(i)
			continue
		}
		e.evict(i)
		e.stats.EvictedIdle++
		e.warmVictims()
	}
}

// live reports whether client i still holds state that matters at the
// high-water mark.
func (e *Engine) live(i uint32) bool {
	st := e.peekSlots(i, e.check)
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
