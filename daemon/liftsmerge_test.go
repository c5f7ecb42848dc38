package daemon

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/guardctl/guardctl/state"
)

// TestSavedLiftsKeepConcurrentUnban (session 10, ops item 3): the store's
// pending lifts were replaced wholesale from one caller's view of memory
// (saveLifts). An unban stores its owed lift in its own write (AddLifts)
// and parks its kernel step only later, so a repair finishing an earlier
// unban between the two wrote a record without it: the parked unban was
// lost from the store, and a restart before the next repair adopted its
// elements as bans again. The interleaving is made by hand on a real
// store file: Y is an unban whose kernel step failed (lifted, stored);
// the unban of X stores its lift; the repair finishes Y; then X parks.
func TestSavedLiftsKeepConcurrentUnban(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	d := h.d
	ctx := context.Background()
	x, y, z := netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("198.51.100.9/32"), netip.MustParsePrefix("192.0.2.44/32")
	if _, err := d.store.Write(state.Batch{AddLifts: &state.Lifts{Prefixes: []netip.Prefix{y}}}); err != nil {
		t.Fatal(err)
	}
	d.fwMu.Lock()
	d.setLifted([]netip.Prefix{y}, false)
	d.fwMu.Unlock()

	// The unban of X: its store write, lift owed.
	if _, err := d.store.Write(state.Batch{AddLifts: &state.Lifts{Prefixes: []netip.Prefix{x}}}); err != nil {
		t.Fatal(err)
	}
	// The repair finishes Y meanwhile.
	d.fwMu.Lock()
	if _, err := d.removeLifted(ctx, nil, false); err != nil {
		d.fwMu.Unlock()
		t.Fatal(err)
	}
	d.fwMu.Unlock()
	// Then X parks its kernel step (the gate was busy).
	d.oweMu.Lock()
	d.owed = append(d.owed, x)
	d.oweMu.Unlock()

	l, err := d.store.Lifts()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(l.Prefixes, x) || slices.Contains(l.Prefixes, y) {
		t.Errorf("stored pending lifts after the repair finished Y while X's unban parked: %v; want X owed, Y done", l.Prefixes)
	}

	// A repair that gives up a failing unban (Z) keeps what others owe
	// (it stored its whole view of memory too).
	if _, err := d.store.Write(state.Batch{AddLifts: &state.Lifts{Prefixes: []netip.Prefix{z}}}); err != nil {
		t.Fatal(err)
	}
	d.fwMu.Lock()
	d.setLifted([]netip.Prefix{z}, false)
	d.oweMu.Lock()
	d.owed = nil // X's park not yet seen in memory (it parks after)
	d.oweMu.Unlock()
	d.giveUpLifted(errors.New("test: the kernel refuses"))
	d.fwMu.Unlock()
	if l, err = d.store.Lifts(); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(l.Prefixes, x) || !slices.Contains(l.Prefixes, z) {
		t.Errorf("stored pending lifts after a repair gave Z up: %v; want X and Z owed", l.Prefixes)
	}
	// Finishing what is owed empties the record: nothing is left to redo
	// at the next start.
	d.fwMu.Lock()
	d.oweMu.Lock()
	d.owed = append(d.owed, x)
	d.oweMu.Unlock()
	d.setLifted(nil, false)
	d.oweMu.Lock()
	d.lifted, d.givenUp = append(d.lifted, d.givenUp...), nil
	d.oweMu.Unlock()
	_, err = d.removeLifted(ctx, nil, true)
	d.fwMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if l, err = d.store.Lifts(); err != nil || !l.Empty() {
		t.Errorf("stored pending lifts once all was finished: %v (err %v); want none", l, err)
	}
}
