package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// Counts of one rule added on two nodes come back as their sum; the
// previous window bucket counts in proportion to how much of it is still
// inside the sliding window; Reset starts the client again.
func TestCounterCombinesNodes(t *testing.T) {
	r := clustertest.Start(t)
	a := startNode(t, r, "a", t.TempDir(), nil)
	b := startNode(t, r, "b", t.TempDir(), nil)
	ca, cb := a.Counter(), b.Counter()
	ctx := context.Background()
	client := netip.MustParsePrefix("198.51.100.9/32")
	other := netip.MustParsePrefix("198.51.100.10/32")
	const window = time.Hour // one bucket for the whole test, almost surely
	ra, rb := ca.Rule("login", window, 0), cb.Rule("login", window, 0)
	for range 3 {
		ca.Add(ra, client)
		cb.Add(rb, client)
	}
	cb.Add(rb, other)
	now := time.Now()
	if tot, err := ca.Flush(ctx, now); err != nil || len(tot) != 1 || tot[0].Count < 3 {
		t.Fatalf("a's flush: %v %+v", err, tot)
	}
	tot, err := cb.Flush(ctx, now)
	if err != nil || len(tot) != 2 {
		t.Fatalf("b's flush: %v %+v", err, tot)
	}
	for _, x := range tot {
		want := map[netip.Prefix]float64{client: 6, other: 1}[x.Client]
		if x.Rule != "login" || x.Count < want || x.Count > want+0.01 {
			t.Errorf("total %+v, want %v", x, want)
		}
	}
	if tot, _ := ca.Flush(ctx, now); len(tot) != 0 {
		t.Fatalf("a second flush with nothing counted returned %+v", tot)
	}

	// Half a window later in the next bucket, the previous one counts half.
	w := window.Milliseconds()
	bucket := (now.Add(-a.Offset()).UnixMilli())/w + 1
	later := time.UnixMilli(bucket*w + w/2).Add(a.Offset())
	ca.Add(ra, client)
	tot, err = ca.Flush(ctx, later)
	if err != nil || len(tot) != 1 || tot[0].Count < 1+3-0.01 || tot[0].Count > 1+3+0.01 {
		t.Fatalf("sliding total %+v (%v), want 1 + 6/2", tot, err)
	}

	if err := ca.Reset(ctx, later, "login", window, client); err != nil {
		t.Fatal(err)
	}
	ca.Add(ra, client)
	if tot, _ := ca.Flush(ctx, later); len(tot) != 1 || tot[0].Count != 1 {
		t.Fatalf("after reset: %+v", tot)
	}
}
