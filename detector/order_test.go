package detector

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

func TestAllowWinsOverDenyTrapsThrottles(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 1, Window: time.Minute, Weight: 10})
	p.Allow = prefixes(t, "10.0.0.0/8", "2001:db8:aa::/48")
	p.Deny = prefixes(t, "10.1.2.3/32", "2001:db8:aa::/64")
	p.Traps = []rules.PathMatch{{Exact: "/trap"}}
	e := New(p, Options{})
	for _, ip := range []string{"10.1.2.3", "::ffff:10.1.2.3", "2001:db8:aa::1"} {
		for i := range 5 {
			v := observe(e, req{at: time.Duration(i), ip: ip, path: "/trap"})
			if !v.Allowed || v.Banned || v.Decision != nil || len(v.Hits) > 0 {
				t.Fatalf("%s: verdict %+v, want only Allowed", ip, v)
			}
		}
	}
	if st := e.Stats(); st.Allowed != 15 || st.Clients != 0 || st.Decisions != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestAllowWinsOverPatterns(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Patterns = userMatcher(t, evilPattern("evil", 10))
	p.Allow = prefixes(t, "192.0.2.1/32")
	e := New(p, Options{})
	if v := observe(e, req{ip: "192.0.2.1", path: "/evil"}); !v.Allowed || v.Decision != nil || len(v.Hits) > 0 {
		t.Fatalf("allowed client: %+v", v)
	}
	// The same request from anyone else bans: the pattern does match.
	if v := observe(e, req{ip: "192.0.2.2", path: "/evil"}); v.Decision == nil || !slices.Equal(v.Decision.Rules, []string{"evil"}) {
		t.Fatalf("other client: %+v", v)
	}
}

func TestPatternPoints(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Patterns = userMatcher(t,
		evilPattern("evil-a", 4),
		evilPattern("evil-b", 6),
		evilPattern("evil-c", 6), // same category, same weight: counted once
	)
	e := New(p, Options{})
	v := observe(e, req{ip: "192.0.2.3", path: "/evil"})
	var got []int
	for _, h := range v.Hits {
		got = append(got, h.Points)
	}
	if v.Decision != nil || !slices.Equal(got, []int{0, 6, 0}) {
		t.Fatalf("verdict %+v: points %v, want [0 6 0] (one category counts its highest weight once)", v, got)
	}
	if v := observe(e, req{ip: "192.0.2.3", path: "/evil"}); v.Decision == nil || v.Decision.Points != 12 {
		t.Fatalf("second request: %+v, want a ban on 12 points", v)
	}
}

func TestDenyBansOnFirstSight(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Deny = prefixes(t, "203.0.113.0/24", "2001:db8:bad::/48")
	p.DenyBan = 24 * time.Hour
	e := New(p, Options{})
	for _, ip := range []string{"203.0.113.9", "2001:db8:bad:1::5"} {
		v := observe(e, req{ip: ip})
		if v.Decision == nil || v.Decision.Duration != 24*time.Hour || !slices.Equal(v.Decision.Rules, []string{RuleDeny}) {
			t.Fatalf("%s: verdict %+v", ip, v)
		}
		if v := observe(e, req{at: time.Hour, ip: ip}); !v.Banned || v.Decision != nil {
			t.Fatalf("%s an hour later: %+v, want Banned", ip, v)
		}
	}
	if v := observe(e, req{ip: "203.0.114.1"}); v.Decision != nil || v.Banned {
		t.Fatalf("outside the deny list: %+v", v)
	}
}

