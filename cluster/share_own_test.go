package cluster

import (
	"context"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Tests of the marks a node learns from its own calls' replies
// (ownmarks.go).

// A node's call that marks a client hot tells the node in its reply: the
// client is hot on that node as soon as the flush returns, and the
// node's place is past the mark, so its next read does not take it
// back. Before, the node learned its own mark only by reading it back at
// its next flush, like every other node's.
func TestShareOwnMarksLearnedFromReply(t *testing.T) {
	_, a, _, ra, _ := sharingCounters(t, 3, 60) // share 10, hot at 30
	ctx := context.Background()
	x, y := marksClient(1), marksClient(2)
	for range 35 {
		a.Add(ra, x)
	}
	a.Add(ra, y) // held: a's next flushes read the marks
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	seq, err := a.rdb.Get(ctx, a.k.hotSeq("login")).Uint64()
	if err != nil || seq == 0 {
		t.Fatalf("mark counter %d (%v): x not marked", seq, err)
	}
	if !ra.isHot(keyOf(x), time.Now().UnixMilli()) {
		t.Fatalf("x not hot on a after the flush whose call marked it")
	}
	if !slices.Equal(ra.own, []markRange{{seq, seq}}) {
		t.Fatalf("a's own ranges %v, want [%d %d]", ra.own, seq, seq)
	}
	// The first mark is numbered from Redis's clock: the next read takes
	// the numbers under it (another node's marks) once, then the place
	// joins the range.
	a.Add(ra, y)
	if _, err := a.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if ra.hotSeen != seq || len(ra.own) != 0 {
		t.Fatalf("a's place %d, own ranges %v; want the counter %d and none", ra.hotSeen, ra.own, seq)
	}
	if ra.isHot(keyOf(y), time.Now().UnixMilli()) {
		t.Fatalf("y (1 event, held) hot")
	}
	// Its own mark is not read back: the read starts after the counter.
	if g := ra.gaps(); len(g) != 1 || g[0].lo != seq || g[0].hi != 0 {
		t.Fatalf("a's next read takes %v, want only after %d", g, seq)
	}
}

// The read takes only the marks between the node's place, its own
// ranges and the end: the others' marks are all learned, its own are
// not read again, and the place ends at the highest mark.
func TestShareOwnMarksReadsGapsOnly(t *testing.T) {
	_, a, _, ra, _ := sharingCounters(t, 3, 60)
	ctx := context.Background()
	var zs []redis.Z
	for i := 1; i <= 10; i++ {
		zs = append(zs, redis.Z{Score: float64(i), Member: marksClient(i).String()})
	}
	if err := a.rdb.ZAdd(ctx, a.k.hot("login"), zs...).Err(); err != nil {
		t.Fatal(err)
	}
	if err := a.rdb.Set(ctx, a.k.hotSeq("login"), 10, 0).Err(); err != nil {
		t.Fatal(err)
	}
	ra.hotSeen = 2
	ra.addOwn(3, 2) // marks 4 and 5
	ra.addOwn(7, 1) // mark 8
	if want := []markRange{{4, 5}, {8, 8}}; !slices.Equal(ra.own, want) {
		t.Fatalf("own ranges %v, want %v", ra.own, want)
	}
	a.fetchHot(ctx, []*Rule{ra}, time.Now().UnixMilli())
	var learned []int
	for i := 1; i <= 10; i++ {
		if ra.isHot(keyOf(marksClient(i)), time.Now().UnixMilli()) {
			learned = append(learned, i)
		}
	}
	if want := []int{3, 6, 7, 9, 10}; !slices.Equal(learned, want) {
		t.Fatalf("read marks %v, want %v (the gaps)", learned, want)
	}
	if ra.hotSeen != 10 || len(ra.own) != 0 {
		t.Fatalf("place %d, own %v; want 10 and none", ra.hotSeen, ra.own)
	}
}

// readGap and addOwn at their edges: a cut gap stops the place at the
// last number read; a range right after the place joins it; ranges past
// maxOwnRanges are not kept (their marks are read back); a range at or
// under the place (numbering that went back) is not kept.
func TestShareOwnRangesEdges(t *testing.T) {
	r := &Rule{hotSeen: 10}
	r.addOwn(10, 3) // 11..13: joins the place
	if r.hotSeen != 13 || len(r.own) != 0 {
		t.Fatalf("place %d own %v, want 13 and none", r.hotSeen, r.own)
	}
	r.addOwn(20, 2) // 21..22
	r.addOwn(22, 1) // 23: joins the range before
	if !slices.Equal(r.own, []markRange{{21, 23}}) {
		t.Fatalf("own %v, want [21 23]", r.own)
	}
	r.addOwn(5, 2) // went back
	if !slices.Equal(r.own, []markRange{{21, 23}}) || r.hotSeen != 13 {
		t.Fatalf("a range under the place kept: own %v place %d", r.own, r.hotSeen)
	}
	if r.readGap(0, false, 17) || r.hotSeen != 17 {
		t.Fatalf("a cut gap: place %d, want 17 and no further gap", r.hotSeen)
	}
	if !r.readGap(0, true, 18) || r.hotSeen != 23 {
		t.Fatalf("a whole gap before [21 23]: place %d, want 23", r.hotSeen)
	}
	r.joinOwn()
	for i := range maxOwnRanges + 5 {
		r.addOwn(uint64(100+10*i), 1)
	}
	if len(r.own) != maxOwnRanges {
		t.Fatalf("%d own ranges kept, want %d", len(r.own), maxOwnRanges)
	}
	if g := r.gaps(); g[len(g)-1].lo != r.own[len(r.own)-1].hi || g[len(g)-1].hi != 0 {
		t.Fatalf("the last gap %v does not run from the last range kept to the end", g[len(g)-1])
	}
}

// Two nodes counting at the same time, clients turning hot on both: the
// marks of each call interleave with the other node's reads, so a node's
// own ranges have the other's marks between them. After the counting
// stops and each node has read once more, every client marked is hot on
// both nodes and both places are at the counter. (A read that skipped a
// gap, or advanced over one not read whole, leaves clients unknown.)
func TestShareOwnMarksConcurrentNodes(t *testing.T) {
	_, a, b, ra, rb := sharingCounters(t, 2, 8) // share 2, hot at 4
	ctx := context.Background()
	const rounds, per = 40, 50
	var wg sync.WaitGroup
	run := func(c *Counter, r *Rule, base int) {
		defer wg.Done()
		for round := range rounds {
			for i := range per {
				cl := marksClient(base + round*per + i)
				for range 4 {
					c.Add(r, cl)
				}
			}
			c.Add(r, marksClient(1<<20)) // held: the node reads at every flush
			if _, err := c.Flush(ctx, time.Now()); err != nil {
				t.Error(err)
				return
			}
		}
	}
	wg.Add(2)
	go run(a, ra, 0)
	go run(b, rb, 100_000)
	wg.Wait()
	for _, c := range []*Counter{a, b} {
		c.Add(c.rules["login"], marksClient(1<<20))
		if _, err := c.Flush(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	seq, err := a.rdb.Get(ctx, a.k.hotSeq("login")).Uint64()
	if err != nil {
		t.Fatal(err)
	}
	members, err := a.rdb.ZRange(ctx, a.k.hot("login"), 0, -1).Result()
	if err != nil || len(members) < 2*rounds*per {
		t.Fatalf("%d marks (%v), want at least %d", len(members), err, 2*rounds*per)
	}
	now := time.Now().UnixMilli()
	for name, r := range map[string]*Rule{"a": ra, "b": rb} {
		missed := 0
		for _, m := range members {
			if !r.isHot(keyOf(netip.MustParsePrefix(m)), now) {
				missed++
			}
		}
		if missed > 0 || r.hotSeen != seq || len(r.own) != 0 {
			t.Errorf("%s: %d of %d marked clients not hot, place %d (counter %d), own %v", name, missed, len(members), r.hotSeen, seq, r.own)
		}
	}
}
