package detector

import (
	"unsafe"

	"github.com/guardctl/guardctl/internal/hugepage"
)

// nilIdx marks the end of a list and an empty link.
const nilIdx = ^uint32(0)

// node is one entry of an lru. Nodes live in one slice and link to each
// other by index, so the table is a single pointer-free allocation the
// garbage collector never scans, and eviction is O(1).
type node[V any] struct {
	key        key
	prev, next uint32 // towards head (more recent) and tail (less recent)
	val        V
}

// lru is a hash index over a slab of nodes kept in recency order: head is
// the most recently touched entry, tail the least. Freed slots are reused
// through a free list threaded through next.
//
// The slab is a list of fixed-size chunks rather than one slice: growing it
// adds a chunk and never copies, so a table of a million clients does not
// hold its old and its new array at once while it grows (with one slice,
// the doubling step alone was a transient of 1.5x the table).
type lru[V any] struct {
	index      index
	chunks     []*[nodeChunk]node[V]
	hw         uint32 // slots ever handed out since the last reset
	head, tail uint32
	free       uint32
	n          int
	huge       bool // grow by huge-page groups (Options.HugeGroups)
	// warmed is the deepest slot from the tail that Engine.warmVictims
	// walked last (nilIdx: none); it fetches only for the slots past it.
	warmed uint32
}

// nodeChunk is the number of nodes per chunk of an lru's slab.
const (
	nodeShift = 10
	nodeChunk = 1 << nodeShift
)

func newLRU[V any]() lru[V] {
	return lru[V]{index: newIndex(), head: nilIdx, tail: nilIdx, free: nilIdx, warmed: nilIdx}
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
		l.free = l.at(i).next
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
	n.prev = nilIdx
	n.next = l.head
	if l.head != nilIdx {
		l.at(l.head).prev = i
	}
	l.head = i
	if l.tail == nilIdx {
		l.tail = i
	}
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

func (l *lru[V]) unlink(i uint32) {
	n := l.at(i)
	if n.prev != nilIdx {
		l.at(n.prev).next = n.next
	} else {
		l.head = n.next
	}
	if n.next != nilIdx {
		l.at(n.next).prev = n.prev
	} else {
		l.tail = n.prev
	}
}

// touch moves slot i to the head.
func (l *lru[V]) touch(i uint32) {
	if l.head == i {
		return
	}
	l.unlink(i)
	n := l.at(i)
	n.prev = nilIdx
	n.next = l.head
	l.at(l.head).prev = i
	l.head = i
}

// remove frees slot i.
func (l *lru[V]) remove(i uint32) {
	l.unlink(i)
	n := l.at(i)
	if _, pos, ok := l.find(n.key, l.index.tag(n.key)); ok {
		l.index.deleteAt(pos)
	}
	var zero V
	n.val = zero
	n.prev = nilIdx
	n.next = l.free
	l.free = i
	l.n--
}

// reset empties the table. It keeps the index's and slab's memory, which
// the caps already bound.
func (l *lru[V]) reset() {
	l.index.reset()
	l.hw = 0
	l.head, l.tail, l.free, l.n = nilIdx, nilIdx, nilIdx, 0
	l.warmed = nilIdx
}

// each calls f for every entry, most recent first. f may remove the entry
// it is given.
func (l *lru[V]) each(f func(i uint32, k key)) {
	for i := l.head; i != nilIdx; {
		n := l.at(i)
		next := n.next
		f(i, n.key)
		i = next
	}
}
