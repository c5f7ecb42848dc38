package cluster

import (
	"testing"
	"time"
)

// Review s12 (rev-cluster item 1, fab2c9d): before the fix, once a walk empties the map of clients known
// hot, dropExpiredHot sets hotNext to math.MaxInt64 and never walks the
// map again: clients learned afterwards are never dropped, the map fills
// to its bound and the rule turns hot for every client at each new mark.
func TestShareHotMapWalkedAgainAfterEmptied(t *testing.T) {
	r := &Rule{window: time.Minute, hot: map[countKey]int64{}, held: newHeldTable()}
	w := time.Minute.Milliseconds()
	t0 := time.Now().UnixMilli()
	r.learnHot(keyOf(marksClient(1)), t0, 1000)
	r.dropExpiredHot(t0 + 3*w) // the first client's end: the map empties
	if len(r.hot) != 0 {
		t.Fatalf("%d clients left after the first end", len(r.hot))
	}
	// A second wave, later: 10 clients learned hot at t1.
	t1 := t0 + 10*w
	for i := range 10 {
		r.learnHot(keyOf(marksClient(100+i)), t1, 1000)
	}
	// Long after their three windows, the bucket sweep and the full-map walk.
	r.dropExpiredHot(t1 + 100*w)
	if len(r.hot) != 0 {
		t.Fatalf("%d expired clients kept 100 windows after their end (hotNext %d, walks %d)", len(r.hot), r.hotNext, r.hotWalks)
	}
}

// The same through the bound: with the map stuck, a node whose map once
// emptied and which then learns `limit` clients over time turns hot for
// every client (hotAll) at the next mark even though every one of them
// expired long ago.
func TestShareHotMapEmptiedNotHotAll(t *testing.T) {
	r := &Rule{window: time.Minute, hot: map[countKey]int64{}, held: newHeldTable()}
	w := time.Minute.Milliseconds()
	const limit = 100
	t0 := time.Now().UnixMilli()
	r.learnHot(keyOf(marksClient(1)), t0, limit)
	r.dropExpiredHot(t0 + 3*w)
	now := t0 + 4*w
	for i := range limit { // one client a window, each expires
		now += w
		r.learnHot(keyOf(marksClient(1000+i)), now, limit)
		if len(r.hot) >= limit {
			r.dropExpiredHot(now) // fetchHot's walk when the map is full
		}
		r.dropExpiredHot(now) // Send's sweep at a new bucket
	}
	now += w
	r.learnHot(keyOf(marksClient(99999)), now, limit)
	if r.hotAll > now {
		t.Fatalf("rule hot for every client until +%d ms with %d clients in the map, all but %d expired", r.hotAll-now, len(r.hot), 3)
	}
}
