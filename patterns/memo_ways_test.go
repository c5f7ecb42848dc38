package patterns

import (
	"fmt"
	"testing"
)

// TestMemoFrequentTextsStay: as many frequent texts as a set has ways
// stay remembered whatever the hash seed, so a memo never re-matches them
// on every request. With direct-mapped slots two of them met in one slot
// for 3 seeds in 8 on the 1M benchmark log (29 request lines, 6 agents),
// and each then evicted the other on every request: 22k-199k requests
// matched from scratch, a random seed deciding which run paid.
func TestMemoFrequentTextsStay(t *testing.T) {
	m := mustCompile(t, Options{})
	for seed := range 30 {
		mm := m.newMemo(memoWays) // one set: every text meets the others
		var reqs []Request
		for i := range memoWays {
			reqs = append(reqs, Request{Method: []byte("GET"), Path: []byte(fmt.Sprintf("/p%d-%d", seed, i)),
				UA: []byte(fmt.Sprintf("Mozilla/5.0 agent %d-%d", seed, i))})
		}
		first := map[int][2]uint64{}
		for round := range 3 {
			for i := range reqs {
				mm.Match(&reqs[i], nil)
				rid, uid := mm.Known()
				if rid == 0 || uid == 0 {
					t.Fatalf("seed %d: request %d not remembered (%d, %d)", seed, i, rid, uid)
				}
				if round == 0 {
					first[i] = [2]uint64{rid, uid}
				} else if got := [2]uint64{rid, uid}; got != first[i] {
					t.Fatalf("seed %d, round %d: request %d numbered %v, was %v: matched again", seed, round, i, got, first[i])
				}
			}
		}
	}
}
