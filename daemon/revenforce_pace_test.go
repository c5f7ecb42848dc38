package daemon

// rev-enforce s13 item 2: 45bfe73 under a periodic foreign flush of an unowned
// table (shared_table = true, or a kernel without persist): every flush
// removes all bans; each repair is a full reload of 1.5 s (100k bans).
// Fraction of time the bans are in the kernel, simulated on repairPace.

import (
	"testing"
	"time"
)

func revPresentShare(period, cost time.Duration) float64 {
	var p repairPace
	start := time.Unix(1_000_000, 0)
	end := start.Add(10 * time.Minute)
	now := start
	var present time.Duration
	nextFlush := start
	for now.Before(end) {
		// the drift of the flush at nextFlush reaches the guard
		if now.Before(nextFlush) {
			now = nextFlush
		}
		w := p.next(now, func() bool { return true }) // every flush removes every ban
		now = now.Add(w)
		p.done(cost)
		now = now.Add(cost) // bans back at now
		// flushes that happened during the wait and the repair are repaired by it
		for !nextFlush.After(now) {
			nextFlush = nextFlush.Add(period)
		}
		present += nextFlush.Sub(now)
		now = nextFlush
	}
	return float64(present) / float64(end.Sub(start))
}

func TestRevPaceUnderPeriodicFlush(t *testing.T) {
	for _, period := range []time.Duration{3 * time.Second, 5 * time.Second, 9 * time.Second, 12 * time.Second, 30 * time.Second} {
		share := revPresentShare(period, 1500*time.Millisecond)
		t.Logf("foreign flush every %v, reload 1.5 s: bans in the kernel %.0f %% of the time", period, 100*share)
		if share < 0.5 {
			t.Errorf("flush every %v: bans present only %.0f %% of the time", period, 100*share)
		}
	}
}

// TestRestorePaceStillEndsAFight: a process that removes our table on
// every change (each repair puts back missing bans, and costs little at a
// small table) is still slowed: past the budget and then repairBurst
// restorations within repairWindow, the waits double up to repairMaxWait.
func TestRestorePaceStillEndsAFight(t *testing.T) {
	var p repairPace
	now := time.Unix(1_000_000, 0)
	start := now
	n := 0
	for now.Sub(start) < time.Minute {
		w := p.next(now, func() bool { return true })
		now = now.Add(w)
		p.done(time.Millisecond)
		now = now.Add(time.Millisecond)
		n++
	}
	// budget (20 at the minimum cost) + burst (20) in the first window,
	// then one per wait of 1, 2, 4, 8, 16, 30 s.
	if n > 2*repairBurst+8 {
		t.Errorf("%d repairs in a minute of a fight, want at most %d", n, 2*repairBurst+8)
	}
}
