package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestAddPoints: outside points add to a client's rule points; together
// they reach the threshold and ban, naming both rules.
func TestAddPoints(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "t", Limit: 1, Window: time.Minute, Weight: 4})
	e := New(p, Options{})
	a := netip.MustParseAddr("203.0.113.5")
	if d := e.AddPoints(a, "reputation", 20); d != nil {
		t.Fatal("an engine that saw no event banned")
	}
	observe(e, req{ip: "203.0.113.5"})
	observe(e, req{ip: "203.0.113.5"}) // violation: 4 points
	if d := e.AddPoints(a, "reputation", 5); d != nil {
		t.Fatalf("9 points banned: %+v", d)
	}
	d := e.AddPoints(a, "reputation", 1)
	if d == nil || d.Action != Ban || len(d.Rules) != 2 {
		t.Fatalf("10 points: %+v", d)
	}
	if e.AddPoints(a, "reputation", 50) != nil {
		t.Error("a banned client was banned again")
	}
	p.Allow = prefixes(t, "198.51.100.0/24")
	e = New(p, Options{})
	observe(e, req{ip: "198.51.100.1"})
	if e.AddPoints(netip.MustParseAddr("198.51.100.1"), "reputation", 50) != nil {
		t.Error("an allowed client was banned")
	}
}
