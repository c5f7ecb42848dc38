package daemon

import (
	"testing"
	"time"
)

// run asks p for a repair at *now, waits what it says, "runs" a repair
// of took and returns the wait.
func runRepair(p *repairPace, now *time.Time, took time.Duration) time.Duration {
	w := p.next(*now, nil)
	*now = now.Add(w)
	p.done(took)
	*now = now.Add(took)
	return w
}

// TestRepairPace: cheap repairs keep the old allowance (20 within
// repairWindow at once); past it the waits double up to repairMaxWait; a
// quiet window resets.
func TestRepairPace(t *testing.T) {
	var p repairPace
	now := time.Unix(1_000_000, 0)
	for i := range repairBudget / repairMinCost {
		if w := runRepair(&p, &now, time.Millisecond); w != 0 {
			t.Fatalf("cheap repair %d of a burst waits %v", i+1, w)
		}
		now = now.Add(10 * time.Millisecond)
	}
	var waits []time.Duration
	for range 7 {
		waits = append(waits, runRepair(&p, &now, time.Millisecond))
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits past the burst = %v, want %v", waits, want)
		}
	}
	if w := p.next(now.Add(repairWindow), nil); w != 0 {
		t.Errorf("after a quiet window the repair waits %v", w)
	}
}

// TestRepairPaceByTimeSpent (session 13): the pace counts the time the
// repairs take. Full reloads of 1.5 s each (100k bans) may not run back to
// back: before, 20 of them ran before the first wait (30 s of repairing in
// a 10 s window); now the guard spends at most ~repairBudget plus one
// repair per window repairing.
func TestRepairPaceByTimeSpent(t *testing.T) {
	var p repairPace
	now := time.Unix(1_000_000, 0)
	start := now
	var busy time.Duration
	immediate := 0
	for range 20 {
		if runRepair(&p, &now, 1500*time.Millisecond) == 0 {
			immediate++
		}
		busy += 1500 * time.Millisecond
	}
	if immediate > 2 {
		t.Errorf("%d repairs of 1.5 s ran back to back, want at most 2 (budget %v in %v)", immediate, repairBudget, repairWindow)
	}
	if share := float64(busy) / float64(now.Sub(start)); share > 0.35 {
		t.Errorf("20 repairs of 1.5 s: the guard repaired %.0f %% of %v, want at most ~%.0f %%",
			100*share, now.Sub(start), 100*float64(repairBudget+1500*time.Millisecond)/float64(repairWindow+repairMaxWait))
	}
}
