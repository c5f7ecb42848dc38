package cluster

import (
	"context"
	"math"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// rev-early s11 (copied from its evidence): the in-place read of the hot marks agrees with the old
// read (ZRANGE WITHSCORES as []redis.Z, netip.ParsePrefix) on hostile
// members: NUL, spaces, newlines, IPv6 forms, IPv4-mapped, zones,
// leading zeros, huge members, odd scores.
func TestHotReadAgreesWithOld(t *testing.T) {
	r := clustertest.Start(t)
	c := startNode(t, r, "a", t.TempDir(), nil).Counter()
	rule := c.Rule("login", time.Hour, 8)
	members := []string{
		"10.0.0.1/32", "010.0.0.2/32", "10.0.0.3/032", "10.0.0.4/32\x00", "\x0010.0.0.5/32",
		"10.0.0.6/32 ", " 10.0.0.7/32", "10.0.0.8/32\n", "10.0.0.9/32\r\n1 11 10.0.0.10/32",
		"::ffff:10.0.0.11/128", "::ffff:10.0.0.12", "fe80::1%eth0/128", "2001:db8::/48", "2001:DB8:0:1::/64",
		"2001:db8::1/48", "10.0.0.13/24", "10.0.0.0/24", "0.0.0.0/0", "255.255.255.255/32",
		"1.2.3.4/33", "-1", "1 2", "", " ", "\n", "5 0 \n", strings.Repeat("A", 300_000),
		"1.2.3.4/32" + strings.Repeat(" ", 10), "١.2.3.4/32", "1.2.3.4/+32", "1.2.3.4/-0",
	}
	zs := make([]redis.Z, 0, len(members))
	for i, m := range members {
		zs = append(zs, redis.Z{Score: float64(i + 1), Member: m})
	}
	// odd scores on good names
	zs = append(zs, redis.Z{Score: 1.5, Member: "10.1.0.1/32"}, redis.Z{Score: math.Inf(1), Member: "10.1.0.2/32"},
		redis.Z{Score: 1e300, Member: "10.1.0.3/32"}, redis.Z{Score: -3, Member: "10.1.0.4/32"})
	hotSetWith(t, r, c, rule, len(members)+10, zs...)

	// The old read, as 257cbb2 did it.
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	defer rdb.Close()
	old, err := rdb.ZRangeArgsWithScores(context.Background(), redis.ZRangeArgs{Key: c.k.hot(rule.id), ByScore: true,
		Start: "(0", Stop: "+inf", Count: hotFetchMax}).Result()
	if err != nil {
		t.Fatal(err)
	}
	wantHot := map[countKey]bool{}
	wantBad := 0
	bound := uint64(len(members) + 10)
	for _, z := range old {
		s, _ := z.Member.(string)
		p, perr := netip.ParsePrefix(s)
		goodName := perr == nil && p == p.Masked()
		goodScore := z.Score >= 1 && z.Score <= maxMarkNumber && z.Score == math.Trunc(z.Score) && uint64(z.Score) <= bound
		if goodName {
			wantHot[keyOf(p)] = true
		}
		if !goodName || !goodScore {
			wantBad++
		}
	}
	rule.hotSeen = 0
	c.fetchHot(context.Background(), []*Rule{rule}, time.Now().UnixMilli())
	if len(rule.hot) != len(wantHot) {
		t.Errorf("hot %d clients, old read %d", len(rule.hot), len(wantHot))
	}
	for k := range wantHot {
		if rule.hot[k] == 0 {
			t.Errorf("old read learned %v, new did not", k)
		}
	}
	if got := c.Malformed(); got != uint64(wantBad) {
		t.Errorf("malformed %d, old read %d", got, wantBad)
	}
	t.Logf("%d members, %d hot, %d malformed", len(old), len(wantHot), wantBad)
}
