package detector

import (
	"unsafe"

	"github.com/guardctl/guardctl/internal/hugepage"
)

// nilIdx marks the end of a list and an empty link.
const nilIdx = ^uint32(0)

// node is one entry of an lru. Nodes live in one slice and refer to each
// other by index, so the table is a single pointer-free allocation the
// garbage collector never scans, and eviction is O(1).
type node[V any] struct {
	key key
	val V
}

// lru is a hash index over a slab of nodes kept in recency order: the head
// is the most recently touched entry, the tail the least. Freed slots are
// reused through a free list threaded through qat.
//
// The order is a queue kept as a ring of slot numbers, not a linked list:
// insert and touch push the slot at the head (touch first blanks the
// slot's old place), remove blanks its place, and the tail skips blanks.
// The live entries are in the order a doubly linked list would keep them
// (TestLRUQueueOrderIsTheList), but the entries at the tail, which the cap
// evicts one after the other, are known ahead without reading their nodes:
// a list gave the next victim only by reading the last one's link, so it
// could not be fetched before the last one had arrived (Engine.warmVictims).
// Moving an entry to the head also no longer writes its neighbours' and the
// old head's links.
//
// Blanks are bounded: a full ring with a quarter or more of blanks is
// compacted in place (the live entries close up, keeping their order),
// else it grows by a quarter; so it has fewer than 5 places per 3 live
// entries. With the place of each slot (qat, 4 bytes) it costs 8-11 bytes
// per entry, as much as the 8-byte queue stamp per slot beside the slab
// that went into clientState, in the 8 bytes of the list's two links.
//
// The slab is a list of fixed-size chunks rather than one slice: growing it
// adds a chunk and never copies, so a table of a million clients does not
// hold its old and its new array at once while it grows (with one slice,
// the doubling step alone was a transient of 1.5x the table).
type lru[V any] struct {
	index  index
	chunks []*[nodeChunk]node[V]
	// qat holds each slot's place in q (a free slot's: the next free
	// slot), in chunks like the slab's: it is read only to move or remove
	// an entry that is not at the tail, so it stays out of the node.
	qat    []*[nodeChunk]uint32
	hw     uint32 // slots ever handed out since the last reset
	q      []uint32
	qt, qn uint32 // the tail's place and the number of places in use
	// qpast counts the places the tail has moved past since the last
	// reset: the place qt is position qpast, place (qt+j) mod len(q)
	// position qpast+j.
	qpast uint64
	tail  uint32 // the slot at qt, the least recent entry (nilIdx: empty)
	free  uint32
	n     int
	huge  bool // grow by huge-page groups (Options.HugeGroups)
	// warmed and fetched are the positions up to which Engine.warmVictims
	// fetched the victims' index entries and strides, and their nodes.
	warmed, fetched uint64
}

// nodeChunk is the number of nodes per chunk of an lru's slab.
const (
	nodeShift = 10
	nodeChunk = 1 << nodeShift
)

func newLRU[V any]() lru[V] {
	return lru[V]{index: newIndex(), q: make([]uint32, 16), tail: nilIdx, free: nilIdx}
}

// at returns slot i's node.
func (l *lru[V]) at(i uint32) *node[V] {
	return &l.chunks[i>>nodeShift][i&(nodeChunk-1)]
}

// slots is the number of slots handed out (live or free): every live slot
// is below it.
func (l *lru[V]) slots() uint32 { return l.hw }

func (l *lru[V]) get(k key) (uint32, bool) {
	i, _, ok := l.find(k, l.index.tag(k))
	return i, ok
}

// find returns k's slot and its position in the index; tag is
// l.index.tag(k), which a caller may have computed ahead (Prep).
func (l *lru[V]) find(k key, tag uint32) (slot uint32, pos int, ok bool) {
	x := &l.index
	mask := len(x.slots) - 1
	for p := int(tag) & mask; ; p = (p + 1) & mask {
		e := x.slots[p]
		if e == 0 {
			return 0, 0, false
		}
		if uint32(e>>32) == tag && l.at(uint32(e)-1).key == k {
			return uint32(e) - 1, p, true
		}
	}
}

