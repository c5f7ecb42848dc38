package detector

import (
	"net/netip"
	"time"
)

// offence is what the engine remembers about a client's past bans after its
// window state is gone.
type offence struct {
	last  int64 // event time of the latest ban, ns
	count uint32
	bits  uint8
}

// The offence table is an lru[offence] ordered by the latest ban, so its
// tail is always the entry whose memory runs out first. It is bounded two
// ways: entries older than Escalation.OffenceMemory are purged from the tail
// as event time advances, and at most Limits.MaxClients entries are kept
// (the oldest is dropped first). An entry is a 40-byte slab node plus its
// index slot, 56-72 bytes, so the table stays under 7.2 MB per 100,000.
//
// The count is a chain: a ban within OffenceMemory of the client's previous
// ban adds one; a ban after a longer quiet spell starts again at one (plus
// History). That is the compact form of "bans within OffenceMemory".
//
// History (the daemon's store) is asked only when the engine has no live
// entry for the client: once the engine has seen a client offend, its own
// chain already includes what History said then, and the bans it decided
// since are in the store too, so asking again would count them twice.

// offence records a ban of k (prefix pfx) at t and returns its number:
// 1 for a first offence.
func (e *Engine) offence(k key, pfx netip.Prefix, t int64) int {
	mem := int64(e.pol.Escalation.OffenceMemory)
	bits := uint8(pfx.Bits())
	i, ok := e.offences.get(k)
	prev := 0
	switch {
	case ok && e.offences.at(i).val.bits == bits && t-e.offences.at(i).val.last <= mem:
		prev = int(e.offences.at(i).val.count)
	case e.hist != nil && mem > 0:
		prev = max(0, e.hist.Offences(pfx, time.Unix(0, t).UTC(), time.Duration(mem)))
	}
	n := prev + 1
	if mem <= 0 {
		return n // no memory: nothing to keep
	}
	if !ok {
		if e.offences.n >= e.c.maxClients {
			e.offences.remove(e.offences.tail)
		}
		i = e.offences.insert(k, e.offences.index.tag(k))
	}
	o := &e.offences.at(i).val
	o.last = max(t, o.last)
	o.count = uint32(min(int64(n), 1<<31))
	o.bits = bits
	e.offences.touch(i)
	return n
}

// purgeOffences drops up to n entries whose memory ran out before now.
func (e *Engine) purgeOffences(now int64, n int) {
	mem := int64(e.pol.Escalation.OffenceMemory)
	for ; n > 0 && e.offences.tail != nilIdx; n-- {
		if now-e.offences.at(e.offences.tail).val.last <= mem {
			return
		}
		e.offences.remove(e.offences.tail)
	}
}
