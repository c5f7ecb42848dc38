package detector

import "math/bits"

// baseline is what the site's clients normally do, learned from the log as
// it goes: a histogram of per-client flood-unit rates, one sample per
// client and 10 s window of activity, and the share of all requests the
// server answered with distress (5xx, 429). It is a fixed-size table (a
// few hundred bytes whatever the traffic) and advances only with the
// events it is fed, in order, so a replay learns exactly the same numbers.
//
// Old samples fade: when the histogram holds baselineHalveAt samples every
// count is halved, so the baseline follows a site whose clients change
// (roughly the last 10^4-10^5 client windows weigh). The distress share
// fades the same way over about the last 4,096 requests.
type baseline struct {
	hist    [baselineBuckets]uint32
	n       uint32 // samples in hist (after halvings)
	seen    uint64 // samples ever, for the warm-up
	pending uint32 // samples since the allowance was last computed

	allowance float64 // flood units/s a client may sustain; 0: not computed yet
	emis      int64   // ns per 1/16 unit at the allowance
	rawEmis   int64   // ns per request of the request count
	// The emission intervals before the allowance last rose, and until
	// when they still bound the buckets' tolerance (rise.go).
	riseUntil             int64
	riseEmis, riseRawEmis int64

	siteReq, siteDistress uint32
}

const (
	// baselineWindow is the per-client window a rate sample covers, s.
	baselineWindow = 10
	// Buckets are quarter octaves of the rate in 1/16 units per second:
	// index 4*bits.Len + the two bits after the leading one.
	baselineBuckets = 4 * 33
	baselineHalveAt = 1 << 16
	// baselineWarmup samples are needed before the site's percentile is
	// believed; until then a client is allowed Floor.
	baselineWarmup = 200
	// baselineRecompute is how many samples pass between recomputations
	// of the allowance (a percentile walk over the histogram).
	baselineRecompute = 64
	siteHalveAt       = 4096
	// siteWarmup requests are needed before the distress share is believed.
	siteWarmup = 256
)

// bucketOf is the histogram bucket of a rate r (1/16 units per second).
func bucketOf(r uint32) int {
	if r < 4 {
		return int(r)
	}
	n := bits.Len32(r)
	return 4*n + int(r>>(n-3))&3
}

// bucketTop is the largest rate (1/16 units per second) in bucket b.
func bucketTop(b int) float64 {
	if b < 4 {
		return float64(b)
	}
	n, m := b/4, b%4
	lo := uint64(4+m) << (n - 3)
	return float64(lo + 1<<(n-3) - 1)
}

// add records one client window's rate (1/16 units per second).
func (b *baseline) add(r uint32) {
	b.hist[bucketOf(r)]++
	b.n++
	b.seen++
	b.pending++
	if b.n >= baselineHalveAt {
		b.n = 0
		for i := range b.hist {
			b.hist[i] /= 2
			b.n += b.hist[i]
		}
	}
}

// rate is the site's per-client rate at percentile p (0-100), in units per
// second: the top of the bucket holding it, erring towards allowing more.
func (b *baseline) rate(p float64) float64 {
	if b.n == 0 {
		return 0
	}
	want := uint64(float64(b.n)*p/100 + 0.5)
	var cum uint64
	for i, c := range b.hist {
		cum += uint64(c)
		if cum >= want && c > 0 {
			return bucketTop(i) / 16
		}
	}
	return bucketTop(len(b.hist)-1) / 16
}

// request counts one request towards the site's distress share.
func (b *baseline) request(distress bool) {
	b.siteReq++
	if distress {
		b.siteDistress++
	}
	if b.siteReq >= siteHalveAt {
		b.siteReq /= 2
		b.siteDistress /= 2
	}
}

// distressCost is what a page answered with distress adds (1/16 units):
// f.dist while the site answers few requests so, less as its share grows,
// nothing from f.outage on (then a client being answered 503 says nothing
// about that client).
func (b *baseline) distressCost(f *cflood) int64 {
	if b.siteReq < siteWarmup || f.outage <= 0 {
		return f.dist
	}
	share := float64(b.siteDistress) / float64(b.siteReq)
	return int64(float64(f.dist) * max(0, 1-share/f.outage))
}
