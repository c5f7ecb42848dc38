//go:build linux

package nft

import (
	"errors"
	"log/slog"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// strayEnd returns the key of an end element of set that no start
// precedes (invalid: none): what is left of a range whose start alone was
// removed. An end at the family's first address is nft's own: it adds
// one before the first range it writes to an interval set.
func strayEnd(t *testing.T, b *Backend, set string) netip.Addr {
	t.Helper()
	open := false
	for _, e := range sortedDump(t, b, set) {
		if a := keyAddr(e.Key); e.IntervalEnd && !open && !a.IsUnspecified() {
			return a
		}
		open = !e.IntervalEnd
	}
	return netip.Addr{}
}

// widen replaces the /24 at first by the /23 starting there, in one
// commit of another program (nft), as an operator widening our ban does.
func widen(t *testing.T, ns *netnstest.NS, first string) {
	t.Helper()
	ns.Run(t, "nft", "delete element inet guardctl bannet4 { "+first+"/24 }; add element inet guardctl bannet4 { "+first+"/23 }")
}

// TestUnbanCarriesGeneration: Unban confirmed a range by lookups, then
// destroyed its start and end without a generation. Another program
// replacing the /24 by a /23 between the two had the destroy take the
// /23's start (the end it looked for was gone: ignored), leaving the /23's
// end alone in the set and 10.1.1.0/24 unbanned, which nobody asked for
// (review of 5ec76e3; the old steps with the /23 put in between: sent
// without an error, 10.1.1.1 no longer banned, a stray end at 10.1.2.0).
// The removal now carries the generation read before the lookups, and a
// stale one looks again under a guard: after a commit to another table
// the same removal goes in; after one to our interval set it is refused
// again and Unban keeps the /23 as a wider ban.
func TestUnbanCarriesGeneration(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	other := otherTable(t, ns, b)
	for _, p := range []string{"10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"} {
		mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix(p), Timeout: time.Hour})
	}
	// steps runs Unban's lookups and removal of p with between committed
	// in the middle, with the generation read before the lookups (g nil)
	// or under a guard.
	steps := func(p string, guard bool, between func()) error {
		t.Helper()
		b.mu.Lock()
		defer b.mu.Unlock()
		var g *genGuard
		var gen uint32
		if guard {
			g = mustGuard(t, b)
			defer g.close()
		} else {
			var err error
			if gen, err = generation(b.raw); err != nil {
				t.Fatal(err)
			}
		}
		plan, err := b.unbanTargets([]netip.Prefix{netip.MustParsePrefix(p)})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.spans[setBanNet4]) != 1 {
			t.Fatalf("unban %s: the lookups found %v, want the range", p, plan.spans)
		}
		between()
		return b.sendUnban(ctx, plan, gen, g)
	}
	whole := func(when string) {
		t.Helper()
		if s := strayEnd(t, b, setBanNet4); s.IsValid() {
			t.Errorf("%s: an end element at %s has no start", when, s)
		}
		if s := brokenRange(t, b, setBanNet4); s.IsValid() {
			t.Errorf("%s: the range from %s has no end", when, s)
		}
	}

	err := steps("10.1.0.0/24", false, func() { widen(t, ns, "10.1.0.0") })
	if !errors.Is(err, errStale) {
		t.Errorf("the removal sent after a commit since its lookups: %v, want errStale", err)
	}
	for _, a := range []string{"10.1.0.1", "10.1.1.1"} {
		if s := held4(t, b, a); s != netip.MustParseAddr("10.1.0.0") {
			t.Errorf("%s held by the range from %v, want the /23 from 10.1.0.0", a, s)
		}
	}
	whole("after the stale removal")

	if err := steps("10.2.0.0/24", true, func() {
		if err := foreignAdd(other, 1); err != nil {
			t.Fatal(err)
		}
	}); err != nil {
		t.Errorf("under a guard, after another table's commit: %v, want the removal sent again", err)
	}
	if s := held4(t, b, "10.2.0.1"); s.IsValid() {
		t.Errorf("10.2.0.1 still held by the range from %s", s)
	}
	if err := steps("10.3.0.0/24", true, func() { widen(t, ns, "10.3.0.0") }); !errors.Is(err, errStale) {
		t.Errorf("under a guard, after our interval set changed: %v, want errStale", err)
	}
	whole("after the guarded removals")

	// Unban as a whole, now the /23s are in: they are wider bans, kept.
	lc := &logCatch{}
	b.log = slog.New(lc)
	for _, p := range []string{"10.1.0.0/24", "10.3.0.0/24"} {
		if err := b.Unban(ctx, []netip.Prefix{netip.MustParsePrefix(p)}); err != nil {
			t.Errorf("Unban(%s): %v", p, err)
		}
	}
	for _, a := range []string{"10.1.1.1", "10.3.1.1"} {
		if s := held4(t, b, a); !s.IsValid() {
			t.Errorf("%s no longer banned: the /23 around the unbanned /24 is gone", a)
		}
	}
	if !lc.saw("a wider ban still covers") {
		t.Error("Unban did not report the /23 as a wider ban")
	}
	whole("after Unban")
}

// TestUnbanBesideForeignWriter: with another program committing to a
// table of its own every millisecond, Unban's removal is often stale; it
// looks again under a guard and lifts every ban, whole.
func TestUnbanBesideForeignWriter(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	bans := nets24(20, 40)
	mustBan(t, b, bans...)
	lc := &logCatch{}
	b.log = slog.New(lc)
	stop := foreignWriter(t, ns, b, time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	for i, x := range bans {
		if i >= 10 && lc.saw("looking again under a guard") {
			break
		}
		if err := b.Unban(ctx, []netip.Prefix{x.Prefix}); err != nil {
			t.Fatalf("Unban(%s) beside another table's writer: %v", x.Prefix, err)
		}
		if s := held4(t, b, x.Prefix.Addr().Next().String()); s.IsValid() {
			t.Errorf("%s still held by the range from %s after Unban", x.Prefix, s)
		}
	}
	raced(t, stop, lc, "looking again under a guard")
	if s := strayEnd(t, b, setBanNet4); s.IsValid() {
		t.Errorf("an end element at %s has no start", s)
	}
}
