//go:build linux

package nft

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// watchFor reads drifts from ch until one has a reason containing want.
func watchFor(t *testing.T, ch <-chan firewall.Drift, within time.Duration, want string) (string, bool) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case d := <-ch:
			if s := d.String(); strings.Contains(s, want) {
				return s, true
			}
		case <-deadline:
			return "", false
		}
	}
}

// TestWatchShortenedTimeout (review s12 item 1, shared table): another
// process re-adds one of our bans with a 20 s timeout and a stranger in
// the same transaction (the count stays equal to ours, and the expiry
// would send no event). The element event makes Watch audit the set at
// once and report the shortened timeout while the ban still holds.
func TestWatchShortenedTimeout(t *testing.T) {
	ns := newNS(t)
	b := open(t, ns, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("203.0.113.6/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	// The first audit reads everything; take it before the change, so
	// only the event can make the next one read the set.
	if d, err := b.Verify(ctx); err != nil || !d.Empty() {
		t.Fatalf("Verify before: %v, %v", d, err)
	}
	ch, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 203.0.113.5 timeout 20s expires 20s, 198.51.100.77 timeout 1h }")
	got, ok := watchFor(t, ch, 5*time.Second, "shorter timeout")
	if !ok {
		t.Fatal("a ban's timeout cut to 20 s by another process (beside a stranger): Watch reported nothing within 5 s")
	}
	if !strings.Contains(got, "203.0.113.5/32") {
		t.Errorf("the reason does not name the ban: %s", got)
	}
	// The repair the daemon makes: ban again with the time left.
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if es, err := b.Lookup(ctx, netip.MustParsePrefix("203.0.113.5/32")); err != nil || len(es) != 1 || es[0].Expires < 59*time.Minute {
		t.Errorf("after the repair: %v, %v; want about 1h left", es, err)
	}
	// A stranger alone (an operator's ban by hand) is no drift.
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 198.51.100.78 timeout 1h }")
	if got, ok := watchFor(t, ch, 2*time.Second, ""); ok {
		t.Errorf("a stranger added by hand reported as drift: %s", got)
	}
}

// TestWatchAllowElementAdded (review s12 item 2, shared table): an
// element another process adds to allow4 is reported at once, and the
// quick check (no events) sees the count above ours; Ensure (the
// repair) reloads the set with what we loaded.
func TestWatchAllowElementAdded(t *testing.T) {
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.SetAllow(ctx, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}); err != nil {
		t.Fatal(err)
	}
	ch, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "allow4", "{ 203.0.113.5 }")
	if _, ok := watchFor(t, ch, 2*time.Second, "elements added to set allow4"); !ok {
		t.Error("Watch did not report an element added to allow4 by another process")
	}
	d, err := b.quickVerify(ctx)
	if err != nil || !strings.Contains(d.String(), "set allow4") {
		t.Errorf("quick check: %v, %v; want allow4 above ours", d, err)
	}
	if err := b.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", "allow4"); strings.Contains(got, "203.0.113.5") {
		t.Errorf("the repair left the foreign allow element:\n%s", got)
	}
	if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
		t.Errorf("after the repair: %v, %v", d, err)
	}
}
