package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestThrottleCountries: a throttle scoped to US counts only US clients, a
// "default" one counts the rest (unknown countries included), an
// unscoped one counts everyone; the country is looked up once per event
// and only when some throttle needs it.
func TestThrottleCountries(t *testing.T) {
	t.Parallel()
	p := policy(
		rules.Throttle{ID: "us", Limit: 2, Window: time.Minute, Weight: 10, Countries: []string{"US", "CA"}},
		rules.Throttle{ID: "rest", Limit: 4, Window: time.Minute, Weight: 10, Countries: []string{"default"}},
	)
	countries := map[string]string{"198.51.100.1": "US", "198.51.100.2": "FR", "198.51.100.3": ""}
	lookups := 0
	e := New(p, Options{Country: func(a netip.Addr) string { lookups++; return countries[a.String()] }})
	for ip, want := range map[string]struct {
		at   int
		rule string
	}{"198.51.100.1": {2, "us"}, "198.51.100.2": {4, "rest"}, "198.51.100.3": {4, "rest"}} {
		i, d := firstDecision(e, burst(ip, 10, 0, time.Millisecond, req{}))
		if i != want.at || d == nil || d.Rules[0] != want.rule {
			t.Errorf("%s: first ban at request %d (%v), want %d by %s", ip, i, d, want.at, want.rule)
		}
	}
	if lookups != 2+1+4+1+4+1 {
		t.Errorf("%d country lookups, want one per judged event", lookups)
	}

	// Without country scopes the lookup is never called.
	lookups = 0
	e = New(policy(rules.Throttle{ID: "all", Limit: 2, Window: time.Minute, Weight: 10}),
		Options{Country: func(netip.Addr) string { lookups++; return "US" }})
	if i, _ := firstDecision(e, burst("198.51.100.9", 5, 0, time.Millisecond, req{})); i != 2 || lookups != 0 {
		t.Errorf("unscoped: ban at %d, %d lookups", i, lookups)
	}

	// No geo database (Country nil): the default throttle still counts.
	e = New(p, Options{})
	if i, d := firstDecision(e, burst("198.51.100.1", 10, 0, time.Millisecond, req{})); i != 4 || d.Rules[0] != "rest" {
		t.Errorf("without geo: ban at %d by %v", i, d)
	}
}
