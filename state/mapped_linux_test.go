package state

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The daemon's ExpireBans walk reads every ban through bbolt's mmap every
// HealthEvery. Those file pages stayed mapped, so the whole bans bucket
// counted in the daemon's resident set from the first walk on (18 MB of
// its ~192 MB peak at 100,000 bans, bench/daemon -mode rss): after a walk
// the store's mapping must hold next to nothing of the file.
func TestExpireWalkLeavesTheFileUnmapped(t *testing.T) {
	t.Parallel()
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	const n = 20000
	bans := make([]Ban, 0, n)
	for i := range n {
		bans = append(bans, Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32),
			Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto,
			Reason: fmt.Sprintf("scanner %d: 40 points", i), Rules: []string{"wp-probe", "env-file"}})
	}
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	size, err := os.Stat(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if removed, err := s.ExpireBans(now.Add(time.Minute)); err != nil || len(removed) != 0 {
		t.Fatalf("ExpireBans before any end: %d removed, %v", len(removed), err)
	}
	rss := mappedRss(t, s.path)
	// Without the release, the walk left every leaf of the bucket mapped:
	// 3.5 MB of a 4 MB file here.
	if rss > 64<<10 {
		t.Fatalf("after a walk of %d bans the store's mapping holds %d kB of its %d kB file resident, want at most 64 kB", n, rss>>10, size.Size()>>10)
	}
	// The pages were only unmapped: the records read back whole.
	all, err := s.Bans()
	if err != nil || len(all) != n || all[0].Reason == "" {
		t.Fatalf("bans after the walk: %d (%v), want %d readable", len(all), err, n)
	}
}

// mappedRss is the resident bytes of this process's mappings of path
// (/proc/self/smaps).
func mappedRss(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var total int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if fs := strings.Fields(l); len(fs) >= 5 && strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":") {
			in = len(fs) >= 6 && fs[5] == path
			continue
		}
		if in && strings.HasPrefix(l, "Rss:") {
			kb, err := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			total += kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}
