package cluster

import (
	"testing"
	"time"
)

// Review s12 (rev-cluster item 4): a reply's places are validated like any
// input. One that repeats a place ("1,1,1": one client learned, a range
// of three numbers recorded before) or goes back is counted as malformed
// once and nothing of it is learned or recorded: its marks are read.
func TestShareOwnRepliesRefused(t *testing.T) {
	for _, places := range []string{"1,1,1", "1,2,2", "3,1", "2,2", "1,0", "1,,2", "1,9"} {
		r := &Rule{window: time.Minute, hot: map[countKey]int64{}, held: newHeldTable()}
		c := &Counter{}
		for i := range 5 {
			c.sent = append(c.sent, int32(r.held.at(keyOf(marksClient(i)), r.hot)))
		}
		r.hotSeen = 50
		c.learnOwn(r, "0 100 "+places+"\nx", 0, time.Now().UnixMilli())
		if c.Malformed() != 1 || len(r.hot) != 0 || len(r.own) != 0 || r.ownCheck.set || r.hotSeen != 50 {
			t.Errorf("%q: malformed %d, %d learned hot, own %v, check %v, place %d; want 1 and nothing learned",
				places, c.Malformed(), len(r.hot), r.own, r.ownCheck.set, r.hotSeen)
		}
	}
	// A good reply: three clients, marks 101..103, the newest checked.
	r := &Rule{window: time.Minute, hot: map[countKey]int64{}, held: newHeldTable()}
	c := &Counter{}
	for i := range 5 {
		c.sent = append(c.sent, int32(r.held.at(keyOf(marksClient(i)), r.hot)))
	}
	r.hotSeen = 50
	c.learnOwn(r, "0 100 1,3,5\nx", 0, time.Now().UnixMilli())
	if c.Malformed() != 0 || len(r.hot) != 3 || len(r.own) != 1 || r.own[0] != (markRange{101, 103}) ||
		r.ownCheck != (ownMark{num: 103, key: keyOf(marksClient(4)), set: true}) {
		t.Fatalf("good reply: malformed %d, %d hot, own %v, check %+v", c.Malformed(), len(r.hot), r.own, r.ownCheck)
	}
}
