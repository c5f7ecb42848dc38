//go:build linux

package nft

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
)

// TestProbeWalksBanSets (enforce s17): a ban set's contents were checked by
// a 64-element random sample a poll, so one of ours swapped for a stranger
// (count unchanged) or re-added with a shorter timeout in a 100,000-element
// ban4, with no Watch, went unseen until the full audit: 22-28 s measured
// (every 30 s). The probe now walks the ban sets in turns (loaded.SetWalk)
// within the cover and the budget, as the lists. Here 40,000 bans, a 1 s
// cover and a rate of 40,000 a second, polled every 100 ms: each change is
// named within the cover plus a pass's start (bound 2.5 s). The sample
// named one in 2.5 s with a chance of 25 x 64 / 40,000 = 4 %.
func TestProbeWalksBanSets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, cmd, want string
	}{
		{"swap", "delete element inet guardctl ban4 { %s }; add element inet guardctl ban4 { 192.0.2.77 }", "is missing"},
		{"shorter", "delete element inet guardctl ban4 { %s }; add element inet guardctl ban4 { %s timeout 1m }", "shorter timeout"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ns := newNS(t)
			b := open(t, ns, nil).(*Backend)
			b.cover = time.Second
			b.rate = 40_000
			ctx := context.Background()
			bans := firewalltest.Many(40_000, time.Hour)
			if err := b.Ban(ctx, bans); err != nil {
				t.Fatal(err)
			}
			if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
				t.Fatalf("premise: probe = %q, %v", r, err)
			}
			ours := bans[31_337].Prefix.Addr().String()
			ns.Run(t, "nft", strings.ReplaceAll(c.cmd, "%s", ours))
			found, took := firewalltest.PollFound(t, 100*time.Millisecond, 2500*time.Millisecond, b.probeSample)
			if !strings.Contains(found, "set ban4:") || !strings.Contains(found, c.want) || !strings.Contains(found, ours) {
				t.Fatalf("%s: probe %q after %v, want ban4's %s named (%q) within the 1 s cover", c.name, found, took, ours, c.want)
			}
			t.Logf("found after %v", took)
		})
	}
}
