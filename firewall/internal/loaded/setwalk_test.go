package loaded

import (
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestSetWalkCovers: a walk taking 1/4 of the cover a step reaches every
// prefix recorded at a pass's start within that pass, one recorded later
// within the next, skips one forgotten since, and starts a new pass once
// a set that was empty is filled.
func TestSetWalkCovers(t *testing.T) {
	var s Set
	now := time.Unix(1e9, 0)
	var w SetWalk
	if _, m := w.Want(&s, now, time.Second, 2); m != 0 {
		t.Fatalf("empty set: want %d entries", m)
	}
	p := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), 32)
	}
	for i := range 100 {
		s.Put(p(i), time.Hour, now)
	}
	seen := map[netip.Prefix]int{}
	step := func() {
		start, m := w.Want(&s, now, time.Second, 2)
		ps, left := w.Take(&s, start, m, now)
		for j, q := range ps {
			seen[q]++
			if left[j] <= 0 || left[j] > time.Hour {
				t.Errorf("%s: %v left", q, left[j])
			}
		}
		w.Advance(start, m, now)
		now = now.Add(250 * time.Millisecond)
	}
	step() // the first walk takes the least: 2
	gone := p(0)
	for i := 0; seen[gone] > 0; i++ {
		gone = p(i) // one the first walk did not take (the map's order)
	}
	s.Delete(gone)
	s.Put(p(100), time.Hour, now) // after the pass's snapshot
	for range 4 {                 // 4 steps of 25 (the last 23) finish the pass
		step()
	}
	for i := range 100 {
		if q := p(i); q != gone && seen[q] != 1 {
			t.Errorf("%s looked up %d times in one pass, want 1", q, seen[q])
		}
	}
	if seen[gone] != 0 {
		t.Errorf("%s looked up after it was forgotten", gone)
	}
	for range 5 {
		step()
	}
	if seen[p(100)] == 0 {
		t.Errorf("%s, recorded during a pass, not looked up in the next", p(100))
	}
}

// TestSetWalkSteadyGap: each key is looked up once a pass at about the
// same place, so two look-ups of one key are a cover apart (10 steps of
// a tenth each), give or take a step. In the map's order, which starts at
// a random place each pass, they were up to two covers apart (checked:
// with passOrder returning 0, gaps of 3-19 steps).
func TestSetWalkSteadyGap(t *testing.T) {
	var s Set
	now := time.Unix(1e9, 0)
	for i := range 2000 {
		s.Put(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 32), time.Hour, now)
	}
	var w SetWalk
	last := map[netip.Prefix]int{}
	lo, hi := 1<<30, 0
	for step := range 60 {
		start, m := w.Want(&s, now, time.Second, 2)
		ps, _ := w.Take(&s, start, m, now)
		for _, q := range ps {
			if at, ok := last[q]; ok && step > 20 {
				lo, hi = min(lo, step-at), max(hi, step-at)
			}
			last[q] = step
		}
		w.Advance(start, m, now)
		now = now.Add(100 * time.Millisecond)
	}
	if lo < 9 || hi > 12 {
		t.Errorf("steps between two look-ups of one key: %d-%d, want 10 give or take (a 1 s cover, 100 ms steps)", lo, hi)
	}
	t.Logf("steps between two look-ups of one key: %d-%d", lo, hi)
}

// BenchmarkSetWalkPass100k: the snapshot a pass starts with, taken under
// the backend's lock once a cover (10 s): what a Ban may wait behind.
func BenchmarkSetWalkPass100k(b *testing.B) {
	var s Set
	now := time.Unix(1e9, 0)
	for i := range 100_000 {
		s.Put(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32), time.Hour, now)
	}
	var w SetWalk
	w.Want(&s, now, 10*time.Second, 64)
	b.ReportAllocs()
	var r0, r1 syscall.Rusage
	runtime.LockOSThread() // RUSAGE_THREAD: this thread's CPU
	defer runtime.UnlockOSThread()
	_ = syscall.Getrusage(syscall.RUSAGE_THREAD, &r0)
	b.ResetTimer()
	for range b.N {
		w.renew = true
		w.Want(&s, now, 10*time.Second, 64)
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_THREAD, &r1)
	b.ReportMetric(float64(r1.Utime.Nano()-r0.Utime.Nano()+r1.Stime.Nano()-r0.Stime.Nano())/float64(b.N), "cpu-ns/op")
}
