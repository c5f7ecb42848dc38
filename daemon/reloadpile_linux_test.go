//go:build linux

package daemon

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Reviewer revops-s10 (b9f67a4): each reload answered behind a stuck block-list
// load leaves two goroutines (the configure waiting for e.mu, and the
// one waiting for its late notes), each holding its reload's config and
// compiled policy, until the kernel answers. Repeated SIGHUPs while the
// xtables lock is held pile them up without bound. Now one configure
// waits at a time, the latest reload's (enrich.confNext).
func TestReloadsBehindStuckLoadDoNotPileUp(t *testing.T) {
	ns, h, lock := stuckFeed(t, 100*time.Millisecond)
	ctx := context.Background()
	measure := func() (int, uint64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return runtime.NumGoroutine(), ms.HeapAlloc
	}
	if _, err := h.d.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	g0, m0 := measure()
	const n = 40
	t0 := time.Now()
	for range n {
		if _, err := h.d.Reload(ctx); err != nil {
			t.Fatal(err)
		}
	}
	g1, m1 := measure()
	t.Logf("%d reloads behind the stuck load in %s: goroutines %d -> %d (+%.1f a reload), heap %.1f -> %.1f MB (+%.0f KB a reload)",
		n, time.Since(t0).Round(time.Millisecond), g0, g1, float64(g1-g0)/n, float64(m0)/1e6, float64(m1)/1e6, float64(int64(m1)-int64(m0))/1e3/n)
	// At most the waiting configure and its reload's late notes.
	if g1-g0 > 3 {
		t.Errorf("goroutines grow with every reload behind a stuck load: %d -> %d after %d reloads", g0, g1, n)
	}
	if m1 > m0+20e6 {
		t.Errorf("heap grows with every reload behind a stuck load: %.1f -> %.1f MB after %d reloads", float64(m0)/1e6, float64(m1)/1e6, n)
	}
	lock.release()
	eventually(t, 30*time.Second, "the reload notes without the block list note once the list loaded", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && !strings.Contains(st.ReloadNotes, "kernel busy: block list")
	})
	g2, m2 := measure()
	t.Logf("after the lock was let go: goroutines %d, heap %.1f MB", g2, float64(m2)/1e6)
	if out := ns.Run(t, "ipset", "list", "guardctl-l-f_local4"); !strings.Contains(out, "198.51.100.0/24") {
		t.Errorf("the list is not in the kernel after the lock was let go:\n%s", out)
	}
}
