//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestStoppedClockStepKernel (session 15, enforce gap 2): the wall clock
// steps while the daemon is stopped; at the next start the ban goes into
// the kernel with the time it had left, not that plus the step (back) or
// minus it (forward), on both backends, and status says what was done.
// Before state's applyStoppedStep (checked by taking its call out of
// Open) the 1 h ban went into the kernel with ~2 h after a step back of
// an hour, ~30 min after a step forward of 30 min.
func TestStoppedClockStepKernel(t *testing.T) {
	for _, be := range []struct{ name, bin string }{{"nftables", "nft"}, {"iptables", "ipset"}} {
		for _, step := range []time.Duration{-time.Hour, 30 * time.Minute} {
			t.Run(be.name+"/"+step.String(), func(t *testing.T) {
				t.Parallel()
				netnstest.Require(t, be.bin)
				ns := netnstest.New(t)
				fw := openBackend(t, ns, be.name)
				h := harnessOn(t, be.name, "")
				var skew atomic.Int64
				wall := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
				h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Now: wall})
				p := netip.MustParsePrefix("203.0.113.9/32")
				t0 := time.Now() // monotonic: the real time the ban runs
				if _, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: p, Duration: time.Hour, Reason: "t"}); err != nil {
					t.Fatal(err)
				}
				h.stop()
				skew.Store(int64(step)) // while stopped
				h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Now: wall})
				b, ok := h.banned(p.Addr().String())
				if !ok {
					t.Fatal("the ban is gone after a step while stopped")
				}
				// What it has left in real time: the hour less the
				// stop and start (seconds on a loaded machine).
				want := time.Hour - time.Since(t0)
				if left := b.Expires.Sub(wall()); (left - want).Abs() > time.Second {
					t.Errorf("the stored ban has %v left after the restart, want %v (within 1 s)", left.Round(time.Millisecond), want.Round(time.Millisecond))
				}
				left, ok := kernelSet(t, fw)[p]
				if !ok {
					t.Fatal("the ban is not in the kernel after the restart")
				}
				if (left - want).Abs() > 2*time.Second {
					t.Errorf("the kernel holds the ban for %v after the restart, want %v (within the backend's rounding)", left.Round(time.Millisecond), want.Round(time.Millisecond))
				}
				st, err := h.d.Status(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(st.Store.Error, "while the daemon was stopped") {
					t.Errorf("status does not say what was done: store %+v", st.Store)
				}
			})
		}
	}
}
