package detector

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
type lru[V any] struct {
	index      index
	nodes      []node[V]
	head, tail uint32
	free       uint32
	n          int
	limit      int // the most nodes the owner will keep; bounds slab growth
}

func newLRU[V any]() lru[V] {
	return lru[V]{index: newIndex(), head: nilIdx, tail: nilIdx, free: nilIdx}
}

func (l *lru[V]) get(k key) (uint32, bool) {
	i, _, ok := l.find(k)
	return i, ok
}

// find returns k's slot and its position in the index.
func (l *lru[V]) find(k key) (slot uint32, pos int, ok bool) {
	x := &l.index
	tag := x.tag(k)
	mask := len(x.slots) - 1
	for p := int(tag) & mask; ; p = (p + 1) & mask {
		e := x.slots[p]
		if e == 0 {
			return 0, 0, false
		}
		if uint32(e>>32) == tag && l.nodes[uint32(e)-1].key == k {
			return uint32(e) - 1, p, true
		}
	}
}

// insert adds k at the head and returns its slot, whose val is zero. The
// caller must have checked that k is absent.
func (l *lru[V]) insert(k key) uint32 {
	var i uint32
	if l.free != nilIdx {
		i = l.free
		l.free = l.nodes[i].next
		l.nodes[i] = node[V]{}
	} else {
		l.nodes = grow(l.nodes, len(l.nodes)+1, l.limit)
		i = uint32(len(l.nodes) - 1)
	}
	n := &l.nodes[i]
	n.key = k
	n.prev = nilIdx
	n.next = l.head
	if l.head != nilIdx {
		l.nodes[l.head].prev = i
	}
	l.head = i
	if l.tail == nilIdx {
		l.tail = i
	}
	l.index.insert(k, i)
	l.n++
	return i
}

func (l *lru[V]) unlink(i uint32) {
	n := &l.nodes[i]
	if n.prev != nilIdx {
		l.nodes[n.prev].next = n.next
	} else {
		l.head = n.next
	}
	if n.next != nilIdx {
		l.nodes[n.next].prev = n.prev
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
	n := &l.nodes[i]
	n.prev = nilIdx
	n.next = l.head
	l.nodes[l.head].prev = i
	l.head = i
}

// remove frees slot i.
func (l *lru[V]) remove(i uint32) {
	l.unlink(i)
	if _, pos, ok := l.find(l.nodes[i].key); ok {
		l.index.deleteAt(pos)
	}
	var zero V
	l.nodes[i].val = zero
	l.nodes[i].prev = nilIdx
	l.nodes[i].next = l.free
	l.free = i
	l.n--
}

// reset empties the table. It keeps the map's and slab's memory, which the
// caps already bound.
func (l *lru[V]) reset() {
	l.index.reset()
	l.nodes = l.nodes[:0]
	l.head, l.tail, l.free, l.n = nilIdx, nilIdx, nilIdx, 0
}

// each calls f for every entry, most recent first. f may remove the entry
// it is given.
func (l *lru[V]) each(f func(i uint32, k key)) {
	for i := l.head; i != nilIdx; {
		next := l.nodes[i].next
		f(i, l.nodes[i].key)
		i = next
	}
}

// grow returns s extended to length n with zero values. It doubles the
// capacity rather than letting append grow large slices by a quarter, which
// would copy a slab of millions of entries over and over, and it never
// reserves more than limit elements (when limit >= n), so a slab sized for
// MaxClients clients holds no slack beyond it.
func grow[T any](s []T, n, limit int) []T {
	if n <= cap(s) {
		old := len(s)
		s = s[:n]
		clear(s[old:]) // a reset slab keeps its old contents past len
		return s
	}
	c := max(2*cap(s), 64, n)
	if limit >= n {
		c = min(c, limit)
	}
	t := make([]T, n, c)
	copy(t, s)
	return t
}
