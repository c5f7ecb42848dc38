package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFloodSpareDigestChunks: a game launcher's LAN (benign8
// game-patch-chunk-downloads: 600 distinct <md5>.chunk files of 400 KB-1
// MB at ~5.5/s, then two more PCs at 16/s, one user agent, 1 %
// answered 503) is never banned: a digest with a short extension names a
// file (digestFile), so its chunks are downloads to spare; before, each
// was a page without a Referer (1.5 units) and the address was banned at
// its 864th request (this LAN at its 710th). The floods that would buy
// that spare stay banned within 40 requests (today: 32, random digests on
// a catch-all at 40/s 35: its one size is spared until the site served it
// floodSpareDigestSameSize times; 32 before digestFile): random digests answered
// 404, random digests on a catch-all answering one large page 200, a crawl
// of a site's large pages named by a digest (.html is a page's extension),
// at 40 and 150 requests/s.
func TestFloodSpareDigestChunks(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 8))
	launcher := "ArenaLauncher/3.14.2 (Windows; x64) libcurl/8.10.1"
	chunk := func(int) string {
		return fmt.Sprintf("/live/chunks/%02x/%016x%016x.chunk", rng.IntN(256), rng.Uint64(), rng.Uint64())
	}
	size := func(int) int64 { return 400_000 + rng.Int64N(600_000) }
	lan := "198.18.80.1"
	reqs := downloads(lan, launcher, 0, 5.5, 600, chunk, size)
	reqs = append(reqs, downloads(lan, launcher, 300*time.Second, 16, 640, chunk, size)...)
	for i := range reqs {
		if i%90 == 45 {
			reqs[i].status = 503
		}
	}
	floods := map[string]string{}
	for k, f := range []struct {
		name   string
		status int
		path   func(int) string
		size   func(int) int64
	}{
		{"random digests 404", 404, chunk, func(int) int64 { return 512 }},
		{"random digests on a catch-all 200", 200, chunk, func(int) int64 { return 96 << 10 }},
		{"pages named by a digest", 200, func(i int) string { return fmt.Sprintf("/p/%016x%016x.html", rng.Uint64(), rng.Uint64()) },
			func(i int) int64 { return 90<<10 + int64(i) }},
	} {
		for j, rate := range []float64{40, 150} {
			ip := fmt.Sprintf("198.18.81.%d", 10+k*2+j)
			floods[ip] = fmt.Sprintf("%s at %.0f/s", f.name, rate)
			d := downloads(ip, "python-requests/2.32.3", 60*time.Second, rate, int(60*rate), f.path, f.size)
			for i := range d {
				d[i].status = f.status
			}
			reqs = append(reqs, d...)
		}
	}
	at, why := runSized(defaultEngine(t), sortedSized(reqs))
	if at[lan] >= 0 {
		t.Errorf("launcher LAN banned (%v) at its request %d", why[lan], at[lan])
	}
	for ip, f := range floods {
		switch n := at[ip]; {
		case n < 0:
			t.Errorf("%s never banned", f)
		case n > 40:
			t.Errorf("%s banned only at its request %d (%v)", f, n, why[ip])
		default:
			t.Logf("%s banned at its request %d", f, n)
		}
	}
}
