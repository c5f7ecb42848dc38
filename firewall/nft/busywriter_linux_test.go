//go:build linux

package nft

import (
	"log/slog"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRebuildBesideBusyWriter (enforce gap 5, s16; the s15 flaky helper's
// resend.diff): a rebuild of 20,000 ranges (one 1.25 MB transaction)
// beside another program committing to a table of its own every 10 ms,
// the period TestPlanBesideForeignWriter had before 7db13e2 measured it
// away. A guarded resend is refused when a commit lands between its read
// of the generation and the kernel's check; marshalling the whole batch
// inside that window (17-160 ms) made every resend lose ("gave up as
// stale"). Marshalled once, with only the generation patched per send,
// the window is the kernel's copy (~1 ms). Before (31fb6c5 + this test,
// 3 rebuilds a run, -race, load ~27): 5 of 9 rebuilds gave up as stale,
// each taking 4-45 s; after: 8 of 8 went in, 1.8-3.6 s each.
func TestRebuildBesideBusyWriter(t *testing.T) {
	netnstest.Require(t, "nft") // freshBackend: t.Parallel
	ns, b, ctx := freshBackend(t)
	const n = 20000
	if err := b.Ban(ctx, nets24(20, n)); err != nil {
		t.Fatal(err)
	}
	lc := &logCatch{}
	var debug lockedLog
	b.log = slog.New(teeHandler{lc, slog.NewTextHandler(&debug, &slog.HandlerOptions{Level: slog.LevelDebug})})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the backend's log:\n%s", debug.String())
		}
	})
	const every = 10 * time.Millisecond
	stop := foreignWriter(t, ns, b, every)
	time.Sleep(50 * time.Millisecond)
	t0 := time.Now()
	if rebuildUnder(t, b, ctx) {
		t.Errorf("a rebuild beside a writer every %s gave up as stale (%s)", every, time.Since(t0))
	}
	t.Logf("rebuild: %s", time.Since(t0))
	raced(t, stop, lc, "sending again")
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element", bad)
	}
}
