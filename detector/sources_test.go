package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// Throttles scoped to sources count only their sources' events, as
// fail2ban counts per jail: two auth_failure jails do not share a client's
// count, and an event of a third source counts for neither.
func TestThrottleSources(t *testing.T) {
	t.Parallel()
	ssh := rules.Throttle{ID: "f2b-sshd", Limit: 4, Window: 40 * time.Minute, Weight: 10, Event: parser.KindAuthFailure, Sources: []string{"sshd"}}
	web := rules.Throttle{ID: "f2b-web", Limit: 4, Window: 40 * time.Minute, Weight: 10, Event: parser.KindAuthFailure, Sources: []string{"nginx", "apache"}}
	e := New(policy(ssh, web), Options{})
	ip := netip.MustParseAddr("192.0.2.9")
	at := time.Duration(0)
	fail := func(src string) Verdict {
		at += time.Second
		return e.Observe(&parser.Event{Time: t0.Add(at), Client: ip, Peer: ip, Kind: parser.KindAuthFailure, Source: src})
	}
	// Four failures in each jail's sources and ten from an unscoped
	// source: no throttle reaches its fifth event.
	for range 4 {
		for _, src := range []string{"sshd", "nginx", "", "other"} {
			if v := fail(src); len(v.Hits) > 0 || v.Decision != nil {
				t.Fatalf("source %q: hits %v decision %v", src, v.Hits, v.Decision)
			}
		}
	}
	// The fifth failure of the web jail (its second source) bans, by that
	// jail's throttle alone.
	v := fail("apache")
	if v.Decision == nil {
		t.Fatalf("fifth web failure: no ban (hits %v)", v.Hits)
	}
	if got := v.Decision.Rules; len(got) != 1 || got[0] != "f2b-web" {
		t.Errorf("ban rules %v, want [f2b-web]", got)
	}
}

// A throttle without sources counts every source's events, as before.
func TestThrottleAllSources(t *testing.T) {
	t.Parallel()
	all := rules.Throttle{ID: "auth", Limit: 4, Window: 40 * time.Minute, Weight: 10, Event: parser.KindAuthFailure}
	e := New(policy(all), Options{})
	ip := netip.MustParseAddr("192.0.2.10")
	var v Verdict
	for i, src := range []string{"a", "b", "", "c", "d"} {
		v = e.Observe(&parser.Event{Time: t0.Add(time.Duration(i) * time.Second), Client: ip, Peer: ip, Kind: parser.KindAuthFailure, Source: src})
	}
	if v.Decision == nil {
		t.Fatalf("fifth failure over five sources: no ban (hits %v)", v.Hits)
	}
}
