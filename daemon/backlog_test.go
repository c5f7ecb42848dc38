package daemon

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"

	"github.com/guardctl/guardctl/state"
)

// TestBacklogBoundDropsBansNotPositions: past its limit the store backlog
// drops the bans and offences of further batches (counted), never their
// positions or barriers, and never blocks the pusher.
func TestBacklogBoundDropsBansNotPositions(t *testing.T) {
	q := newCommitQueue(3)
	ban := func(i int) state.Ban {
		return state.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), 32)}
	}
	pos := []state.Position{{Path: "/var/log/access.log", Inode: 1}}
	if d, ok := q.push(job{batch: state.Batch{Put: []state.Ban{ban(1), ban(2)}}}); d != 0 || !ok {
		t.Fatalf("first push dropped %d", d)
	}
	d, _ := q.push(job{batch: state.Batch{Put: []state.Ban{ban(3), ban(4)}, Offences: []state.Offence{{Key: ban(3).Prefix}}, Positions: pos}})
	if d != 2 {
		t.Fatalf("push past the limit dropped %d bans, want 2", d)
	}
	ch := make(chan struct{})
	q.push(job{barrier: ch})
	jobs, _ := q.take()
	// The second batch, its bans dropped, only moves positions: folded
	// into the first.
	if len(jobs) != 2 || len(jobs[0].batch.Put) != 2 || len(jobs[0].batch.Offences) != 0 || len(jobs[0].batch.Positions) != 1 || jobs[1].barrier != ch {
		t.Fatalf("queued jobs = %+v", jobs)
	}
	if waiting, dropped := q.stats(); waiting != 2 || dropped != 2 {
		t.Errorf("stats = %d waiting, %d dropped; want 2, 2", waiting, dropped)
	}
	q.written(2)
	if d, _ := q.push(job{batch: state.Batch{Put: []state.Ban{ban(5)}}}); d != 0 {
		t.Errorf("push after the backlog drained dropped %d", d)
	}
}

// TestFoldedJobsMergeAlike: folding (appendJob) keeps one job's positions
// and no positions-only job, and the folded jobs write exactly what the
// jobs as pushed would have: the same bans, drops and final positions.
func TestFoldedJobsMergeAlike(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		var raw, folded []job
		for i := range 1 + r.IntN(30) {
			var j job
			if r.IntN(3) == 0 {
				j.batch.Put = []state.Ban{{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), 32)}}
			}
			if r.IntN(5) == 0 {
				j.batch.DropPositions = []state.FileID{{Inode: uint64(i)}}
			}
			if r.IntN(4) != 0 {
				j.batch.Positions = []state.Position{{Path: "/l", Inode: uint64(round), Offset: int64(i)}}
			}
			if r.IntN(10) == 0 {
				j.barrier = make(chan struct{})
			}
			raw = append(raw, j)
			c := j
			c.batch.Positions = append([]state.Position(nil), j.batch.Positions...)
			if j.batch.Positions == nil {
				c.batch.Positions = nil
			}
			folded = appendJob(folded, c)
		}
		want, got := merge(raw), merge(folded)
		if len(raw) == 1 {
			continue
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("round %d: folded merge = %+v, want %+v", round, got, want)
		}
		holders := 0
		for i, j := range folded {
			if j.batch.Positions != nil {
				holders++
			}
			if i > 0 && j.positionsOnly() {
				t.Fatalf("round %d: positions-only job %d left unfolded", round, i)
			}
		}
		if holders > 1 {
			t.Fatalf("round %d: %d jobs hold positions", round, holders)
		}
	}
}
