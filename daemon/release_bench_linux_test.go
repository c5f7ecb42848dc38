//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// BenchmarkReleaseMerged: the housekeeping tick lifting 30k expired IPv6
// /64 bans from the kernel with 100k bans loaded (nftables, a namespace of
// its own). mu-held-ms is how long the loop could not judge (d.mu held);
// ns/op is the whole release, kernel calls included (under fwMu).
//
//	go test ./daemon -run '^$' -bench ReleaseMerged -benchtime 3x
func BenchmarkReleaseMerged(b *testing.B) {
	netnstest.Require(b, "nft")
	ns := netnstest.New(b)
	h := nftHarness(b)
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	var bans []state.Ban
	var nets []netip.Prefix
	for p, a := range activeMix(100_000, 30_000, now) {
		if a.expires.IsZero() || a.expires.Before(now.Add(time.Minute)) {
			a.expires = now.Add(time.Hour)
		}
		bans = append(bans, state.Ban{Prefix: p, Reason: "r", Start: now, Expires: a.expires, Origin: state.OriginAuto, Offence: 1})
		if p.Bits() == 64 {
			nets = append(nets, p)
		}
	}
	if _, err := s.Write(state.Batch{Put: bans}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, NoRepair: true})
	// The /64 bans ended (expire removed them from d.active); their kernel
	// elements are still there, as a merged element would be.
	h.d.mu.Lock()
	for _, n := range nets {
		delete(h.d.active, n)
	}
	h.d.mu.Unlock()
	ctx := context.Background()
	var held time.Duration
	b.ResetTimer()
	for range b.N {
		// The loop's view: d.mu is free once releaseMerged lets go of it.
		done := make(chan time.Duration, 1)
		t0 := time.Now()
		go func() { d0 := time.Now(); h.d.releaseMerged(ctx, nets); done <- time.Since(d0) }()
		time.Sleep(time.Millisecond)
		h.d.mu.Lock()
		held += time.Since(t0)
		h.d.mu.Unlock()
		<-done
	}
	b.ReportMetric(float64(held.Microseconds())/1000/float64(b.N), "mu-held-ms")
}
