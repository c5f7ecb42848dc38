package detector

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func TestForget(t *testing.T) {
	t.Parallel()
	p := escalationPolicy()
	p.Traps = []rules.PathMatch{{Exact: "/trap"}}
	e := New(p, Options{})
	for _, ip := range []string{"192.0.2.1", "192.0.2.2", "198.51.100.1", "2001:db8:1:2::1"} {
		if v := observe(e, req{ip: ip, path: "/trap"}); v.Decision == nil {
			t.Fatalf("%s: no ban", ip)
		}
	}
	observe(e, req{ip: "192.0.2.3"}) // tracked, never banned
	tests := []struct {
		prefix   string
		removed  int
		unbanned []string
		banned   []string
	}{
		{"192.0.2.1/32", 1, []string{"192.0.2.1"}, []string{"192.0.2.2", "198.51.100.1"}},
		{"::ffff:192.0.2.0/120", 1, []string{"192.0.2.2"}, []string{"198.51.100.1"}}, // mapped form of 192.0.2.0/24
		{"2001:db8:1:2::99/128", 1, []string{"2001:db8:1:2::5"}, []string{"198.51.100.1"}},
		{"10.0.0.0/8", 0, nil, []string{"198.51.100.1"}},
	}
	for _, tt := range tests {
		if n := e.Forget(netip.MustParsePrefix(tt.prefix)); n != tt.removed {
			t.Fatalf("Forget(%s) removed %d bans, want %d", tt.prefix, n, tt.removed)
		}
		for _, ip := range tt.unbanned {
			if v := observe(e, req{at: time.Second, ip: ip}); v.Banned {
				t.Fatalf("after Forget(%s): %s still banned", tt.prefix, ip)
			}
		}
		for _, ip := range tt.banned {
			if v := observe(e, req{at: time.Second, ip: ip}); !v.Banned {
				t.Fatalf("after Forget(%s): %s not banned", tt.prefix, ip)
			}
		}
	}
	// Offence history went too: the next ban is a first offence again.
	if d := offend(t, e, "192.0.2.1", 2*time.Second); d.Offence != 1 {
		t.Fatalf("after Forget: offence %d, want 1", d.Offence)
	}
	if e.Forget(netip.Prefix{}) != 0 {
		t.Fatal("invalid prefix removed something")
	}
}

func TestSetPolicyKeepsState(t *testing.T) {
	t.Parallel()
	old := policy(
		rules.Throttle{ID: "rate", Limit: 10, Window: time.Minute, Weight: 10},
		rules.Throttle{ID: "crawl", Limit: 5, Window: time.Minute, Distinct: true, Weight: 10},
	)
	e := New(old, Options{})
	const ip = "192.0.2.30"
	for i := range 9 { // 9 of 10 requests, 4 of 5 new paths
		observe(e, req{ip: ip, path: []string{"/a", "/b", "/c", "/d"}[i%4]})
	}
	observe(e, req{ip: "2001:db8::1"})
	// The new policy puts a throttle in front, keeps "rate" and "crawl",
	// changes the IPv6 grouping and halves the weight of rate.
	np := policy(
		rules.Throttle{ID: "new", Limit: 1000, Window: time.Minute, Weight: 1},
		rules.Throttle{ID: "crawl", Limit: 5, Window: time.Minute, Distinct: true, Weight: 10},
		rules.Throttle{ID: "rate", Limit: 10, Window: time.Minute, Weight: 10},
	)
	np.IPv6Prefix = 48
	e.SetPolicy(np)
	if st := e.Stats(); st.Clients != 1 {
		t.Fatalf("%d clients after changing the IPv6 grouping, want the IPv4 one", st.Clients)
	}
	if v := observe(e, req{ip: ip, path: "/e"}); len(v.Hits) != 0 { // 10th request, 5th path
		t.Fatalf("10th request: %+v", v)
	}
	v := observe(e, req{ip: ip, path: "/f"}) // 11th request, 6th path
	if v.Decision == nil || !slices.Equal(v.Decision.Rules, []string{"crawl", "rate"}) {
		t.Fatalf("11th request: %+v, want both carried-over throttles to fire", v)
	}
	if v := observe(e, req{ip: "2001:db8:0:ffff::1"}); v.Key != netip.MustParsePrefix("2001:db8::/48") {
		t.Fatalf("IPv6 key %v, want /48", v.Key)
	}
}

func TestSetPolicyShrinksCap(t *testing.T) {
	t.Parallel()
	p := policy()
	e := New(p, Options{})
	for i := range 500 {
		observe(e, req{ip: netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String()})
	}
	np := policy()
	np.Limits.MaxClients = 100
	e.SetPolicy(np)
	if st := e.Stats(); st.Clients != 100 || st.EvictedCap != 400 {
		t.Fatalf("stats %+v", st)
	}
}
