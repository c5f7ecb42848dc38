//go:build linux

package nft

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
)

// TestProbeFindsHole (enforce gap 2, s16): a hole punched in the middle of
// one of our ranges, keeping both its ends and the set's count (two ranges
// of ours replaced by two others: the first half of the first, and the
// second half of it run on to the end of the second), was missed by the
// probe, which looked up each range's first and last address only: the
// middle of a deny list's range or of a banned network let through, status
// healthy. Now the range holding a last address must start at its first.
// Checked before the fix (keyCheck.ends ignored): every case read "".
func TestProbeFindsHole(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx := context.Background()
	deny := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("10.2.0.0/16")}
	if err := b.SetList(ctx, "deny", deny); err != nil {
		t.Fatal(err)
	}
	bans := []firewall.Ban{{Prefix: netip.MustParsePrefix("10.8.0.0/16"), Timeout: time.Hour}, {Prefix: netip.MustParsePrefix("10.10.0.0/16"), Timeout: time.Hour}}
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v on an untouched table", r, err)
	}
	for _, c := range []struct{ name, nft, set, want string }{
		{"deny list", "delete element inet guardctl l_deny4 { 10.0.0.0/16, 10.2.0.0/16 }; add element inet guardctl l_deny4 { 10.0.0.0-10.0.127.255, 10.0.128.1-10.2.255.255 }", "l_deny4", "10.0.255.255"},
		{"banned network", "delete element inet guardctl bannet4 { 10.8.0.0/16, 10.10.0.0/16 }; add element inet guardctl bannet4 { 10.8.0.0-10.8.0.99 timeout 1h, 10.8.0.101-10.10.255.255 timeout 1h }", "bannet4", "10.8.255.255"},
	} {
		ns.Run(t, "nft", c.nft)
		r, err := b.probeSample(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(r, "; "); !strings.Contains(got, "set "+c.set+": a range of ours has a hole") || !strings.Contains(got, c.want) {
			t.Errorf("%s: probe reported %q, want the hole in %s at %s", c.name, got, c.set, c.want)
		}
		if c.set == "l_deny4" {
			// The full look-up of the lists (the audit's) sees it too,
			// and the repair's Ensure reloads the list whole.
			if r, err := b.probeLists(ctx); err != nil || !strings.Contains(strings.Join(r, ";"), "hole") {
				t.Errorf("probeLists = %q, %v", r, err)
			}
			if err := b.Ensure(ctx); err != nil {
				t.Fatal(err)
			}
		} else if err := b.Ban(ctx, bans); err != nil {
			// The daemon's repair bans again.
			t.Fatal(err)
		}
		if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
			t.Errorf("%s: after the repair: probe = %q, %v\n%s", c.name, r, err, ns.Run(t, "nft", "list", "set", "inet", "guardctl", c.set))
		}
	}
}

