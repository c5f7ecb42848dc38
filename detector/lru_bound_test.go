package detector

import (
	"math/rand/v2"
	"testing"
)

// TestLRURingBoundedByLiveEntries: many touches of a few entries (a busy
// client requeued over and over) leave blanks behind; the ring must close
// them up rather than grow. A ring that only grows fails (218,871 places
// for 100 entries after 1M touches; review rev-perf s13 found that the
// other LRU tests pass with such a ring).
func TestLRURingBoundedByLiveEntries(t *testing.T) {
	t.Parallel()
	l := newLRU[int]()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 100 {
		k := key{lo: uint64(i)}
		l.insert(k, l.index.tag(k))
	}
	for range 100_000 {
		i, _ := l.get(key{lo: uint64(rng.IntN(50))})
		l.touch(i)
	}
	if len(l.q) > 5*l.n/3+16 {
		t.Fatalf("%d places for %d entries", len(l.q), l.n)
	}
}
