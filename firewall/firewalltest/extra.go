//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// Extra: elements someone else puts into the ban sets are reported by
// Verify and Counts as extra (count and samples), are not drift (no
// repair is asked for), and are not removed by a repair; an element of
// ours removed while another is added (the count unchanged) is drift.
// add puts extras in (each a prefix in want); swap removes one of ours
// (100.64.0.7) and adds 198.51.100.9 (nil: not checked). open must return
// a backend whose every Verify audits the elements.
func Extra(t *testing.T, open Open, add []Fault, want []netip.Prefix, swap []Fault) {
	t.Parallel()
	ctx := context.Background()
	ns := netnstest.New(t)
	b := open(t, ns, nil)
	if err := b.Ban(ctx, append(Many(50, time.Hour), bans(time.Hour)...)); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	if d, err := b.Verify(ctx); err != nil || !d.Empty() || d.Extra != 0 || d.AuditedAt.IsZero() {
		t.Fatalf("Verify before = %+v, %v; want an audit finding nothing", d, err)
	}
	for _, f := range add {
		ns.Run(t, f.Args...)
	}
	d, err := b.Verify(ctx)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !d.Empty() {
		t.Errorf("Verify with extras reports drift %q: extras must not cause a repair", d)
	}
	if d.Extra != len(want) || len(d.ExtraSamples) != len(want) {
		t.Errorf("Verify: Extra %d, samples %v; want %d: %v", d.Extra, d.ExtraSamples, len(want), want)
	}
	for _, p := range d.ExtraSamples {
		if !slices.Contains(want, p) {
			t.Errorf("Verify: extra sample %s, want one of %v", p, want)
		}
	}
	c, err := b.Counts(ctx)
	if err != nil || c.Drift.Extra != len(want) {
		t.Errorf("Counts: Drift.Extra = %d, %v; want %d (the last audit's)", c.Drift.Extra, err, len(want))
	}
	// A repair (as the daemon does one) leaves them in place.
	if err := b.Ensure(ctx); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	for _, p := range want {
		if got, err := b.Lookup(ctx, p); err != nil || len(got) == 0 {
			t.Errorf("after Ensure, Lookup(%s) = %v, %v; the extra must stay", p, got, err)
		}
	}
	if swap == nil {
		return
	}
	for _, f := range swap {
		ns.Run(t, f.Args...)
	}
	if d, err := b.Verify(ctx); err != nil || d.Empty() {
		t.Errorf("Verify after one of ours was swapped for a stranger = %+v, %v; want drift", d, err)
	}
}
