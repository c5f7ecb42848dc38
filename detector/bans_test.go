package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// TestBanFilterKeepsEveryBan: the ban table's filter (bans.go) answers "no
// ban" only for clients without one, through growth past its first size,
// purges of ended bans and Forget, each of which rebuilds it.
func TestBanFilterKeepsEveryBan(t *testing.T) {
	t.Parallel()
	e, ev := trapEngine(time.Minute)
	banned := func(i int, at time.Time) bool {
		sprayEvent(ev, i, at)
		ev.Path = []byte("/")
		v := e.Observe(ev)
		ev.Path = []byte("/trap")
		return v.Banned
	}
	// Wave 1 at t0, wave 2 ten minutes later (wave 1 has ended by then
	// and is purged while wave 2 is banned).
	for i := range 3000 {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	for i := range 3000 {
		sprayEvent(ev, 10_000+i, t0.Add(10*time.Minute))
		e.Observe(ev)
	}
	if n := e.Stats().Bans; n != 3000 {
		t.Fatalf("%d bans in the table, want wave 2's 3000 (wave 1 purged)", n)
	}
	at := t0.Add(10*time.Minute + time.Second)
	for i := range 3000 {
		if !banned(10_000+i, at) {
			t.Fatalf("client %d of wave 2 not banned", i)
		}
		if banned(i, at) {
			t.Fatalf("client %d of wave 1 still banned", i)
		}
	}
	// Forget every other client of wave 2, one at a time.
	for i := 0; i < 3000; i += 2 {
		sprayEvent(ev, 10_000+i, at)
		if n := e.Forget(netip.PrefixFrom(ev.Client, ev.Client.BitLen())); n != 1 {
			t.Fatalf("Forget of client %d removed %d bans", i, n)
		}
	}
	for i := range 3000 {
		if got, want := banned(10_000+i, at), i%2 == 1; got != want {
			t.Fatalf("client %d of wave 2: banned %v after the Forgets, want %v", i, got, want)
		}
	}
}

// trapEngine is an engine whose trap /trap bans for ban, and an event that
// requests the trap.
func trapEngine(ban time.Duration) (*Engine, *parser.Event) {
	p := policy()
	p.Traps = []rules.PathMatch{{Exact: "/trap"}}
	p.TrapBan = ban
	return New(p, Options{}), &parser.Event{Method: []byte("GET"), Path: []byte("/trap"), Status: 200}
}
