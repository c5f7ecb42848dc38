package daemon

import (
	"context"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/guardctl/guardctl/rules"
)

// restoreMemoryLimit puts the process's memory limit back after a test.
func restoreMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
}

func TestMemoryLimitFromConfig(t *testing.T) {
	restoreMemoryLimit(t)
	t.Setenv("GOMEMLIMIT", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)

	l := rules.LimitsConfig{MaxClients: 1_000_000, MemoryLimit: "auto"}
	got := startMemoryLimit(ctx, l, log)
	if want := autoMemoryLimit(l); got < want || debug.SetMemoryLimit(-1) != got {
		t.Fatalf("auto: set %d (runtime has %d), want at least %d", got, debug.SetMemoryLimit(-1), want)
	}
	// 1M clients: between the detector's own need and the 200 MB target.
	if got := autoMemoryLimit(l); got < 120<<20 || got > 170<<20 {
		t.Fatalf("auto for 1M clients is %d MiB", got>>20)
	}
	l.MemoryLimit = "300MiB"
	if got := startMemoryLimit(ctx, l, log); got != 300<<20 || debug.SetMemoryLimit(-1) != 300<<20 {
		t.Fatalf("300MiB: set %d", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	l.MemoryLimit = "off"
	if got := startMemoryLimit(ctx, l, log); got != 0 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Fatalf("off: set %d", got)
	}
}

// A GOMEMLIMIT in the environment wins over the config.
func TestMemoryLimitEnvWins(t *testing.T) {
	restoreMemoryLimit(t)
	t.Setenv("GOMEMLIMIT", "150MiB")
	debug.SetMemoryLimit(150 << 20) // what the runtime did at start
	l := rules.LimitsConfig{MaxClients: 10, MemoryLimit: "1GiB"}
	if got := startMemoryLimit(t.Context(), l, slog.New(slog.DiscardHandler)); got != 0 || debug.SetMemoryLimit(-1) != 150<<20 {
		t.Fatalf("set %d, runtime has %d", got, debug.SetMemoryLimit(-1))
	}
}

// The limit never goes under the live heap plus headroom, whatever the
// config says: under it the collector would run back to back.
func TestMemoryLimitFloor(t *testing.T) {
	if got := memFloor(64<<20, 100<<20); got != 110<<20 {
		t.Fatalf("floor of a 100 MiB live heap under a 64 MiB limit: %d", got)
	}
	if got := memFloor(300<<20, 100<<20); got != 300<<20 {
		t.Fatalf("a limit above the live heap changed: %d", got)
	}
	restoreMemoryLimit(t)
	t.Setenv("GOMEMLIMIT", "")
	live := make([]byte, 64<<20) // the live heap is now over 64 MiB
	for i := range live {
		live[i] = 1
	}
	debug.FreeOSMemory() // a collection, so the live heap is measured
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := startMemoryLimit(ctx, rules.LimitsConfig{MaxClients: 10, MemoryLimit: "40MiB"}, slog.New(slog.DiscardHandler))
	if got < 70<<20 {
		t.Fatalf("limit %d MiB with a live heap over 64 MiB", got>>20)
	}
	runtime.KeepAlive(live)
}

// A small daemon's "auto" limit leaves the collector room: under the 32
// MiB a configured limit must reach, it ran back to back (review of
// be3d1c3: 17 and 22 MiB at max_clients 10k and 50k, twice the CPU).
func TestAutoMemoryLimitSmallDaemons(t *testing.T) {
	for _, n := range []int{1, 10_000, 50_000} {
		if got := autoMemoryLimit(rules.LimitsConfig{MaxClients: n}); got < 32<<20 {
			t.Errorf("auto memory limit for max_clients %d: %.1f MiB, under 32 MiB", n, float64(got)/(1<<20))
		}
	}
	if got := autoMemoryLimit(rules.LimitsConfig{MaxClients: 1_000_000}); got != 16<<20+1_000_000*100+100_000*300 {
		t.Errorf("auto memory limit for 1M clients: %d, want the per-client budget", got)
	}
}
