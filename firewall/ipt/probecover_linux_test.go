//go:build linux

package ipt

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestProbeCoversLists (enforce gap 1, s16): one entry of ours swapped for
// a stranger in a big list set (guardctl-l-NAME, guardctl-allow: counted
// exactly, so the swap keeps every count) was found only when the
// 64-entry random window reached it, ~6.5 min on average at 100k (no
// audit reads those sets). The probe now walks each list in turns, every
// entry within the cover period whatever the poll rate (listCoverEvery,
// 10 s; 1 s here on a 20,000-entry list, polled every 100 ms). Checked
// with the cover at 1 h (64 entries a poll, as the window): not found in
// 2.5 s.
func TestProbeCoversLists(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	b.cover = time.Second
	b.rate = 1 << 30 // the cover alone (the budget: TestProbeBudget)
	ctx := context.Background()
	list := firewalltest.SpreadHosts4(172, 16, 20_000)
	if err := b.SetList(ctx, "feed", list); err != nil {
		t.Fatal(err)
	}
	allow := firewalltest.SpreadHosts6(5_000)
	if err := b.SetAllow(ctx, allow); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ set, ours, stranger string }{
		{"guardctl-l-feed4", list[12_345].Addr().String(), "192.0.2.77"},
		{"guardctl-allow6", allow[3_210].Addr().String(), "2001:db8:ffff::1"},
	} {
		if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
			t.Fatalf("premise: quickVerify = %q, %v", d, err)
		}
		ns.Run(t, "sh", "-c", fmt.Sprintf("ipset del %s %s && ipset add %s %s", c.set, c.ours, c.set, c.stranger))
		start := time.Now()
		found := ""
		for found == "" && time.Since(start) < 2500*time.Millisecond {
			time.Sleep(100 * time.Millisecond)
			d, err := b.quickVerify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found = d.String()
		}
		if !strings.Contains(found, "ipset "+c.set+":") || !strings.Contains(found, c.ours) {
			t.Fatalf("%s: %s swapped for %s: quickVerify %q after %v, want it named within the 1 s cover", c.set, c.ours, c.stranger, found, time.Since(start).Round(time.Millisecond))
		}
		t.Logf("%s: found after %v", c.set, time.Since(start).Round(time.Millisecond))
		if err := b.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.SetAllow(ctx, allow); err != nil {
			t.Fatal(err)
		}
		if _, err := ns.Output("ipset", "test", c.set, c.ours); err != nil {
			t.Errorf("%s: after the repair %s is not back: %v", c.set, c.ours, err)
		}
	}
}

// BenchmarkProbePoll100k: one quick check's content probe as the daemon's
// polls run it, 250 ms apart (the sleep is outside the timer and costs no
// CPU), with 100,000 host bans and a 100,000-entry block list: the ban
// sample and the rotor's share of the list (1/40: every entry within
// listCoverEvery).
//
//	CI=true go test -run '^$' -bench ProbePoll100k -benchtime 40x -benchmem ./firewall/ipt
func BenchmarkProbePoll100k(bm *testing.B) {
	netnstest.Require(bm, "ipset")
	ns := netnstest.New(bm)
	b := opener("nft")(bm, ns, nil).(*Backend)
	ctx := context.Background()
	list := firewalltest.SpreadHosts4(172, 0, 100_000)
	bans := make([]firewall.Ban, 0, 100_000)
	for i := range 100_000 {
		bans = append(bans, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32), Timeout: time.Hour})
	}
	if err := b.SetList(ctx, "feed", list); err != nil {
		bm.Fatal(err)
	}
	if err := b.Ban(ctx, bans); err != nil {
		bm.Fatal(err)
	}
	if _, err := b.probeSample(ctx); err != nil { // the rotors' first step
		bm.Fatal(err)
	}
	firewalltest.BenchPoll(bm, 250*time.Millisecond, b.probeSample)
}
