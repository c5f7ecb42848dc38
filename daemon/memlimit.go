package daemon

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// What "auto" budgets for (docs/configuration.md#limits). Measured: a
// tracked client costs the detector 93 bytes idle (TestBytesPerIdleClient,
// node, index, queue stamp), busy ones more but they are few; a ban in
// force about 135 bytes in the detector (TestBytesPerBan) and as much
// again in the daemon's own tables and the store's cache.
const (
	// memBase: the runtime, matcher, buffers and the loop's batches. The
	// live heap of a daemon with 1,000,000 clients and 100,000 bans is
	// ~134 MB, of which ~6 MB is neither (heap profile, session 9): 16 MiB
	// leaves room for a bigger policy without budgeting the collector a
	// second headroom beside the floor's.
	memBase = 16 << 20
	// memAutoMin: "auto" never goes under this. A small daemon's heap is
	// mostly the runtime, the matcher and the loop's buffers, not clients:
	// at max_clients 10k-50k, 16 MiB + per-client came to 17-22 MiB and the
	// collector ran back to back (review of be3d1c3: bench/daemon -mode rss
	// -clients 1100000 -bans 1000 -max-clients 10000, CPU 4.0-4.8 s against
	// 2.1 s with 32 MiB). It is above the 32 MiB a configured limit must
	// reach; at 500k clients and more the per-client part decides.
	memAutoMin   = 48 << 20
	memPerClient = 100
	memPerBan    = 300
	// memBansPerClient: "auto" budgets a ban in force for every tenth
	// tracked client; more bans are covered by the live-heap floor below.
	memBansPerClient = 10
	// The floor: the limit is kept at least memHeadroom times the live
	// heap. A limit under the live heap does not bound anything: the
	// collector runs back to back (up to the runtime's 50 % CPU cap) and
	// frees nothing, so the daemon slows and memory grows anyway. 1.1x
	// leaves the collector a tenth of the live heap to allocate into, as
	// GOGC=10 would: with 1,000,000 clients and 100,000 bans that is ~13
	// MB, of which the runtime's own ~7 MB (GC metadata, stacks) take
	// half. Measured there (bench/daemon -idle 130s): peak ~11 MB lower
	// than at 1.25x, ~10 % more CPU in the burst of new clients (3.4-3.6
	// s against 3.0-3.2), and ~1 % of a core idle instead of ~0.5 %
	// (collections every few seconds: housekeeping and audits allocate).
	// At 1.0625x the runtime overshot the limit as often as it saved: no
	// lower peak (docs/history/performance.md, session 9).
	memHeadroomNum, memHeadroomDen = 11, 10
	memCheckEvery                  = time.Second
)

// autoMemoryLimit is "auto"'s limit for limits l.
func autoMemoryLimit(l rules.LimitsConfig) int64 {
	c := int64(l.MaxClients)
	return max(memAutoMin, memBase+c*memPerClient+c/memBansPerClient*memPerBan)
}

// startMemoryLimit sets the Go memory limit from [limits] memory_limit
// unless GOMEMLIMIT is set (the runtime has applied it, and it wins) or
// the key says "off", and keeps it above the live heap until ctx ends. It
// returns the limit it set (0: none).
func startMemoryLimit(ctx context.Context, l rules.LimitsConfig, log *slog.Logger) int64 {
	return startMemoryLimitWith(ctx, l, 0, log)
}

// startMemoryLimitWith is startMemoryLimit whose "auto" also budgets
// extra bytes besides clients and bans: the cluster counter's tables
// (clusterMemory, daemon/cluster_mem.go). A configured limit is taken as
// it is.
func startMemoryLimitWith(ctx context.Context, l rules.LimitsConfig, extra int64, log *slog.Logger) int64 {
	if v, ok := os.LookupEnv("GOMEMLIMIT"); ok && v != "" {
		log.Info("memory limit from GOMEMLIMIT; limits.memory_limit ignored", "GOMEMLIMIT", v)
		return 0
	}
	m, err := rules.ParseMemoryLimit(l.MemoryLimit)
	if err != nil || (!m.Auto && m.Bytes == 0) {
		return 0 // "off" (validation has rejected anything else)
	}
	base := m.Bytes
	if m.Auto {
		base = autoMemoryLimit(l) + extra
	}
	set := memFloor(base, liveHeap())
	debug.SetMemoryLimit(set)
	log.Info("memory limit set", "bytes", set, "auto", m.Auto, "max_clients", l.MaxClients, "cluster_counter_bytes", extra)
	go func() {
		warned := false
		t := time.NewTicker(memCheckEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if next := memFloor(base, liveHeap()); next != set {
				if next > base && !warned {
					log.Warn("memory limit raised above the configured one: the live heap needs it", "bytes", next, "configured", base)
					warned = true
				}
				set = next
				debug.SetMemoryLimit(set)
			}
		}
	}()
	return set
}

// memFloor is the limit to set: the configured one, or the live heap with
// headroom if that is more.
func memFloor(configured, live int64) int64 {
	return max(configured, live*memHeadroomNum/memHeadroomDen)
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
