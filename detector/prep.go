package detector

import (
	"net/netip"
	"unsafe"

	"github.com/guardctl/guardctl/internal/prefetch"
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
	node    uint32 // Warm's guess of the client's slot + 1, 0: none (set and read by Warm only)
	valid   bool   // the event has a valid client address
	allowed bool
	denied  bool
	tf      textFacts // set by PrepareKnown only (textfacts.go)
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

// Warm has the CPU fetch into its caches what judging the events of pres
// will read first: each client's index entry, its node and its slot-pool
// stride. At a million clients each of these is a cache miss (and a TLB
// miss), and each depends on the one before, so judging one event after
// another waits for three misses per event.
//
// Call it before judging pres[i:i+WarmBatch], for i = 0, WarmBatch,
// 2*WarmBatch ... It works ahead, one level per run of events: it
// prefetches the index entries of the run two runs on, the nodes of the
// next run (whose entries the previous call fetched) and the strides of
// the run at i (whose nodes it fetched), so every miss is in flight while
// other events are judged. At i == 0 it first does the earlier levels of
// the first two runs.
//
// It only reads: the state it finds may change as the events are judged
// (an event inserts or evicts a client), which costs a miss but never
// changes a verdict.
func (e *Engine) Warm(pres []Prep, i int) {
	const w = WarmBatch
	run := func(j int) []Prep { return pres[min(j, len(pres)):min(j+w, len(pres))] }
	if i == 0 {
		e.warmIndex(run(0))
		e.warmIndex(run(w))
		e.warmNodes(run(0))
	}
	e.warmIndex(run(i + 2*w))
	e.warmNodes(run(i + w))
	e.warmStrides(run(i))
}

// WarmBatch is the length of the runs Warm works on: a run is judged in
// more time than a miss takes, and what Warm fetched for it is still in
// the caches when it is judged.
const WarmBatch = 16

// warmIndex prefetches the index entries of pres.
func (e *Engine) warmIndex(pres []Prep) {
	x := &e.clients.index
	mask := len(x.slots) - 1
	var addrs [WarmBatch]uintptr // one prefetch call a run (prefetch.Each)
	n := 0
	for i := range pres {
		if p := &pres[i]; p.valid && p.gen == e.gen && n < len(addrs) {
			addrs[n] = uintptr(unsafe.Pointer(&x.slots[int(p.tag)&mask]))
			n++
		}
	}
	prefetch.Each(addrs[:n])
}

// warmSlot returns the slot + 1 of p's client, or 0, probing at most a
// few index entries and comparing tags only (Warm's guess; Observe looks
// the client up exactly).
func (e *Engine) warmSlot(p *Prep) uint32 {
	if !p.valid || p.gen != e.gen {
		return 0
	}
	x := &e.clients.index
	mask := len(x.slots) - 1
	for j, q := 0, int(p.tag)&mask; j < 4; j, q = j+1, (q+1)&mask {
		ent := x.slots[q]
		if ent == 0 {
			return 0
		}
		if uint32(ent>>32) == p.tag {
			return uint32(ent)
		}
	}
	return 0
}

// warmNodes prefetches the nodes of pres and notes each one's slot in its
// Prep, so that warmStrides, a run later, reads the node without probing
// the index again.
func (e *Engine) warmNodes(pres []Prep) {
	var addrs [WarmBatch]uintptr
	n := 0
	for i := range pres {
		p := &pres[i]
		p.node = e.warmSlot(p)
		if p.node != 0 && n < len(addrs) {
			addrs[n] = uintptr(unsafe.Pointer(e.clients.at(p.node - 1)))
			n++
		}
	}
	prefetch.Each(addrs[:n])
}

// warmStrides prefetches every cache line of the pool strides of pres:
// a stride's (stride+1)*8 bytes are read by the throttles and the models
// alike. The slot warmNodes noted is a guess too: judging the run before
// may have evicted the client and reused its slot, which costs a useless
// fetch; l.hw bounds it to slots that exist.
func (e *Engine) warmStrides(pres []Prep) {
	l := &e.clients
	for i := range pres {
		s := pres[i].node
		if s == 0 || s-1 >= l.hw {
			continue
		}
		f := l.at(s - 1).val.full
		if f == 0 || f-1 >= e.pool.hw {
			continue
		}
		st := e.pool.at(f - 1)
		prefetch.Lines(unsafe.Pointer(&st[0]), uintptr(len(st))*8)
	}
}
