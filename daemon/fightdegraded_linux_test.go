//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestFightShowsDegraded (review rev14fix s15 item 8): another process
// undoes our ban set every 50 ms (a script or a second guardctl); the
// repairs run until the pacing holds them back, and from then on status
// says so in Degraded. Before, status read healthy with a repair count
// while the ban was out of the kernel most of the time (checked: this
// test fails without fighting's line in degraded()).
func TestFightShowsDegraded(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.9/32"), Duration: time.Hour, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	if st, err := h.d.Status(ctx); err != nil || len(st.Degraded) > 0 {
		t.Fatalf("premise: degraded before the fight: %q, %v", st.Degraded, err)
	}
	deadline := time.Now().Add(8 * time.Second)
	for time.Now().Before(deadline) {
		ns.Run(t, "nft", "flush set inet guardctl ban4")
		st, err := h.d.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s := strings.Join(st.Degraded, "; "); strings.Contains(s, "repairs held back") {
			t.Logf("degraded: %s", s)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("8 s of a flush every 50 ms, and status never said the repairs were held back")
}
