package state

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"
)

// The daemon walks every ban for ended ones every HealthEvery (10 s). With
// 100,000 bans in force, decoding each record's reason and rules made ~6 MB
// of garbage per walk, most of what an idle daemon allocated, and grew its
// heap to the memory limit between collections (session 9,
// docs/history/performance.md). The walk reads only each record's head now: it must not
// allocate per ban, and still find exactly the ended ones, version-1 and
// version-2 records alike.
func TestExpireWalkDoesNotAllocatePerBan(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	const n = 2000
	var bans []Ban
	for i := range n {
		b := Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), 32),
			Start: now, Expires: now.Add(time.Hour + time.Duration(i)*time.Second), Origin: OriginAuto,
			Reason: fmt.Sprintf("scanner %d: 40 points", i), Rules: []string{"wp-probe", "env-file"}}
		if i%2 == 1 {
			b.Node = "web-2" // a version-2 record
		}
		bans = append(bans, b)
	}
	bans = append(bans, Ban{Prefix: netip.MustParsePrefix("192.0.2.9/32"), Start: now, Origin: OriginManual, Reason: "admin"}) // permanent
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(3, func() {
		if removed, err := s.ExpireBans(now.Add(time.Minute)); err != nil || len(removed) != 0 {
			t.Fatalf("ExpireBans before any end: %d removed, %v", len(removed), err)
		}
	})
	if allocs > n/10 {
		t.Fatalf("a walk of %d bans none of which ended made %.0f allocations (want under %d: none per ban)", n+1, allocs, n/10)
	}
	// The first 10 ended (one v1 and one v2 record at the boundary: an
	// end is exclusive), the permanent one never does.
	removed, err := s.ExpireBans(now.Add(time.Hour + 9*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 10 {
		want = append(want, bans[i].Prefix.String())
	}
	got := prefixes(removed)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("removed %v, want %v", got, want)
	}
	for _, b := range removed {
		if i := slices.IndexFunc(bans, func(x Ban) bool { return x.Prefix == b.Prefix }); b.Node != bans[i].Node || b.Reason != bans[i].Reason || !slices.Equal(b.Rules, bans[i].Rules) {
			t.Fatalf("removed ban %s decoded as %+v, stored %+v", b.Prefix, b, bans[i])
		}
	}
	all, err := s.Bans()
	if err != nil || len(all) != n+1-10 {
		t.Fatalf("%d bans left (%v), want %d", len(all), err, n+1-10)
	}
}