func TestTrapBansOnce(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Traps = []rules.PathMatch{
		{Exact: "/wp-login.php"},
		{Prefix: "/.git/"},
		{Regex: regexp.MustCompile(`^/admin/.*\.bak$`)},
	}
	p.TrapBan = 48 * time.Hour
	tests := []struct {
		path, rule string
	}{
		{"/wp-login.php", "trap:/wp-login.php"},
		{"/wp-login%2ephp", "trap:/wp-login.php"},
		{"/.git/config", "trap:/.git/*"},
		{"/admin/db.bak", "trap:~^/admin/.*\\.bak$"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e := New(p, Options{})
			observe(e, req{ip: "198.51.100.99", path: "/"})
			v := observe(e, req{at: time.Second, ip: "198.51.100.99", path: tt.path})
			if v.Decision == nil || v.Decision.Duration != 48*time.Hour || !slices.Equal(v.Decision.Rules, []string{tt.rule}) {
				t.Fatalf("verdict %+v", v)
			}
			for i := range 3 {
				v := observe(e, req{at: time.Minute * time.Duration(i+1), ip: "198.51.100.99", path: tt.path})
				if !v.Banned || v.Decision != nil {
					t.Fatalf("repeat %d: %+v, want Banned and no new decision", i, v)
				}
			}
			if st := e.Stats(); st.Decisions != 1 || st.BannedEvents != 3 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
	e := New(p, Options{})
	for _, path := range []string{"/", "/wp-login.php.html", "/git/config", "/admin/db.bak.txt"} {
		if v := observe(e, req{ip: "198.51.100.98", path: path}); v.Decision != nil {
			t.Fatalf("%s: banned by %v", path, v.Decision.Rules)
		}
	}
}

func TestBannedUntilExpiry(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 3, Window: time.Minute, Weight: 10})
	e := New(p, Options{})
	const ip = "192.0.2.100"
	i, d := firstDecision(e, burst(ip, 4, 0, 0, req{}))
	if i != 3 || d.Duration != 10*time.Minute {
		t.Fatalf("ban at %d: %+v", i, d)
	}
	banned := 0
	for s := time.Duration(0); s < 10*time.Minute; s += 10 * time.Second {
		if observe(e, req{at: s, ip: ip}).Banned {
			banned++
		}
	}
	if banned != 60 || e.Stats().BannedEvents != 60 {
		t.Fatalf("%d of 60 requests during the ban counted Banned (stats %d)", banned, e.Stats().BannedEvents)
	}
	// At the end the client is judged afresh: the ban cleared its window,
	// so 3 more pass and the 4th bans again, now as a second offence.
	i, d = firstDecision(e, burst(ip, 4, 10*time.Minute, 0, req{}))
	if i != 3 || d.Offence != 2 || d.Duration != 20*time.Minute {
		t.Fatalf("after expiry: ban at %d: %+v", i, d)
	}
	if bs := e.Bans(t0.Add(10 * time.Minute)); len(bs) != 1 || bs[0].Offence != 2 || !bs[0].Until().Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("Bans = %+v", bs)
	}
	if bs := e.Bans(t0.Add(30 * time.Minute)); len(bs) != 0 {
		t.Fatalf("Bans after the end = %+v", bs)
	}
}

func TestPassiveStillDecides(t *testing.T) {
	t.Parallel()
	for _, mode := range []rules.Mode{rules.Enforce, rules.Passive} {
		p := policy(rules.Throttle{ID: "flood", Limit: 3, Window: time.Minute, Weight: 10})
		p.Mode = mode
		e := New(p, Options{})
		i, d := firstDecision(e, burst("192.0.2.110", 4, 0, 0, req{}))
		if i != 3 || d.Passive != (mode == rules.Passive) {
			t.Fatalf("%s: ban at %d, decision %+v", mode, i, d)
		}
		// Still reported as what the kernel would have dropped.
		if v := observe(e, req{ip: "192.0.2.110"}); !v.Banned {
			t.Fatalf("%s: later request not Banned", mode)
		}
	}
}

func TestInvalidClient(t *testing.T) {
	t.Parallel()
	e := New(policy(), Options{})
	v := e.Observe(&parser.Event{Time: t0})
	if v.Key.IsValid() || v.Decision != nil || e.Stats().Invalid != 1 {
		t.Fatalf("verdict %+v stats %+v", v, e.Stats())
	}
}
