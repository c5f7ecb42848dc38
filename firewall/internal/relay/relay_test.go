package relay

import (
	"context"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// TestCoalesces: reports arriving while nobody reads become one Drift with
// every distinct reason; the channel closes when ctx ends.
func TestCoalesces(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan []string)
	out := make(chan firewall.Drift, 1)
	go Run(ctx, in, out)
	in <- []string{"a"}
	in <- []string{"b", "a"}
	in <- []string{"c"}
	time.Sleep(20 * time.Millisecond)
	// The first report may already sit in out; the later ones merge.
	drifts := 0
	deadline := time.After(2 * time.Second)
	for seen := map[string]bool{}; !seen["c"]; {
		select {
		case d := <-out:
			drifts++
			dup := map[string]bool{}
			for _, r := range d.Reasons {
				if dup[r] {
					t.Errorf("drift %v repeats %q", d.Reasons, r)
				}
				dup[r], seen[r] = true, true
			}
		case <-deadline:
			t.Fatal("c never reported")
		}
	}
	if drifts > 2 {
		t.Errorf("%d drifts for 3 reports sent while nobody read, want at most 2", drifts)
	}
	cancel()
	for range out {
	}
}