// TestProbeFindsShortenedTimeout (enforce gap 3, s16): another process
// re-adding one of our bans with a short timeout (`nft add element ... {
// a timeout 1s }`, which a 6.10+ kernel applies to the element there) ended
// the ban early; only the full audit (30 s, 10 min owned) compared the
// times, so a 1 s timeout ran out first and the ban was repaired at its
// expiry. The probe's answers carry each element's time left: the next
// probe names it, and banning again puts the time back. Checked before
// the fix (keyCheck.until not set): the probe read "".
func TestProbeFindsShortenedTimeout(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx := context.Background()
	bans := []firewall.Ban{
		{Prefix: netip.MustParsePrefix("192.0.2.5/32"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("198.51.100.0/24"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("2001:db8::1/128"), Timeout: time.Hour},
	}
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
		t.Fatalf("premise: probe = %q, %v on an untouched table", r, err)
	}
	for _, c := range []struct{ set, elem string }{
		{"ban4", "192.0.2.5"},
		{"bannet4", "198.51.100.0/24"},
		{"ban6", "2001:db8::1"},
	} {
		ns.Run(t, "nft", "add element inet guardctl "+c.set+" { "+c.elem+" timeout 30s }")
		if out := ns.Run(t, "nft", "list", "set", "inet", "guardctl", c.set); strings.Contains(out, "expires 59m") {
			t.Skipf("this kernel does not update an element's timeout in place (kernel < 6.10):\n%s", out)
		}
		r, err := b.probeSample(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(r, "; "); !strings.Contains(got, "set "+c.set+": an element of ours has a shorter timeout") {
			t.Errorf("%s: probe reported %q, want the shortened timeout named", c.set, got)
			continue
		}
		if err := b.Ban(ctx, bans); err != nil {
			t.Fatal(err)
		}
		if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
			t.Errorf("%s: after banning again the probe = %q, %v\n%s", c.set, r, err, ns.Run(t, "nft", "list", "set", "inet", "guardctl", c.set))
		}
	}
}

// TestProbeCoversLists (enforce gap 1, s16): one entry of ours swapped for
// a stranger in a big list (the count unchanged) was found by the 64-entry
// random window after ~n/64 polls (~6.5 min at 100k, 4 polls a second),
// or by the 30 s full audit. The probe now walks each list in turns so
// every entry is looked up within the cover period whatever the poll rate
// (listCoverEvery, 10 s; 1 s here on a 20,000-entry list, polled every
// 100 ms). Checked with the random window (the tree before): not found
// in 2.5 s (~25 polls of 64 out of 20,000).
func TestProbeCoversLists(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
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
		{"l_feed4", list[12_345].Addr().String(), "192.0.2.77"},
		{"allow6", allow[3_210].Addr().String(), "2001:db8:ffff::1"},
	} {
		if r, err := b.probeSample(ctx); err != nil || len(r) > 0 {
			t.Fatalf("premise: probe = %q, %v", r, err)
		}
		ns.Run(t, "nft", "delete element inet guardctl "+c.set+" { "+c.ours+" }; add element inet guardctl "+c.set+" { "+c.stranger+" }")
		start := time.Now()
		found := ""
		for found == "" && time.Since(start) < 2500*time.Millisecond {
			time.Sleep(100 * time.Millisecond)
			r, err := b.probeSample(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found = strings.Join(r, "; ")
		}
		if !strings.Contains(found, "set "+c.set+":") || !strings.Contains(found, c.ours) {
			t.Fatalf("%s: %s swapped for %s: probe %q after %v, want it named within the 1 s cover", c.set, c.ours, c.stranger, found, time.Since(start).Round(time.Millisecond))
		}
		t.Logf("%s: found after %v", c.set, time.Since(start).Round(time.Millisecond))
		if c.set == "l_feed4" {
			if err := b.Ensure(ctx); err != nil {
				t.Fatal(err)
			}
		} else if err := b.SetAllow(ctx, allow); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkProbePoll100k: one content probe as the daemon's polls run it,
// 250 ms apart (the sleep is outside the timer and costs no CPU), with
// 100,000 host bans in ban4 and a 100,000-entry block list: the ban
// sample, and the rotor's share of the list (1/40 of it: every entry
// within listCoverEvery).
//
//	CI=true go test -run '^$' -bench ProbePoll100k -benchtime 80x -benchmem ./firewall/nft
func BenchmarkProbePoll100k(bm *testing.B) {
	b := benchBackend(bm)
	ctx := context.Background()
	bans := make([]firewall.Ban, 0, 100_000)
	for i := range 100_000 {
		bans = append(bans, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32), Timeout: time.Hour})
	}
	if err := b.Ban(ctx, bans); err != nil {
		bm.Fatal(err)
	}
	if _, err := b.probeSample(ctx); err != nil { // the rotors' first step
		bm.Fatal(err)
	}
	firewalltest.BenchPoll(bm, 250*time.Millisecond, b.probeSample)
}