// insert adds k (whose l.index.tag is tag) at the head and returns its
// slot, whose val is zero. The caller must have checked that k is absent.
func (l *lru[V]) insert(k key, tag uint32) uint32 {
	var i uint32
	if l.free != nilIdx {
		i = l.free
		l.free = *l.place(i)
	} else {
		i = l.hw
		if int(i>>nodeShift) == len(l.chunks) {
			l.grow()
		}
		l.hw++
	}
	n := l.at(i)
	*n = node[V]{} // a reset table reuses its chunks
	n.key = k
	l.push(i)
	l.index.insert(tag, i)
	l.n++
	return i
}

// hugeGroup is how many chunks a big table of the default engine allocates
// at once, from groupFrom chunks on, advised with hugepage.Advise (which
// leaves a group under 4 MiB alone). This is the growth of every engine
// but a one-shot run's (Options.HugeGroups).
const (
	hugeGroup = 32
	groupFrom = 8 * hugeGroup
)

// With Options.HugeGroups a big table allocates its chunks in groups of at
// least hugeGroupBytes that the kernel is asked to back with huge pages:
// lookups and the eviction at the cap land on random nodes, strides and
// queue stamps, and with a million clients each would otherwise miss the
// TLB as well (under a hypervisor a TLB miss walks two page tables). A
// group is not 2 MiB-aligned, so it is advised rounded out
// (hugepage.AdviseAround): the groups of a table are laid side by side and
// share their end pages. Advised with hugepage.Advise, the 2 MiB node
// groups never got huge pages: at the 500,000-client cap of the 10M-line
// log of a million clients only 35 MB of analyze's 180 MB were; rounded
// out, the same log takes ~6 % less CPU per line (docs/history/performance.md).
//
// It is off by default because the rounded-out ends are Go heap around the
// table too (neighbouring objects, freed spans): in the daemon khugepaged
// kept collapsing them long after a burst (VmRSS 192 -> 216 MB over 130 s
// idle with a million clients and 100,000 bans, review of 46eaecf), and the
// last, mostly empty group cost up to 135 bytes per idle client at
// 66,000-140,000 clients, over the daemon's memory budget. A one-shot
// analyze ends before either matters.
const hugeGroupBytes = 2 << 20

// groupFromBytes is the size after which a HugeGroups table grows by
// groups: smaller tables keep their single chunks.
const groupFromBytes = 4 << 20

// growChunks appends one chunk to chunks, or, once they hold
// groupFromBytes, a group of at least hugeGroupBytes of them in one
// allocation advised to huge pages (Options.HugeGroups).
func growChunks[T any](chunks []*[nodeChunk]T) []*[nodeChunk]T {
	size := unsafe.Sizeof([nodeChunk]T{})
	if uintptr(len(chunks))*size < groupFromBytes {
		return append(chunks, new([nodeChunk]T))
	}
	g := make([][nodeChunk]T, (hugeGroupBytes+size-1)/size)
	hugepage.AdviseAround(unsafe.Pointer(unsafe.SliceData(g)), uintptr(len(g))*size)
	for j := range g {
		chunks = append(chunks, &g[j])
	}
	return chunks
}

// grow adds one chunk to the slab, or, once the slab is big (groupFrom),
// a group of hugeGroup chunks in one allocation; with huge, growChunks.
// A group over-allocates at most hugeGroup-1 chunks, at most 1/8 of such a
// slab (2 MB of a million clients' 64 MB).
func (l *lru[V]) grow() {
	defer func() {
		for len(l.qat) < len(l.chunks) {
			l.qat = append(l.qat, new([nodeChunk]uint32))
		}
	}()
	if l.huge {
		l.chunks = growChunks(l.chunks)
		return
	}
	if len(l.chunks) < groupFrom {
		l.chunks = append(l.chunks, new([nodeChunk]node[V]))
		return
	}
	g := new([hugeGroup][nodeChunk]node[V])
	hugepage.Advise(unsafe.Pointer(g), unsafe.Sizeof(*g))
	for j := range g {
		l.chunks = append(l.chunks, &g[j])
	}
}

