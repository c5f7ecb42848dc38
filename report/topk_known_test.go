package report

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
)

// TestObserveKnownMatchesObserve: a Collector fed through ObserveKnown ends
// with the path and agent counts of one fed through Observe, through the
// prunes and resizes that move its values, texts numbered again after a
// memo forgot them, lines with no number, and replays whose memo numbers
// afresh from 1 (the driver calls ResetKnown before each: without it a
// number would still name the previous replay's text). Every other replay
// meets only values already counted, so nothing moves and no prune forgets
// its numbers before the next replay reuses them.
func TestObserveKnownMatchesObserve(t *testing.T) {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	var v detector.Verdict
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 7))
		plain := NewCollector(Options{TopCapacity: 64})
		known := NewCollector(Options{TopCapacity: 64})
		// A replay's memo numbers each text it keeps, and a text it
		// forgot again; a path's number is its request line's.
		idOf := map[string]uint64{}
		next := uint64(0)
		number := func(text string) uint64 {
			id, ok := idOf[text]
			if !ok || r.IntN(20) == 0 {
				next++
				id = next
				idOf[text] = id
			}
			if r.IntN(15) == 0 {
				return 0 // too long to keep
			}
			return id
		}
		for i := range 20000 {
			replay := i / 2500
			if i%2500 == 0 {
				known.ResetKnown() // a new replay, a new memo
				clear(idOf)
				next = 0
			}
			path := fmt.Sprint("/hot/", r.IntN(10))
			if replay%2 == 0 && r.IntN(2) == 0 {
				path = fmt.Sprint("/cold/", r.IntN(3000))
			}
			ua := fmt.Sprint("agent/", r.IntN(20))
			if replay%2 == 0 && r.IntN(2) == 0 {
				ua = fmt.Sprint("agent/", r.IntN(500))
			}
			ev := parser.Event{Kind: parser.KindRequest, Time: at, Method: []byte("GET"), Path: []byte(path), UA: []byte(ua), Status: 200}
			plain.Observe(uint64(i), nil, &ev, &v)
			known.ObserveKnown(uint64(i), nil, &ev, &v, number("GET "+path), number(ua))
		}
		if !known.paths.pruned || !known.uas.pruned {
			t.Fatalf("seed %d: no prune (paths %v, agents %v): the test does not reach the values' moves", seed, known.paths.pruned, known.uas.pruned)
		}
		for _, tk := range []struct {
			name       string
			plain, got *TopK
		}{{"paths", plain.paths, known.paths}, {"agents", plain.uas, known.uas}} {
			if x, y := tk.plain.Top(-1), tk.got.Top(-1); !slices.Equal(x, y) {
				t.Fatalf("seed %d %s: Observe %v\nObserveKnown %v", seed, tk.name, x[:min(len(x), 5)], y[:min(len(y), 5)])
			}
		}
	}
}
