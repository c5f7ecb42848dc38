package daemon

import (
	"net/netip"
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
	if len(jobs) != 3 || len(jobs[1].batch.Put) != 0 || len(jobs[1].batch.Offences) != 0 || len(jobs[1].batch.Positions) != 1 || jobs[2].barrier != ch {
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
