package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestAnalyzeLimitFor(t *testing.T) {
	for _, c := range []struct {
		live, other uint64
		want        int64
	}{
		{0, 0, analyzeMemFloor},
		{50 << 20, 10 << 20, analyzeMemFloor}, // a 1M-line log: the limit does not bind
		{100 << 20, 12 << 20, 110<<20 + 12<<20},
		{math.MaxUint64, 0, math.MaxInt64},
	} {
		if got := analyzeLimitFor(c.live, c.other); got != c.want {
			t.Errorf("analyzeLimitFor(%d, %d) = %d, want %d", c.live, c.other, got, c.want)
		}
	}
}

// TestAnalyzeMemLimitFollowsLiveHeap checks that the limit analyze sets
// rises with the live heap after a collection (a limit under it would make
// the collector run back to back) and that stop gives back the limit found.
func TestAnalyzeMemLimitFollowsLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	stop := analyzeMemLimit()
	if got := debug.SetMemoryLimit(-1); got != analyzeMemFloor {
		stop()
		t.Fatalf("limit at start %d, want the floor %d", got, analyzeMemFloor)
	}
	// Live and pointer-free; never written, so its pages cost no RSS.
	big := make([]byte, analyzeMemFloor+32<<20)
	want := int64(len(big)) * analyzeHeadroomNum / analyzeHeadroomDen
	var got int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		runtime.GC() // the cleanup runs after a collection, on its own goroutine
		if got = debug.SetMemoryLimit(-1); got >= want {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(big)
	stop()
	if got < want {
		t.Errorf("limit %d with a live heap of %d, want at least %d", got, len(big), want)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("limit after stop %d, want the one found %d", after, before)
	}
}

func TestAnalyzeMemLimitLeavesGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := debug.SetMemoryLimit(-1)
	stop := analyzeMemLimit()
	got := debug.SetMemoryLimit(-1)
	stop()
	if got != before {
		t.Errorf("limit %d with GOMEMLIMIT set, want it untouched (%d)", got, before)
	}
}
