package detector

import (
	"github.com/guardctl/guardctl/parser"
)

// RuleUARotation is the rule id of the user-agent rotation model: one
// address asking for one page again and again with a new query string and
// a new user agent on (nearly) every request.
//
// It is the cache-busting flood of a botnet (attacks5
// cache-busting-botnet-flood: 100 addresses in 100 /24s, GET
// /?<rand>=<rand> about 3 times a second each for 2.5 minutes, the user
// agent drawn anew for every request, 499/502/503 answers). Each address
// stays far under the flood model's floor (about 11 units/s of 20) and no
// two share a /24, so neither flood-rate nor flood-prefix can see it.
//
// What no user produces: a browser keeps its user agent for a whole page
// load (page, then its assets), so behind a NAT or a CGNAT a change of user
// agent between two requests is a change of person, and two people rarely
// ask for the same page with a different query one after the other, let
// alone every second for a minute. A rotation request is counted when all
// of these hold:
//
//   - a GET of a page (not a static file, an image route or a registry
//     blob), with a query string;
//   - its user agent is not the one of the client's request before it;
//   - its path makes rotationDominant or more of the client's last 8
//     paths (the flood model's rings): one page hammered, not browsing;
//   - no Referer, or a Referer whose path is the requested path itself
//     (a search engine's "/" or the page reloading itself): a page's own
//     script polling an endpoint sends its page as the Referer, and a
//     waiting room's crowd behind a mobile CGNAT (benign5
//     ticket-onsale-waiting-room: ~12 polls/s from 3 user agents, each a
//     new qt= query) is exactly that.
//
// More than rotationLimit of them within rotationWindow (a leaky bucket,
// as a throttle's) is a violation worth the flood model's weight. Measured
// on every realistic set (findings, benign2-5, attacks-attacks5) and
// testdata/logs: a never-banned client shows at most 3 in any minute (an
// Apollo persisted-query CGNAT of 50 app users, a podcast release, an exam
// start behind a campus NAT); every bot of the cache-busting flood shows
// 146-203 in its busiest minute (83-92 in 30 s), HULK
// 172-188 (testdata flood-ua-rotation).
//
// The hole this leaves: a cache-buster that sends a Referer naming another
// page of the site, or keeps one user agent per address, is not counted
// here (the flood model's repeat cost still is). Sending one user agent
// per address gives up the rotation that spreads a botnet's requests over
// many browser profiles at a CDN; a forged same-site Referer on every
// request is not ruled out.
//
// It rides on the flood model's rings (the previous user agent and the
// last 8 paths), read before that model updates them, so it is off when
// the policy has no [flood]. State: one int64 slot (the bucket), zero for
// a client that never rotated, so a client seen once still packs
// (compact.go). Event time only.
const RuleUARotation = "ua-rotation"

const (
	// rotationLimit and rotationWindow: the bucket. 30 a minute is 10x
	// the most any never-banned client showed, and 1/5 of the slowest
	// bot's busiest minute: a bot at 2.5 rotations/s fills it in ~15 s.
	rotationLimit  = 30
	rotationWindow = int64(60e9)
	// rotationDominant: the path is at least 6 of the client's last 8,
	// as the flood model's floodDominant.
	rotationDominant = floodDominant
)

// rotationState is where the model keeps its slot: an offset into the
// client's stride, after compile's slots; -1 when off.
type rotationState struct {
	slot int
	t    int64 // the bucket's emission interval
}

// compileRotation appends the model's slot to c's stride when the policy
// has a flood model.
func compileRotation(c *compiled) rotationState {
	if c.flood == nil {
		return rotationState{slot: -1}
	}
	r := rotationState{slot: c.stride, t: emission(rotationLimit, rotationWindow)}
	c.stride++
	return r
}

// rotation counts client i's request (slots st, the flood slots not yet
// updated for it) and reports a violation.
//
// rotationPage (below) is the shape test describe_abuse.go shares.
func (e *Engine) rotation(st []int64, te int64, ev *parser.Event) bool {
	if len(ev.Query) == 0 || string(ev.Method) != "GET" {
		return false
	}
	f := st[e.c.floodSlot:][:floodSlots]
	prev := uint16(f[floodUA])
	if prev == 0 || prev == uaFP(ev.UA) {
		return false
	}
	if !rotationPage(ev) {
		return false
	}
	pfp := fp16(ev.Path)
	if len(ev.Referer) > 0 && refererFP(ev.Referer) != pfp {
		return false
	}
	const lo = 0x0001000100010001
	p := uint64(pfp) * lo
	if zeroLanes(uint64(f[floodRecent])^p)+zeroLanes(uint64(f[floodOlder])^p) < rotationDominant {
		return false
	}
	return gcra(&st[e.rot.slot], te, e.rot.t, rotationWindow)
}

// rotationPage reports whether ev is a page the model may count: not a
// static file, an image route or a registry blob. rotation checks the
// cheaper user-agent test first, so the query and method are not tested
// here.
func rotationPage(ev *parser.Event) bool {
	return !staticFile(ev.Path) && !contentAddressed(ev.Path) && !imageRoute(ev.Path)
}
