package report

import (
	"math/rand/v2"
	"testing"
)

func TestTimelineBoundedAndExact(t *testing.T) {
	var tl timeline
	r := rand.New(rand.NewPCG(1, 2))
	const n = 100000
	base := int64(1_800_000_000)
	for range n {
		// A week of log, slightly out of order.
		tl.add(base + r.Int64N(7*86400) - r.Int64N(30))
	}
	rep := tl.report()
	if len(rep.Requests) > maxBuckets {
		t.Errorf("%d buckets, cap %d", len(rep.Requests), maxBuckets)
	}
	var sum uint64
	for _, c := range rep.Requests {
		sum += c
	}
	if sum != n {
		t.Errorf("buckets sum to %d, want %d", sum, n)
	}
	if rep.Start.Unix() > base-30 || rep.Start.Unix()%rep.BucketSeconds != 0 {
		t.Errorf("start %v width %d", rep.Start, rep.BucketSeconds)
	}
	end := rep.Start.Unix() + int64(len(rep.Requests))*rep.BucketSeconds
	if end <= base+7*86400-31 {
		t.Errorf("the last bucket ends at %d, before the last line", end)
	}
}

func TestTimelineEarlierLines(t *testing.T) {
	var tl timeline
	for _, s := range []int64{100, 99, 50, 101, 100} {
		tl.add(s)
	}
	rep := tl.report()
	if rep.Start.Unix() > 50 || rep.Start.Unix()+int64(len(rep.Requests))*rep.BucketSeconds <= 101 {
		t.Fatalf("timeline %+v does not cover 50..101", rep)
	}
	var sum uint64
	for _, c := range rep.Requests {
		sum += c
	}
	if sum != 5 {
		t.Errorf("sum %d", sum)
	}
}

// FuzzTimeline: whatever the order and spread of the seconds, the buckets
// stay within the cap, count every line and cover every second.
func FuzzTimeline(f *testing.F) {
	f.Add(int64(100), int64(-5), int64(1<<40), uint8(7))
	f.Add(int64(0), int64(0), int64(0), uint8(1))
	f.Add(int64(-1<<50), int64(1<<50), int64(3), uint8(200))
	f.Fuzz(func(t *testing.T, a, b, c int64, n uint8) {
		var tl timeline
		secs := []int64{a, b, c}
		for i := range int(n) + 3 {
			s := secs[i%3]/1024 + int64(i) // keep the widening loop bounded
			secs[i%3] = s
			tl.add(s)
		}
		rep := tl.report()
		if len(rep.Requests) > maxBuckets {
			t.Fatalf("%d buckets", len(rep.Requests))
		}
		var sum uint64
		for _, x := range rep.Requests {
			sum += x
		}
		if sum != uint64(n)+3 {
			t.Fatalf("sum %d, want %d", sum, int(n)+3)
		}
	})
}
