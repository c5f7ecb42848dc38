package detector

import (
	"math/rand/v2"
	"testing"
)

// TestLRUAgainstMap drives the lru (and its index, with backward-shift
// deletion) with random inserts, touches and removals and checks it
// against a map and a recency list kept the slow way.
func TestLRUAgainstMap(t *testing.T) {
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
