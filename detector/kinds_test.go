package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// Events of error and application logs are counted by the throttles of
// their kind only, never by request throttles, traps or patterns; their
// points and bans are the client's, shared with its requests.
func TestEventKinds(t *testing.T) {
	t.Parallel()
	authFail := rules.Throttle{ID: "auth", Limit: 4, Window: 10 * time.Minute, Weight: 10, Event: parser.KindAuthFailure}
	reqs := rules.Throttle{ID: "reqs", Limit: 2, Window: time.Minute, Weight: 5}
	pol := policy(authFail, reqs)
	pol.Traps = []rules.PathMatch{{Prefix: "/.env"}}
	e := New(pol, Options{})
	ip := netip.MustParseAddr("192.0.2.7")
	ev := func(at time.Duration, k parser.Kind, path string) *parser.Event {
		return &parser.Event{Time: t0.Add(at), Client: ip, Peer: ip, Kind: k, Path: []byte(path)}
	}
	// Four failures pass (requests = 4), and they are not requests: the
	// request throttle (2 per minute) and the trap see none of them.
	for i := range 4 {
		v := e.Observe(ev(time.Duration(i)*time.Second, parser.KindAuthFailure, "/.env"))
		if v.Decision != nil || len(v.Hits) > 0 {
			t.Fatalf("failure %d: hits %v decision %v", i+1, v.Hits, v.Decision)
		}
	}
	// Rate-limit events count nowhere here (no throttle has that kind).
	for i := range 10 {
		if v := e.Observe(ev(5*time.Second, parser.KindRateLimited, "")); len(v.Hits) > 0 {
			t.Fatalf("rate_limited %d hit %v", i, v.Hits)
		}
	}
	// A request violating the request throttle: 5 points, watch.
	for i := range 3 {
		e.Observe(ev(6*time.Second+time.Duration(i), parser.KindRequest, "/"))
	}
	// The fifth failure violates: 10 points more, ban, with both rules.
	v := e.Observe(ev(7*time.Second, parser.KindAuthFailure, ""))
	if v.Decision == nil {
		t.Fatalf("fifth failure: no ban (hits %v)", v.Hits)
	}
	if got := v.Decision.Rules; len(got) != 2 || got[0] != "auth" || got[1] != "reqs" {
		t.Errorf("ban rules %v, want [auth reqs]", got)
	}
	// The ban covers the client's requests too.
	if v := e.Observe(ev(8*time.Second, parser.KindRequest, "/")); !v.Banned {
		t.Errorf("request after the ban: not banned")
	}
}
