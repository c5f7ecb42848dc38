package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Review s12 (rev-cluster item 3): a gap cut at hotFetchMax BEFORE an own range
// must stop the place at the last mark read, not jump over the range.
// No test of f4761f0 reaches this path (mutant `whole := true` in
// fetchHot passes every TestShare*): TestShareFetchCutsNoMarks cuts only
// the last gap, where whole and cut end the same.
func TestShareFetchCutBeforeOwnRange(t *testing.T) {
	_, a, _, ra, _ := sharingCounters(t, 3, 60)
	ctx := context.Background()
	const n = hotFetchMax + 500
	zs := make([]redis.Z, 0, n)
	for i := 1; i <= n; i++ {
		zs = append(zs, redis.Z{Score: float64(i), Member: marksClient(i).String()})
	}
	for i := 0; i < len(zs); i += 10_000 {
		if err := a.rdb.ZAdd(ctx, a.k.hot("login"), zs[i:min(i+10_000, len(zs))]...).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.rdb.Set(ctx, a.k.hotSeq("login"), n+1, 0).Err(); err != nil {
		t.Fatal(err)
	}
	ra.addOwn(n, 1) // this node's own mark n+1 (not in the set: known already)
	for range 2 {
		a.fetchHot(ctx, []*Rule{ra}, time.Now().UnixMilli())
	}
	now := time.Now().UnixMilli()
	missed := 0
	for i := 1; i <= n; i++ {
		if !ra.isHot(keyOf(marksClient(i)), now) {
			missed++
		}
	}
	if missed > 0 || ra.hotSeen != n+1 {
		t.Fatalf("%d of %d marks under the own range never read; place %d", missed, n, ra.hotSeen)
	}
}
