package report

import "time"

// Timeline is requests over time, for the HTML report's chart: Requests[i]
// counts the judged requests in [Start + i*BucketSeconds, +BucketSeconds).
type Timeline struct {
	Start         time.Time `json:"start"`
	BucketSeconds int64     `json:"bucket_seconds"`
	Requests      []uint64  `json:"requests"`
}

// maxBuckets bounds the timeline: a year of log at one bucket per second
// would not fit a chart nor memory; the bucket width doubles instead.
const maxBuckets = 720

// timeline counts requests per bucket, in bounded memory, whatever the span
// and order of the lines: when a line falls outside the buckets, the width
// doubles (neighbours merge) until it fits.
type timeline struct {
	start  int64 // unix seconds of bucket 0, a multiple of width
	width  int64 // seconds per bucket
	counts []uint64
}

func (t *timeline) add(sec int64) {
	if t.width == 0 {
		t.width = 1
		t.start = sec
		t.counts = make([]uint64, 1, 64)
	}
	for {
		if sec >= t.start {
			i := (sec - t.start) / t.width
			if i < maxBuckets {
				for int64(len(t.counts)) <= i {
					t.counts = append(t.counts, 0)
				}
				t.counts[i]++
				return
			}
		} else if n := (t.start-sec+t.width-1)/t.width + int64(len(t.counts)); n <= maxBuckets {
			// Earlier than the first bucket, and there is room in front.
			pre := (t.start - sec + t.width - 1) / t.width
			t.counts = append(make([]uint64, pre, int64(len(t.counts))+pre), t.counts...)
			t.start -= pre * t.width
			continue
		}
		t.widen()
	}
}

// widen doubles the bucket width, aligning start to the new width.
func (t *timeline) widen() {
	w := t.width * 2
	start := t.start - mod(t.start, w)
	out := make([]uint64, 0, len(t.counts)/2+1)
	for i, c := range t.counts {
		j := int((t.start + int64(i)*t.width - start) / w)
		for len(out) <= j {
			out = append(out, 0)
		}
		out[j] += c
	}
	t.start, t.width, t.counts = start, w, out
}

func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func (t *timeline) report() *Timeline {
	if t.width == 0 {
		return nil
	}
	return &Timeline{Start: time.Unix(t.start, 0).UTC(), BucketSeconds: t.width, Requests: append([]uint64(nil), t.counts...)}
}
