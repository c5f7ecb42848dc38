package detector

import (
	"math/rand/v2"
	"testing"
)

// TestLRUAgainstMap drives the lru (and its index, with backward-shift
// deletion) with random inserts, touches and removals and checks it
// against a map and a recency list kept the slow way.
func TestLRUAgainstMap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 7))
	l := newLRU[int]()
	ref := map[key]int{}
	var order []key // most recent first
	moveFront := func(k key) {
		for i, o := range order {
			if o == k {
				order = append(order[:i], order[i+1:]...)
				break
			}
		}
		order = append([]key{k}, order...)
	}
	for step := range 10_000 {
		// A small key space forces long probe runs and many collisions.
		k := key{hi: uint64(rng.IntN(3)), lo: uint64(rng.IntN(400))}
		i, ok := l.get(k)
		if _, want := ref[k]; ok != want {
			t.Fatalf("step %d: get(%v) = %v, want %v", step, k, ok, want)
		}
		switch {
		case ok && rng.IntN(2) == 0:
			if l.at(i).val != ref[k] {
				t.Fatalf("step %d: value %d, want %d", step, l.at(i).val, ref[k])
			}
			l.remove(i)
			delete(ref, k)
			for j, o := range order {
				if o == k {
					order = append(order[:j], order[j+1:]...)
					break
				}
			}
		case ok:
			l.touch(i)
			moveFront(k)
		default:
			i = l.insert(k, l.index.tag(k))
			l.at(i).val = step
			ref[k] = step
			order = append([]key{k}, order...)
		}
		if l.n != len(ref) || l.index.n != len(ref) {
			t.Fatalf("step %d: %d entries, index %d, want %d", step, l.n, l.index.n, len(ref))
		}
		if step%1000 == 0 {
			var got []key
			l.each(func(_ uint32, k key) { got = append(got, k) })
			if len(got) != len(order) {
				t.Fatalf("step %d: list has %d, want %d", step, len(got), len(order))
			}
			for j := range got {
				if got[j] != order[j] {
					t.Fatalf("step %d: recency order differs at %d", step, j)
				}
			}
			if l.tail != nilIdx && l.at(l.tail).key != order[len(order)-1] {
				t.Fatalf("step %d: tail is not the least recent", step)
			}
		}
	}
	// Churn never grows the index beyond what the live keys need.
	if len(l.index.slots) > 4*1200 {
		t.Fatalf("index has %d slots for at most 1200 keys", len(l.index.slots))
	}
}

// refList is the doubly linked recency list the lru kept before its queue
// (session 13): the reference its order must equal.
type refList struct {
	prev, next map[key]key
	head, tail key
	n          int
}

var noKey = key{hi: ^uint64(0)}

func (r *refList) unlink(k key) {
	p, nx := r.prev[k], r.next[k]
	if p != noKey {
		r.next[p] = nx
	} else {
		r.head = nx
	}
	if nx != noKey {
		r.prev[nx] = p
	} else {
		r.tail = p
	}
	delete(r.prev, k)
	delete(r.next, k)
	r.n--
}

func (r *refList) pushFront(k key) {
	r.prev[k], r.next[k] = noKey, r.head
	if r.head != noKey {
		r.prev[r.head] = k
	}
	r.head = k
	if r.tail == noKey {
		r.tail = k
	}
	r.n++
}

// TestLRUQueueOrderIsTheList drives the queue and the old linked list with
// the same random workload, shaped like the engine's (inserts at a cap that
// evict the tail, second chances that requeue the tail, removals and
// touches anywhere, as bans, Forget and the offence table do), and checks
// after every step that both have the same tail, so the same evictions,
// and every so often the same whole order. The ring wraps, compacts its
// blanks and grows many times on the way, and stays bounded by the peak.
func TestLRUQueueOrderIsTheList(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 13))
		l := newLRU[int]()
		r := &refList{prev: map[key]key{}, next: map[key]key{}, head: noKey, tail: noKey}
		live := []key{}
		capN := 300 + rng.IntN(700)
		peak := 0
		for step := range 60_000 {
			if step == 30_000 {
				capN = 50 // shrink: the ring holds mostly blanks, then compacts
			}
			switch op := rng.IntN(100); {
			case op < 60: // a new client, evicting the tail at the cap
				k := key{lo: uint64(step)}
				for l.n >= capN {
					if rng.IntN(2) == 0 && l.n > 1 { // a second chance
						l.touch(l.tail)
						k := r.tail
						r.unlink(k)
						r.pushFront(k)
						continue
					}
					tk := l.at(l.tail).key
					l.remove(l.tail)
					r.unlink(tk)
				}
				l.insert(k, l.index.tag(k))
				r.pushFront(k)
				live = append(live, k)
			case op < 80 && len(live) > 0: // touch anywhere
				k := live[rng.IntN(len(live))]
				if i, ok := l.get(k); ok {
					l.touch(i)
					r.unlink(k)
					r.pushFront(k)
				}
			case len(live) > 0: // remove anywhere (a ban)
				j := rng.IntN(len(live))
				k := live[j]
				live[j] = live[len(live)-1]
				live = live[:len(live)-1]
				if i, ok := l.get(k); ok {
					l.remove(i)
					r.unlink(k)
				}
			}
			if l.n != r.n {
				t.Fatalf("seed %d step %d: %d entries, list has %d", seed, step, l.n, r.n)
			}
			if (l.tail == nilIdx) != (r.tail == noKey) || l.tail != nilIdx && l.at(l.tail).key != r.tail {
				t.Fatalf("seed %d step %d: the tail differs from the list's", seed, step)
			}
			if step%500 == 0 {
				j := 0
				want := r.head
				l.each(func(_ uint32, k key) {
					if k != want {
						t.Fatalf("seed %d step %d: order differs at %d", seed, step, j)
					}
					want = r.next[want]
					j++
				})
				if want != noKey {
					t.Fatalf("seed %d step %d: the queue ends early, at %d", seed, step, j)
				}
			}
			peak = max(peak, l.n)
			if len(l.q) > 5*peak/3+16 { // the ring, like the slab, keeps its peak
				t.Fatalf("seed %d step %d: %d places for at most %d entries", seed, step, len(l.q), peak)
			}
		}
	}
}
