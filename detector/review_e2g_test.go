package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// Benign: a busy NAT / CDN edge (6 user agents, ~1.4 pages/s, ~15
// requests/s) whose requests the origin's per-address limiter sheds at 5 %.
func TestReviewE2BusyEdgeShed(t *testing.T) {
	t.Parallel()
	for _, frac := range []float64{0, 0.05} {
		rng := rand.New(rand.NewPCG(9, 9))
		reqs := bg(rng, 4*time.Minute)
		edge := browsing(rng, "198.51.100.99", 4*time.Minute, 700*time.Millisecond, 14)
		for i := range edge {
			edge[i].ua = fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) Firefox/%d.0", 120+i%6)
		}
		reqs = append(reqs, edge...)
		shedIP(rng, reqs, "198.51.100.99", frac, 503)
		at, why := run(defaultEngine(t), sorted(reqs))
		t.Logf("shed %.2f: %d requests, banned at %d (%v)", frac, len(edge), at["198.51.100.99"], why["198.51.100.99"])
		if at["198.51.100.99"] >= 0 {
			t.Errorf("busy edge shed %.2f banned at %d (%v)", frac, at["198.51.100.99"], why["198.51.100.99"])
		}
	}
}
