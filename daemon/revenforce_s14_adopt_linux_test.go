//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// TestRevS14AdoptsNothingAfterBansEndedWhileRunning (review rev-enforce
// s14, 57ac8d9's residual): 57ac8d9 stops the adoption only when a ban
// ended while the daemon was stopped (ExpireBans at the start returns
// it). A ban that ended while the daemon ran left the store at the
// housekeeping (ExpireBans deletes it), so the next start sees a store
// that knows no ban, not a new one (new_store=false in the log), and
// adopts an element added by hand as guardctl's ban ("adopted from
// kernel", its hand-set 1 h). Same shape with a real `guardctl run`:
// adopt-residual.sh.
func TestRevS14AdoptsNothingAfterBansEndedWhileRunning(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := harnessOn(t, "nftables", "")
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	ended := netip.MustParsePrefix("203.0.113.1/32")
	if _, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: ended, Duration: time.Minute, Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	h.stop()
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, ok, err := s.Ban(ended)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	b.Start, b.Expires = b.Start.Add(-2*time.Minute), b.Expires.Add(-2*time.Minute)
	if err := s.PutBans([]state.Ban{b}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ns.Run(t, "nft", "delete", "element", "inet", "guardctl", "ban4", "{ 203.0.113.1 }") // ran out with it
	// A run in which the ban ends (as housekeeping ends it while running).
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	if _, ok, err := h.d.store.Ban(ended); err != nil || ok {
		t.Fatalf("premise: the ended ban still stored: %v %v", ok, err)
	}
	h.stop()
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 198.51.100.7 timeout 1h }")
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	defer h.stop()
	stranger := netip.MustParsePrefix("198.51.100.7/32")
	if got, ok, err := h.d.store.Ban(stranger); err != nil || ok {
		t.Errorf("%s adopted into the store (%+v, %v): an element added by hand became guardctl's ban", stranger, got, err)
	}
}
