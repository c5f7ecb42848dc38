//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestProbeBudget (review rev-enforce s16 item 1): the rotors took each
// list's share of the cover every poll, so a poll's lookups grew with the
// lists with no cap (4.7 ms of CPU a poll at 100k on iptables, ~20 % of a
// core at 1M). A poll now looks up at most rate x the time since the last
// poll in all (plus 64 a list), and every entry is still looked up within
// total / rate. Here 10,000 entries (8,000 in a list, 2,000 in the allow
// sets), a 200 ms cover and a rate of 5,000 a second, polled every 100 ms:
// ~500 lookups a poll and one entry swapped for a stranger found within
// 10,000 / 5,000 = 2 s (plus a poll). Checked without the budget: ~10,000
// lookups a poll (the whole of both, the cover being 2 polls).
func TestProbeBudget(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	b.cover = 200 * time.Millisecond
	b.rate = 5_000
	ctx := context.Background()
	list := firewalltest.SpreadHosts4(172, 16, 8_000)
	if err := b.SetList(ctx, "feed", list); err != nil {
		t.Fatal(err)
	}
	if err := b.SetAllow(ctx, firewalltest.SpreadHosts6(2_000)); err != nil {
		t.Fatal(err)
	}
	var last time.Time
	worst := ""
	b.probeHook = func(looked int, _ bool) {
		now := time.Now()
		if !last.IsZero() {
			// 1.5x the budget of the gap seen here (the probe's own dt
			// is measured a lookup earlier), plus each walk's least.
			if limit := int(1.5*float64(b.rate)*now.Sub(last).Seconds()) + 2*probeSize; looked > limit && worst == "" {
				worst = now.Sub(last).Round(time.Millisecond).String()
				t.Errorf("a poll %v after the last looked up %d list entries, want at most %d (rate %d a second)", worst, looked, limit, b.rate)
			}
		}
		last = now
	}
	if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v", r, err)
	}
	ours := list[5_678].Addr().String()
	ns.Run(t, "sh", "-c", "ipset del guardctl-l-feed4 "+ours+" && ipset add guardctl-l-feed4 192.0.2.77")
	found, took := firewalltest.PollFound(t, 100*time.Millisecond, 3*time.Second, b.probeSample)
	if !strings.Contains(found, "ipset guardctl-l-feed4:") || !strings.Contains(found, ours) {
		t.Fatalf("%s swapped for a stranger: probe %q after %v, want it named within the 2 s cover the budget allows", ours, found, took)
	}
	t.Logf("found after %v", took)
}

// TestProbeDiscardKeepsSlice (review rev-enforce s16 item 2): a probe an
// unban (list refresh, flush) landed during says nothing, but its walk
// still moved the rotor on, so the slice it covered waited another full
// cover. Here a real Unban lands during every probe until one entry of
// ours swapped for a stranger in a 20,000-entry list (cover 2 s, polled
// every 100 ms) is named, the first two probes finding it included: the
// walks that found nothing move on (they did check their slices), the one
// that found it is taken again, and the swap is named within the cover
// plus a few polls (~1.5 s; bound 2.6 s). Checked with the rotor moved on
// every discard (the tree before): not named in 4 s (the slice came round
// a cover later and was discarded again); with every discarded walk held
// (clean ones too): not named in 4 s, the walks stalled at the first
// slice (the budget, 12,000 a second, keeps a held walk from growing to
// the whole list).
func TestProbeDiscardKeepsSlice(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	b.cover = 2 * time.Second
	b.rate = 12_000 // a little above the cover's pace (10,000 a second): the budget binds a held walk
	ctx := context.Background()
	list := firewalltest.SpreadHosts4(172, 16, 20_000)
	if err := b.SetList(ctx, "feed", list); err != nil {
		t.Fatal(err)
	}
	bans := firewalltest.Many(64, time.Hour)
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	discards, changes := 0, 0
	on := false // after the premise's probe
	b.probeHook = func(_ int, found bool) {
		if !on || found && discards >= 2 {
			return
		}
		if found {
			discards++
		}
		if err := b.Unban(ctx, []netip.Prefix{bans[changes%len(bans)].Prefix}); err != nil {
			t.Error(err)
		}
		changes++
	}
	if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v", r, err)
	}
	ours := list[12_345].Addr().String()
	ns.Run(t, "sh", "-c", "ipset del guardctl-l-feed4 "+ours+" && ipset add guardctl-l-feed4 192.0.2.77")
	on = true
	found, took := firewalltest.PollFound(t, 100*time.Millisecond, 4*time.Second, b.probeSample)
	if !strings.Contains(found, "ipset guardctl-l-feed4:") || !strings.Contains(found, ours) || took > 2600*time.Millisecond {
		t.Fatalf("%s swapped for a stranger, an Unban during each of %d probes (%d of them finding it): probe %q after %v, want it named within the 2 s cover plus a few polls", ours, changes, discards, found, took)
	}
	t.Logf("named after %v, %d probes discarded (%d finding it)", took, changes, discards)
}