// place returns where slot i's place in q is kept.
func (l *lru[V]) place(i uint32) *uint32 {
	return &l.qat[i>>nodeShift][i&(nodeChunk-1)]
}

// wrap is place j of q, for j < 2 len(q).
func (l *lru[V]) wrap(j uint32) uint32 {
	if j >= uint32(len(l.q)) {
		j -= uint32(len(l.q))
	}
	return j
}

// qplace returns the place of position pos, which must be in use.
func (l *lru[V]) qplace(pos uint64) uint32 { return l.wrap(l.qt + uint32(pos-l.qpast)) }

// qend is the position after the head's.
func (l *lru[V]) qend() uint64 { return l.qpast + uint64(l.qn) }

// push puts slot i at the head of the queue, making room first if the
// ring is full.
func (l *lru[V]) push(i uint32) {
	if int(l.qn) == len(l.q) {
		l.room()
	}
	j := l.wrap(l.qt + l.qn)
	l.q[j] = i
	*l.place(i) = j
	l.qn++
	if l.tail == nilIdx {
		l.tail = i
	}
}

// room makes the full ring hold one more entry: it closes up the blanks if
// they are a quarter of it or more, else it grows by a quarter; either way
// the live entries keep their order. Closing up writes behind the reading,
// so it is done in place.
func (l *lru[V]) room() {
	q, w := l.q, l.qt
	if 4*l.n > 3*len(l.q) {
		q, w = make([]uint32, len(l.q)+len(l.q)/4), 0
	}
	qt, c := w, uint32(0)
	for j, k := uint32(0), l.qt; j < l.qn; j++ {
		if s := l.q[k]; s != nilIdx {
			q[w] = s
			*l.place(s) = w
			c++
			if w++; w == uint32(len(q)) {
				w = 0
			}
		}
		if k++; k == uint32(len(l.q)) {
			k = 0
		}
	}
	l.q, l.qt, l.qn = q, qt, c
	l.warmed, l.fetched = l.qpast, l.qpast
}

// blank empties slot i's place in the queue; if it was the tail, the
// tail moves on past the blanks to the next live entry.
func (l *lru[V]) blank(i uint32) {
	if i != l.tail {
		l.q[*l.place(i)] = nilIdx
		return
	}
	l.q[l.qt] = nilIdx
	for l.qn > 0 && l.q[l.qt] == nilIdx {
		l.qt = l.wrap(l.qt + 1)
		l.qn--
		l.qpast++
	}
	l.tail = nilIdx
	if l.qn > 0 {
		l.tail = l.q[l.qt]
	}
}

// touch moves slot i to the head.
func (l *lru[V]) touch(i uint32) {
	if l.q[l.wrap(l.qt+l.qn-1)] == i {
		return
	}
	l.blank(i)
	l.push(i)
}

// remove frees slot i.
func (l *lru[V]) remove(i uint32) {
	l.blank(i)
	n := l.at(i)
	if _, pos, ok := l.find(n.key, l.index.tag(n.key)); ok {
		l.index.deleteAt(pos)
	}
	var zero V
	n.val = zero
	*l.place(i) = l.free
	l.free = i
	l.n--
}

// reset empties the table. It keeps the index's and slab's memory, which
// the caps already bound.
func (l *lru[V]) reset() {
	l.index.reset()
	l.hw = 0
	l.qt, l.qn, l.qpast, l.warmed, l.fetched = 0, 0, 0, 0, 0
	l.tail, l.free, l.n = nilIdx, nilIdx, 0
}

// each calls f for every entry, most recent first. f may remove the entry
// it is given.
func (l *lru[V]) each(f func(i uint32, k key)) {
	for j, n := l.wrap(l.qt+l.qn), l.qn; n > 0; n-- {
		if j == 0 {
			j = uint32(len(l.q))
		}
		j--
		if i := l.q[j]; i != nilIdx {
			f(i, l.at(i).key)
		}
	}
}
