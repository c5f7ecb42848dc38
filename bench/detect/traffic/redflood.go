package traffic

import (
	"fmt"
	"net/netip"
)

// RedFloods are the flood evasions and the flood look-alike the reviews of
// the sixth session found (review helper-96 R2 and R4, review F D1), as
// shapes of the red grid: attackers at 10-90 requests/s that the units,
// the request count and the stray assets let through or catch late, and
// an office the flood model banned. Zero: nothing drawn.
type RedFloods struct {
	// Attackers.
	NoRef int // a replay of browsing (pages and their assets) at 10-15/s with no Referer at all (R2)
	Pages int // the site's pages only at 10-15/s, one browser user agent, half of them with the site's Referers
	Tabs  int // one address and user agent faking four open pages: pages and assets whose Referers are the four, 30-90/s (D1)
	Refs8 int // the site's pages only at 10-15/s, one browser user agent, each Referer one of its last 8 pages (review of 41f49b6)

	// Benign.
	OfficePoll int // an office NAT on one browser build browsing, its open tabs polling two GET APIs at 7-10/s together (R4)
}

// Kinds of the red flood shapes.
const (
	KindFloodNoRef  = "flood-noref"
	KindFloodPages  = "flood-pages"
	KindFloodTabs   = "flood-tabs"
	KindFloodRefs8  = "flood-refs8"
	KindOfficePoll  = "office-poller"
	officePollPage1 = "/api/v1/notifications/unread"
	officePollPage2 = "/api/v1/messages/unread"
)

// RedFloodKinds are the red flood shapes' attacker kinds, in table order.
var RedFloodKinds = []string{KindFloodNoRef, KindFloodPages, KindFloodTabs, KindFloodRefs8}

func (g *gen) redFloods(r RedFloods) {
	for range r.OfficePoll {
		g.officePoller()
	}
	for range r.NoRef {
		g.floodNoRef()
	}
	for range r.Pages {
		g.floodPages()
	}
	for range r.Tabs {
		g.floodTabs()
	}
	for range r.Refs8 {
		g.floodRefs8()
	}
}

// floodRefs8: floodPages with every Referer one of the flood's last eight
// pages drawn at random, not the page just before: the chained cost
// (detector/flood.go, floodChained) first charged only a Referer naming
// the request just before, and this flood paid a unit a page (review of
// 41f49b6: never banned at 12-15/s).
func (g *gen) floodRefs8() {
	c, addr, ua, rate, start, dur, shed := g.pageFlood(KindFloodRefs8)
	g.note(c, fmt.Sprintf("pages only at %.0f/s for %.0f s from %s, Referer one of the last 8, %.0f %% answered 503", rate, dur, addr, 100*shed))
	var last [8]string
	n := 0
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		p, ref := g.site.page(g.rng), ""
		if n > 0 {
			ref = "https://shop.example" + last[g.rng.IntN(min(n, len(last)))]
		}
		g.overload(t)
		g.emit(c, addr, t, "GET", p, g.shed503(shed), ref, ua)
		copy(last[1:], last[:len(last)-1])
		last[0], n = p, n+1
	}
}

// floodWindow draws a flood's start and length (15-75 s), as flood does.
func (g *gen) floodWindow() (start, dur float64) {
	return g.rng.Float64() * (g.dur - 80), 15 + g.rng.Float64()*60
}

// shed503 is a status the server answers a flood's request with: 503 with
// chance shed.
func (g *gen) shed503(shed float64) int {
	if g.rng.Float64() < shed {
		return 503
	}
	return 200
}

// floodNoRef: a replay of browsing (a page, then its assets, pages drawn
// from the site) at 10-15/s that sends no Referer on anything: stray
// assets need a Referer, so only the units and the request count see it
// (review helper-96 R2).
func (g *gen) floodNoRef() {
	c := g.client(KindFloodNoRef, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, append(toolUAs, browserUAs...))
	rate := 10 + g.rng.Float64()*5
	start, dur := g.floodWindow()
	shed := 0.02 + g.rng.Float64()*0.25
	g.note(c, fmt.Sprintf("Referer-less replay at %.0f/s for %.0f s from %s, %s, %.0f %% answered 503", rate, dur, addr, ua, 100*shed))
	var queue []string
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		if len(queue) == 0 {
			page := g.site.page(g.rng)
			queue = append([]string{page}, g.site.assets(g.rng, page, g.rng.IntN(3) == 0)...)
		}
		path := queue[0]
		queue = queue[1:]
		g.overload(t)
		g.emit(c, addr, t, "GET", path, g.shed503(shed), "", ua)
	}
}

