package detector

import (
	"github.com/guardctl/guardctl/parser"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// The distress and cache paths allocate nothing, and a replay gives the
// same verdicts.
func TestReviewE2DistressAllocAndReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	reqs := bg(rng, 2*time.Minute)
	reqs = append(reqs, oneUANAT(rng, "198.51.100.50", 0, 2*time.Minute)...)
	reqs = append(reqs, replayFlood(rng, "203.0.113.10", 30*time.Second, 60*time.Second, 20, 0.2)...)
	shedIP(rng, reqs, "198.51.100.50", 0.05, 503)
	reqs = sorted(reqs)
	a1, w1 := run(defaultEngine(t), reqs)
	a2, w2 := run(defaultEngine(t), reqs)
	if !reflect.DeepEqual(a1, a2) || !reflect.DeepEqual(w1, w2) {
		t.Error("replay differs")
	}
	if raceEnabled {
		return
	}
	e := defaultEngine(t)
	evs := make([]*struct{ r req }, 0)
	_ = evs
	half := len(reqs) / 2
	for _, r := range reqs[:half] {
		e.Observe(r.event())
	}
	pre := make([]any, 0)
	_ = pre
	evts := make([]*parser.Event, 0, len(reqs)-half)
	for _, r := range reqs[half:] {
		evts = append(evts, r.event())
	}
	i := 0
	allocs := testing.AllocsPerRun(len(evts)-2, func() {
		e.Observe(evts[i])
		i++
	})
	if allocs != 0 {
		t.Errorf("%.3f allocations per Observe through distress/cache paths", allocs)
	}
}
