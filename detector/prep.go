package detector

import (
	"net/netip"

	"github.com/guardctl/guardctl/parser"
)

// Prep is the part of judging an event that depends only on the event and
// the policy, not on any client's state: the client's key, the hash that
// places it in the client table, and whether the allow and deny lists
// name it. A driver that judges on one goroutine can have Prepare compute
// it on another (pipeline's preparing stage), and can hand a batch of them
// to Warm before judging the batch.
type Prep struct {
	pfx     netip.Prefix
	k       key
	tag     uint32 // e.clients.index.tag(k)
	gen     uint32 // the policy generation it was made under; 0: none
	valid   bool   // the event has a valid client address
	allowed bool
	denied  bool
}

// Prepare computes ev's Prep. Unlike the other methods it may run on
// another goroutine while Observe runs: it reads only the policy in force
// and the client table's hash seed, which never changes. It must not run
// concurrently with SetPolicy; ObservePrepared recomputes a Prep made
// under an earlier policy.
func (e *Engine) Prepare(ev *parser.Event, pre *Prep) { e.prepare(ev, pre) }

func (e *Engine) prepare(ev *parser.Event, pre *Prep) {
	*pre = Prep{gen: e.gen}
	addr := ev.Client.Unmap()
	if !addr.IsValid() {
		return
	}
	p := e.pol
	pre.valid = true
	pre.pfx = p.ClientKey(addr)
	pre.k = keyOf(pre.pfx)
	pre.tag = e.clients.index.tag(pre.k)
	pre.allowed = p.Allow != nil && p.Allow.Contains(addr)
	pre.denied = !pre.allowed && p.Deny != nil && p.Deny.Contains(addr)
}

// Warm loads into the CPU's caches what judging these events will read
// first: each client's index entry, its node and its slot-pool stride.
// At a million clients each of these is a cache miss (and a TLB miss),
// and each depends on the one before, so judging one event after another
// waits for three misses per event. Warm walks the batch three times,
// one level per walk, so the misses of all the events of a level are in
// flight together. It only reads: the state it finds may change as the
// events are judged (an event inserts or evicts a client), which costs a
// miss but never changes a verdict.
func (e *Engine) Warm(pres []Prep) {
	x := &e.clients.index
	mask := len(x.slots) - 1
	var acc uint64
	for i := range pres {
		if p := &pres[i]; p.valid && p.gen == e.gen {
			acc += x.slots[int(p.tag)&mask]
		}
	}
	// found[i]: 1 + the slot of event i's node, 0 when not found. A
	// bounded array on the stack: Warm takes at most warmBatch events.
	var found [WarmBatch]uint32
	pres = pres[:min(len(pres), WarmBatch)]
	for i := range pres {
		p := &pres[i]
		if !p.valid || p.gen != e.gen {
			continue
		}
		// The first entry with the key's tag, in a probe run of a few.
		for j, q := 0, int(p.tag)&mask; j < 4; j, q = j+1, (q+1)&mask {
			ent := x.slots[q]
			if ent == 0 {
				break
			}
			if uint32(ent>>32) == p.tag {
				s := uint32(ent) - 1
				acc += e.clients.at(s).key.lo
				found[i] = s + 1
				break
			}
		}
	}
	for i := range pres {
		if found[i] == 0 {
			continue
		}
		n := &e.clients.at(found[i] - 1).val
		if n.full == 0 {
			continue
		}
		// Every cache line of the stride: its slots are at most
		// (stride+1)*8 bytes, read by the throttles and models alike.
		st := e.pool.at(n.full - 1)
		for j := 0; j < len(st); j += 8 {
			acc += uint64(st[j])
		}
		acc += uint64(st[len(st)-1])
	}
	e.warmSink = acc
}

// WarmBatch is the most events Warm looks at in one call: enough misses
// in flight to cover their latency, few enough that what it loads is still
// in the caches when the events are judged.
const WarmBatch = 16
