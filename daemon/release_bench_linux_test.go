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
// its own). mu-wait-ms is the loop's longest wait for d.mu, fw-wait-ms the
// ban path's longest wait for the kernel lock; ns/op is the whole release.
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
		h.d.active.del(n)
	}
	h.d.mu.Unlock()
	ctx := context.Background()
	var muWait, fwWait time.Duration
	b.ResetTimer()
	for range b.N {
		done := make(chan struct{})
		go func() { h.d.releaseMerged(ctx, nets); close(done) }()
		// The loop's longest wait for d.mu, and the ban path's for fwMu.
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
			}
			t0 := time.Now()
			h.d.mu.Lock()
			muWait = max(muWait, time.Since(t0))
			h.d.mu.Unlock()
			t0 = time.Now()
			h.d.fwMu.Lock()
			fwWait = max(fwWait, time.Since(t0))
			h.d.fwMu.Unlock()
			time.Sleep(100 * time.Microsecond)
		}
	}
	b.ReportMetric(float64(muWait.Microseconds())/1000, "mu-wait-ms")
	b.ReportMetric(float64(fwWait.Microseconds())/1000, "fw-wait-ms")
}

// BenchmarkExpire30k: the housekeeping tick removing 30k ended bans (store,
// d.active, event log). mu-wait-ms is the loop's longest wait for d.mu.
//
//	go test ./daemon -run '^$' -bench Expire30k -benchtime 1x
func BenchmarkExpire30k(b *testing.B) {
	var held time.Duration
	for range b.N {
		b.StopTimer()
		h := newHarness(b, "")
		h.start(Options{HealthEvery: time.Hour})
		now := time.Now()
		bans := make([]state.Ban, 30_000)
		for i := range bans {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 9, byte(i >> 8), byte(i)}), 32)
			bans[i] = state.Ban{Prefix: p, Reason: "r", Start: now, Expires: now.Add(time.Second), Origin: state.OriginAuto, Offence: 1}
		}
		if _, err := h.d.store.Write(state.Batch{Put: bans}); err != nil {
			b.Fatal(err)
		}
		h.d.mu.Lock()
		for _, x := range bans {
			h.d.active.set(x.Prefix, activeBan{expires: x.Expires, reason: x.Reason})
		}
		h.d.mu.Unlock()
		time.Sleep(time.Until(now.Add(1100 * time.Millisecond)))
		b.StartTimer()
		done := make(chan struct{})
		go func() { h.d.expire(context.Background()); close(done) }()
		// The loop's view: the longest wait for d.mu while expire runs.
		worst := time.Duration(0)
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
			}
			t1 := time.Now()
			h.d.mu.Lock()
			worst = max(worst, time.Since(t1))
			h.d.mu.Unlock()
			time.Sleep(100 * time.Microsecond)
		}
		held += worst
		h.stop()
	}
	b.ReportMetric(float64(held.Microseconds())/1000/float64(b.N), "mu-wait-ms")
}
