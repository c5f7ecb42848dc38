package detector

// sideTable holds a model's per-client state for the few clients that
// need it, beside the client strides, keyed by client slot: a slot in
// every client's stride for state that a client in thousands ever sets
// makes every stride longer, and warming, clearing and copying strides is
// what a log of many clients pays most for (session 14, issue 14: the
// default stride had grown to 35 slots, 280 bytes, five cache lines).
//
// The engine drops a client's entries when the client goes (evict), and
// the table drops all of them when the engine starts a new timeline (the
// client slots are reset then; jumps is Stats.TimeJumps at the last
// access). One entry per tracked client at most, so MaxClients bounds it.
// A model looks entries up only: no iteration, so no map order reaches a
// verdict.
type sideTable[V any] struct {
	m     map[uint32]V
	jumps uint64
}

// sync forgets every entry when the engine has jumped since the last access.
func (t *sideTable[V]) sync(jumps uint64) {
	if t.jumps != jumps {
		clear(t.m)
		t.jumps = jumps
	}
}

// get returns client slot i's entry, the zero V when it has none.
func (t *sideTable[V]) get(i uint32, jumps uint64) V {
	t.sync(jumps)
	return t.m[i]
}

// put sets client slot i's entry.
func (t *sideTable[V]) put(i uint32, v V, jumps uint64) {
	t.sync(jumps)
	if t.m == nil {
		t.m = make(map[uint32]V)
	}
	t.m[i] = v
}

// forget drops client slot i's entry (the client goes, or its state is
// back to zero).
func (t *sideTable[V]) forget(i uint32) {
	if len(t.m) > 0 {
		delete(t.m, i)
	}
}

// len is the number of entries.
func (t *sideTable[V]) len() int { return len(t.m) }
