package detector

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// After a restart the engine knows no login ban of the earlier run: a
// guesser banned before it got its quick-rule guesses again. With the
// marks restored its first refusal bans again (offence 2), as it would
// have without the restart; a mark past the 6-hour window, a flood ban
// and a key of another prefix length restore nothing, and a person whose
// address was never banned still mistypes freely.
func TestRestoreLoginMarks(t *testing.T) {
	t.Parallel()
	guess := req{method: "POST", path: "/wp-login.php", status: 401, ua: "python-requests/2.32.3"}
	// The earlier run: a guesser banned for login.
	first := defaultEngine(t)
	var g *Decision
	for _, r := range burst("203.0.113.5", 20, 0, 2*time.Second, guess) {
		if v := first.Observe(r.event()); v.Decision != nil {
			g = v.Decision
			break
		}
	}
	if g == nil || !slices.Contains(g.Rules, rules.LoginRule) {
		t.Fatalf("guesser not banned for login: %+v", g)
	}
	back := g.At.Add(g.Duration + time.Hour) // the daemon restarts, the ban has run out
	marks := []LoginMark{
		{Key: g.Key, At: g.At, Rules: g.Rules},
		{Key: netip.MustParsePrefix("203.0.113.6/32"), At: back.Add(-7 * time.Hour), Rules: []string{rules.LoginRule}},
		{Key: netip.MustParsePrefix("203.0.113.7/32"), At: g.At, Rules: []string{rules.FloodRule}},
		{Key: netip.MustParsePrefix("203.0.113.0/24"), At: g.At, Rules: []string{RuleLoginSubnet}},
	}
	one := func(e *Engine, ip string) *Decision {
		r := guess
		r.ip, r.at = ip, back.Sub(t0)
		return e.Observe(r.event()).Decision
	}
	// Without the marks: nobody is banned at one refusal (what the
	// restart cost before).
	plain := defaultEngine(t)
	for _, ip := range []string{"203.0.113.5", "203.0.113.6", "203.0.113.7"} {
		if d := one(plain, ip); d != nil {
			t.Fatalf("%s banned at one refusal with no marks: %v", ip, d.Rules)
		}
	}
	e := defaultEngine(t)
	n, err := e.RestoreLoginMarks(marks, back)
	if err != nil || n != 1 {
		t.Fatalf("RestoreLoginMarks = %d, %v; want 1 (the guesser), nil", n, err)
	}
	if d := one(e, "203.0.113.5"); d == nil || d.Offence != 2 || d.Duration <= g.Duration {
		t.Errorf("restored guesser at its first refusal: %+v, want a ban, offence 2, longer than %v", d, g.Duration)
	}
	for _, ip := range []string{"203.0.113.6", "203.0.113.7", "203.0.113.9"} {
		if d := one(e, ip); d != nil {
			t.Errorf("%s banned at one refusal (%v): its mark is stale, a flood's, another key's or none", ip, d.Rules)
		}
	}
	if _, err := e.RestoreLoginMarks(marks, back); !errors.Is(err, ErrStarted) {
		t.Errorf("RestoreLoginMarks after events: err %v, want ErrStarted", err)
	}
}

// The restored chain counts what History says, as a ban would have asked.
func TestRestoreLoginMarksHistory(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	key := netip.MustParsePrefix("203.0.113.5/32")
	e := New(p, Options{History: fixedHistory{key: 3}})
	at := t0.Add(time.Hour)
	if n, err := e.RestoreLoginMarks([]LoginMark{{Key: key, At: at.Add(-time.Hour), Rules: []string{RuleFormLoop}}}, at); n != 1 || err != nil {
		t.Fatalf("RestoreLoginMarks = %d, %v", n, err)
	}
	r := req{at: time.Hour + time.Second, ip: "203.0.113.5", method: "POST", path: "/wp-login.php", status: 401, ua: chrome}
	if d := e.Observe(r.event()).Decision; d == nil || d.Offence != 4 {
		t.Errorf("restored client with 3 offences in History: %+v, want a ban, offence 4", d)
	}
}

type fixedHistory map[netip.Prefix]int

func (h fixedHistory) Offences(key netip.Prefix, _ time.Time, _ time.Duration) int { return h[key] }
