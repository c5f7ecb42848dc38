package daemon

import (
	"testing"
	"time"
)

// TestRepairPace: up to repairBurst repairs in repairWindow run at once;
// past it the waits double up to repairMaxWait; a quiet window resets.
func TestRepairPace(t *testing.T) {
	var p repairPace
	t0 := time.Unix(1_000_000, 0)
	now := t0
	for i := range repairBurst {
		if w := p.next(now); w != 0 {
			t.Fatalf("repair %d of a burst waits %v", i+1, w)
		}
		now = now.Add(10 * time.Millisecond)
	}
	var waits []time.Duration
	for range 7 {
		w := p.next(now)
		waits = append(waits, w)
		now = now.Add(w)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits past the burst = %v, want %v", waits, want)
		}
	}
	if w := p.next(now.Add(repairWindow)); w != 0 {
		t.Errorf("after a quiet window the repair waits %v", w)
	}
}