// pageFlood draws a page flood of kind: its client, address, browser user
// agent, rate (10-15/s), window and share answered 503.
func (g *gen) pageFlood(kind string) (c int32, addr netip.Addr, ua string, rate, start, dur, shed float64) {
	c = g.client(kind, true)
	addr = g.attackerAddr()
	ua = pick(g.rng, browserUAs)
	rate = 10 + g.rng.Float64()*5
	start, dur = g.floodWindow()
	shed = 0.02 + g.rng.Float64()*0.25
	return
}

// floodPages: the site's pages only, no assets, at 10-15/s from one
// browser user agent; half of these floods chain the site's Referers as
// a person clicking on would (the previous page), half send none; the
// server sheds some with 503. Under floor at 1-1.5 units a request.
func (g *gen) floodPages() {
	c, addr, ua, rate, start, dur, shed := g.pageFlood(KindFloodPages)
	refs := g.rng.IntN(2) == 0
	g.note(c, fmt.Sprintf("pages only at %.0f/s for %.0f s from %s, Referers %v, %.0f %% answered 503", rate, dur, addr, refs, 100*shed))
	prev := ""
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		p := g.site.page(g.rng)
		g.overload(t)
		g.emit(c, addr, t, "GET", p, g.shed503(shed), prev, ua)
		if refs {
			prev = "https://shop.example" + p
		}
	}
}

// floodTabs: one address and one browser user agent that keeps four
// pages "open": it fetches a page now and then (10-50 % of its requests),
// which replaces the oldest of the four, and otherwise assets whose
// Referer is one of the four, drawn at random, at 30-90/s. Its assets
// switch between pages as an office of many people's do (review F D1).
func (g *gen) floodTabs() {
	c := g.client(KindFloodTabs, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, browserUAs)
	rate := 30 + g.rng.Float64()*60
	pageShare := 0.1 + g.rng.Float64()*0.4
	start, dur := g.floodWindow()
	shed := 0.02 + g.rng.Float64()*0.2
	g.note(c, fmt.Sprintf("four fake open pages at %.0f/s for %.0f s from %s, %.0f %% pages, %.0f %% answered 503", rate, dur, addr, 100*pageShare, 100*shed))
	var open [4]string
	for i := range open {
		open[i] = g.site.page(g.rng)
	}
	next := 0
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		g.overload(t)
		if g.rng.Float64() < pageShare {
			p := g.site.page(g.rng)
			g.emit(c, addr, t, "GET", p, g.shed503(shed), "https://shop.example"+open[(next+3)%4], ua)
			open[next] = p
			next = (next + 1) % 4
			continue
		}
		page := open[g.rng.IntN(4)]
		as := g.site.assets(g.rng, page, true)
		g.emit(c, addr, t, "GET", pick(g.rng, as), 200, "https://shop.example"+page, ua)
	}
}

// officePoller: an office of 100-500 people on one managed browser build
// behind one address, browsing as the NATs do, whose people keep the
// site's web app open: every open tab polls two GET endpoints (its page
// as Referer), 7-10 polls a second from the address together, all day.
// Benign: many people, one user agent, two paths repeated all the time
// (review helper-96 R4: banned for flood-rate by the repeat cost).
func (g *gen) officePoller() {
	c := g.client(KindOfficePoll, false)
	addr := g.benignAddr()
	ua := pick(g.rng, browserUAs)
	users := 100 + g.rng.IntN(401)
	rate := 7 + g.rng.Float64()*3
	g.note(c, fmt.Sprintf("%d people on one browser build at %s, polling 2 GET APIs at %.1f/s", users, addr, rate))
	for range users {
		cold := true
		for t := expo(g.rng, 2100); t < g.dur; t += expo(g.rng, 2100) {
			g.session(c, addr, t, ua, cold)
			cold = false
		}
	}
	g.officePolls(c, addr, ua, rate)
}

// officePolls are the open tabs' polls: two endpoints alternating at
// rate a second in all, each with the app's page as Referer, answered 200
// (no 304s: no cache evidence to lean on).
func (g *gen) officePolls(c int32, addr netip.Addr, ua string, rate float64) {
	apps := []string{"https://shop.example/app/inbox", "https://shop.example/app/dashboard", "https://shop.example/app/orders"}
	for t := g.rng.Float64(); t < g.dur; t += expo(g.rng, 1/rate) {
		p := officePollPage1
		if g.rng.IntN(2) == 0 {
			p = officePollPage2
		}
		g.emit(c, addr, t, "GET", p, 200, pick(g.rng, apps), ua)
	}
}
