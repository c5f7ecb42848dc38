package detector

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func TestBanDuration(t *testing.T) {
	t.Parallel()
	esc := rules.Escalation{
		BaseBan: 10 * time.Minute, Multiplier: 3, MaxBan: 2 * time.Hour,
		BlacklistAfter: 5, BlacklistBan: 7 * 24 * time.Hour,
	}
	tests := []struct {
		name string
		esc  rules.Escalation
		base time.Duration
		n    int
		want time.Duration
	}{
		{"first offence", esc, 0, 1, 10 * time.Minute},
		{"second is longer", esc, 0, 2, 30 * time.Minute},
		{"third", esc, 0, 3, 90 * time.Minute},
		{"fourth hits the cap", esc, 0, 4, 2 * time.Hour},
		{"blacklist from the 5th", esc, 0, 5, 7 * 24 * time.Hour},
		{"blacklist stays", esc, 0, 50, 7 * 24 * time.Hour},
		{"huge offence count does not overflow", esc, 0, 1 << 30, 7 * 24 * time.Hour},
		{"rule's own ban", esc, time.Hour, 1, time.Hour},
		{"rule's own ban escalates to the cap", esc, time.Hour, 2, 2 * time.Hour},
		{"cap never shortens a rule's own longer ban", esc, 48 * time.Hour, 2, 48 * time.Hour},
		{"blacklist never shortens", esc, 30 * 24 * time.Hour, 6, 30 * 24 * time.Hour},
		{"no multiplier", rules.Escalation{BaseBan: time.Minute}, 0, 9, time.Minute},
		{"no cap", rules.Escalation{BaseBan: time.Minute, Multiplier: 2}, 0, 11, 1024 * time.Minute},
		{"nothing configured", rules.Escalation{}, 0, 1, defaultBan},
		{"no blacklist step", rules.Escalation{BaseBan: time.Minute, BlacklistBan: time.Hour}, 0, 9, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := banDuration(&tt.esc, tt.base, tt.n); got != tt.want {
				t.Fatalf("banDuration(base %v, offence %d) = %v, want %v", tt.base, tt.n, got, tt.want)
			}
		})
	}
}

// offend makes ip break the "flood" throttle of escalationPolicy at at and
// returns the decision.
func offend(t *testing.T, e *Engine, ip string, at time.Duration) *Decision {
	t.Helper()
	observe(e, req{at: at, ip: ip})
	v := observe(e, req{at: at, ip: ip})
	if v.Decision == nil {
		t.Fatalf("%s at %v: no ban (banned=%v)", ip, at, v.Banned)
	}
	return v.Decision
}

func escalationPolicy() *rules.Policy {
	p := policy(rules.Throttle{ID: "flood", Limit: 1, Window: time.Minute, Weight: 10})
	p.Escalation = rules.Escalation{
		Threshold: 10, Window: time.Minute,
		BaseBan: 10 * time.Minute, Multiplier: 3, MaxBan: 2 * time.Hour,
		BlacklistAfter: 5, BlacklistBan: 7 * 24 * time.Hour,
		OffenceMemory: 30 * 24 * time.Hour,
	}
	return p
}

func TestEscalationAcrossOffences(t *testing.T) {
	t.Parallel()
	e := New(escalationPolicy(), Options{})
	const ip = "192.0.2.50"
	want := []time.Duration{10 * time.Minute, 30 * time.Minute, 90 * time.Minute, 2 * time.Hour, 7 * 24 * time.Hour, 7 * 24 * time.Hour}
	at := time.Duration(0)
	for i, w := range want {
		d := offend(t, e, ip, at)
		if d.Offence != i+1 || d.Duration != w {
			t.Fatalf("offence %d: got offence %d, %v; want %v", i+1, d.Offence, d.Duration, w)
		}
		// Requests during the ban are dropped; the first after it is judged.
		if v := observe(e, req{at: at + d.Duration - time.Second, ip: ip}); !v.Banned {
			t.Fatalf("offence %d: not banned a second before the end", i+1)
		}
		at += d.Duration
	}
}

func TestOffenceMemory(t *testing.T) {
	t.Parallel()
	p := escalationPolicy()
	p.Escalation.OffenceMemory = 24 * time.Hour
	e := New(p, Options{})
	const ip = "192.0.2.51"
	if d := offend(t, e, ip, 0); d.Offence != 1 {
		t.Fatalf("offence %d", d.Offence)
	}
	if d := offend(t, e, ip, 12*time.Hour); d.Offence != 2 {
		t.Fatalf("within memory: offence %d, want 2", d.Offence)
	}
	if d := offend(t, e, ip, 12*time.Hour+25*time.Hour); d.Offence != 1 {
		t.Fatalf("after a quiet spell longer than the memory: offence %d, want 1", d.Offence)
	}
}

