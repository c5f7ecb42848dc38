//go:build linux

package nft

import (
	"context"
	"net/netip"
	"slices"
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

// TestProbeBanWalkBudget (review rev-enforce s17 MEDIUM 3): the ban walks
// take their share of the poll's budget like the lists' walks (dd44b98).
// Here 20,000 bans, a 500 ms cover (4,000 a poll at 100 ms) and a binding
// rate of 10,000 a second (~1,000 a poll): each poll looks up at most
// 1.5x the rate over the time since the last poll's start (plus a walk's
// least), and one ban swapped for a stranger is still named within
// 20,000 / 10,000 = 2 s plus a pass's start (bound 3.5 s). Checked with
// the walk's budgeted share dropped (`bws[i].m = ms[idx]` removed): "a poll
// 618ms after the last one's start looked up 16781 entries, want at most
// 9338".
func TestProbeBanWalkBudget(t *testing.T) {
	t.Parallel()
	const rate = 10_000
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	b.cover = 500 * time.Millisecond
	b.rate = rate
	ctx := context.Background()
	bans := firewalltest.Many(20_000, time.Hour)
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	probe, check := firewalltest.BudgetWatch(t, rate, 1, probeSize, b.probeSample)
	b.probeHook = func(looked int, _ bool) { check(looked) }
	if r, err := probe(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v", r, err)
	}
	ours := bans[12_345].Prefix.Addr().String()
	ns.Run(t, "nft", "delete element inet guardctl ban4 { "+ours+" }; add element inet guardctl ban4 { 192.0.2.77 }")
	found, took := firewalltest.PollFound(t, 100*time.Millisecond, 3500*time.Millisecond, probe)
	if !strings.Contains(found, "set ban4:") || !strings.Contains(found, ours) {
		t.Fatalf("probe %q after %v, want ban4's %s named within 20,000 / %d s", found, took, ours, rate)
	}
	t.Logf("found after %v", took)
}

// TestProbeBanWalkRetakesDiscarded (review rev-enforce s17 MEDIUM 3): a
// probe an Unban landed during says nothing, and a ban walk that found
// something in it keeps its slice (dd44b98), as the lists' walks do: the
// next poll looks the same bans up again. Here an Unban lands during every
// probe until three probes found ours swapped for a stranger (20,000
// bans, 1 s cover): each probe after a discarded finding finds it again,
// and the third is let through. Checked with every discarded ban walk
// advanced: the probe after each finding found nothing (its slice was the
// next one), ours came round a pass (~10 polls) later, 2 of 2 runs.
func TestProbeBanWalkRetakesDiscarded(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	b.cover = time.Second
	b.rate = 40_000
	ctx := context.Background()
	bans := firewalltest.Many(20_000, time.Hour)
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	var seq []bool // each probe's finding, from the swap on
	finds, changes := 0, 0
	on := false
	b.probeHook = func(_ int, found bool) {
		if !on {
			return
		}
		seq = append(seq, found)
		if found {
			if finds++; finds >= 3 {
				return
			}
		}
		// The first bans, never ours: the probe is discarded.
		if err := b.Unban(ctx, []netip.Prefix{bans[changes].Prefix}); err != nil {
			t.Error(err)
		}
		changes++
	}
	if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v", r, err)
	}
	ours := bans[12_345].Prefix.Addr().String()
	ns.Run(t, "nft", "delete element inet guardctl ban4 { "+ours+" }; add element inet guardctl ban4 { 192.0.2.77 }")
	on = true
	found, took := firewalltest.PollFound(t, 100*time.Millisecond, 3*time.Second, b.probeSample)
	if !strings.Contains(found, "set ban4:") || !strings.Contains(found, ours) {
		t.Fatalf("probe %q after %v (findings a probe %v), want ban4's %s named", found, took, seq, ours)
	}
	first := slices.Index(seq, true)
	if first < 0 || len(seq) < first+3 || slices.Contains(seq[first:first+3], false) {
		t.Fatalf("findings a probe from the swap on %v (an Unban during each until the third), want three in a row: a discarded ban walk takes its slice again", seq)
	}
	t.Logf("named after %v, %d probes discarded, findings %v", took, changes, seq)
}