// storeHistory is History as the daemon's store provides it: the offences
// recorded before this engine started.
type storeHistory struct {
	offences map[netip.Prefix]int
	calls    int
}

func (h *storeHistory) Offences(key netip.Prefix, now time.Time, memory time.Duration) int {
	h.calls++
	return h.offences[key]
}

func TestHistoryRaisesOffence(t *testing.T) {
	t.Parallel()
	h := &storeHistory{offences: map[netip.Prefix]int{netip.MustParsePrefix("192.0.2.60/32"): 2}}
	e := New(escalationPolicy(), Options{History: h})
	d := offend(t, e, "192.0.2.60", 0)
	if d.Offence != 3 || d.Duration != 90*time.Minute {
		t.Fatalf("with 2 offences in History: offence %d, %v; want 3, 1h30m", d.Offence, d.Duration)
	}
	// The next ban counts on from the engine's own record; History (which
	// by now holds the ban above too) is not added a second time.
	d = offend(t, e, "192.0.2.60", 2*time.Hour)
	if d.Offence != 4 || h.calls != 1 {
		t.Fatalf("second ban: offence %d (want 4), History asked %d times (want 1)", d.Offence, h.calls)
	}
	// A client History does not know starts at 1.
	if d := offend(t, e, "192.0.2.61", 0); d.Offence != 1 {
		t.Fatalf("unknown client: offence %d", d.Offence)
	}
}

func TestOffenceOutlivesClientState(t *testing.T) {
	t.Parallel()
	p := escalationPolicy()
	p.Limits.MaxClients = 100
	e := New(p, Options{})
	const ip = "192.0.2.70"
	offend(t, e, ip, 0)
	// Enough other clients to evict everything the engine tracked.
	for i := range 1000 {
		observe(e, req{at: 11 * time.Minute, ip: netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String()})
	}
	if st := e.Stats(); st.EvictedCap == 0 || st.Clients > 100 {
		t.Fatalf("stats %+v", st)
	}
	if d := offend(t, e, ip, 12*time.Minute); d.Offence != 2 {
		t.Fatalf("offence %d after eviction, want 2", d.Offence)
	}
}

func TestEscalationPointsWindow(t *testing.T) {
	t.Parallel()
	// Violations worth 4 points, threshold 10, window 10 minutes: the third
	// violation within the window bans; spread wider they never add up.
	p := policy(rules.Throttle{ID: "t", Limit: 1, Window: time.Second, Weight: 4})
	p.Escalation.Window = 10 * time.Minute
	viol := func(at time.Duration) []req { return burst("192.0.2.80", 2, at, 0, req{}) }
	var inside, spread []req
	for i := range 3 {
		inside = append(inside, viol(time.Duration(i)*4*time.Minute)...) // 0, 4, 8 min
		spread = append(spread, viol(time.Duration(i)*6*time.Minute)...) // 0, 6, 12 min
	}
	spread = append(spread, viol(18*time.Minute)...)
	if i, d := firstDecision(New(p, Options{}), inside); i != 5 || d.Points != 12 {
		t.Fatalf("inside the window: ban at %d (want 5), decision %+v", i, d)
	}
	if i, _ := firstDecision(New(p, Options{}), spread); i != -1 {
		t.Fatalf("spread over more than the window: ban at %d", i)
	}
}

func TestDecisionRulesMostPointsFirst(t *testing.T) {
	t.Parallel()
	p := policy(
		rules.Throttle{ID: "small", Limit: 1, Window: time.Minute, Weight: 2},
		rules.Throttle{ID: "big", Limit: 1, Window: time.Minute, Statuses: []int{404}, Weight: 3},
	)
	e := New(p, Options{})
	// Every second request violates both (limit 1, counting restarts after
	// a violation): 2+3 points at the 2nd request, 10 at the 4th, of which
	// big has 6 and small 4.
	i, d := firstDecision(e, burst("192.0.2.90", 10, 0, 0, req{status: 404}))
	if i != 3 || !slices.Equal(d.Rules, []string{"big", "small"}) || d.Points != 10 {
		t.Fatalf("ban at %d, decision %+v; want the 4th request, rules [big small], 10 points", i, d)
	}
}

func TestThrottleOwnBan(t *testing.T) {
	t.Parallel()
	p := policy(
		rules.Throttle{ID: "plain", Limit: 100, Window: time.Minute, Weight: 10},
		rules.Throttle{ID: "login", Limit: 1, Window: time.Minute, Weight: 10, Path: &rules.PathMatch{Prefix: "/login"}, Ban: 6 * time.Hour},
	)
	e := New(p, Options{})
	if i, d := firstDecision(e, burst("192.0.2.91", 3, 0, 0, req{path: "/login/x"})); i != 1 || d.Duration != 6*time.Hour {
		t.Fatalf("ban at %d, decision %+v; want the throttle's own 6h", i, d)
	}
}
