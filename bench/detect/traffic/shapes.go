package traffic

import (
	"fmt"
	"net/netip"
	"strings"
)

// Shapes are traffic the first grid does not hold, written by someone who
// did not tune the policy (the red-team pass of issue 8): benign clients
// whose rate, repetition or refusals look like an attack, and attackers
// that stay under the shapes the policy was tuned to. A Variant with all
// of them zero generates what it did before (no random number is drawn).
type Shapes struct {
	Logins RedLogins // the sixth session's login evasion and look-alikes (redlogin.go)

	// Benign.
	Gallery   int // browsers on a site whose images come from one optimiser route (/_next/image?url=...)
	SPA       int // single-page apps firing 3-20 POST /graphql per view
	Pollers   int // apps polling two endpoints every 1-2 s for the whole log
	CDN       int // an untrusted CDN edge or reverse proxy: many people's cache misses from one address
	Stale     int // crawlers following a stale sitemap: 15-35 % of pages 404, slugs at the top level
	MonMulti  int // a monitoring service checking ten endpoints every 10 s from one address
	BasicAuth int // people on a basic-auth area: a 401 before the password, a mistype now and then
	Feeds     int // feed readers and aggregators polling /feed.xml, 304 mostly

	// Attackers.
	BFSlowMix  int // one guess every 10-30 s at wp-login, xmlrpc, /api/login, /oauth/token, Drupal, Joomla
	BasicBF    int // hydra http-get: GET with credentials answered 401, 0.3-2/s
	Token400   int // token brute force answered 400 invalid_grant (RFC 6749), ~1/s
	HULK       int // HULK: one path, random query, a random browser UA and referer every request, 40/s
	FloodWeb   int // 25-40/s, mixed pages with a browser UA and referers, 503s, no assets
	Worms      int // IIS worms: CodeRed, Nimda's 16-request walk, nsiislog, fp30reg, WebDAV SEARCH
	EncProbe   int // one request for a secret with an encoded or doubled spelling
	SPAScanner int // a wordlist against a site that answers 200 to every path

	Stuff24   int     // credential-stuffing campaigns, each from 40-120 addresses of one /24, 1-3 guesses per address
	StuffForm bool    // each stuffing guess after a fetch of the login form (review rr-E's variant)
	HULKRate  float64 // requests per second of each HULK flood (0: 40)

	Floods RedFloods // the sixth session's flood evasions and look-alike (redflood.go)
}

// Kinds of the shapes.
const (
	KindGallery   = "gallery"
	KindSPA       = "spa"
	KindPoller    = "poller"
	KindCDN       = "cdn-edge"
	KindStale     = "stale-crawler"
	KindMonMulti  = "monitor-multi"
	KindBasicAuth = "basic-auth-user"
	KindFeeds     = "feed-reader"

	KindBFSlowMix  = "bf-slow-mix"
	KindBasicBF    = "bf-basic"
	KindToken400   = "bf-token-400"
	KindHULK       = "hulk"
	KindFloodWeb   = "flood-web"
	KindWorm       = "iis-worm"
	KindEncProbe   = "enc-probe"
	KindSPAScanner = "spa-scanner"
	KindStuff24    = "stuffing-24"
)

// ShapeKinds are the shapes' attacker kinds, in table order.
var ShapeKinds = []string{KindBFSlowMix, KindBasicBF, KindToken400, KindHULK, KindFloodWeb, KindWorm, KindEncProbe, KindSPAScanner, KindStuff24,
	KindFloodNoRef, KindFloodPages, KindFloodTabs, KindFloodRefs8}

// ShapeBenignKinds are the shapes' benign kinds, in table order.
var ShapeBenignKinds = []string{KindGallery, KindSPA, KindPoller, KindCDN, KindStale, KindMonMulti, KindBasicAuth, KindFeeds, KindOfficePoll}

// note says what a client of a shape was (its rate, its target), for -v.
func (g *gen) note(c int32, s string) { g.log.Clients[c].Note = s }

func (g *gen) shapes(s Shapes) {
	g.redLogins(s.Logins)
	for range s.Gallery {
		g.gallery()
	}
	for range s.SPA {
		g.spa()
	}
	for range s.Pollers {
		g.poller()
	}
	for range s.CDN {
		g.cdn()
	}
	for range s.Stale {
		g.staleCrawler()
	}
	for range s.MonMulti {
		g.monMulti()
	}
	for range s.BasicAuth {
		g.basicAuthUser()
	}
	for range s.Feeds {
		g.feedReader()
	}
	for range s.BFSlowMix {
		g.bfSlowMix()
	}
	for range s.BasicBF {
		g.basicBF()
	}
	for range s.Token400 {
		g.token400()
	}
	for range s.HULK {
		g.hulk()
	}
	for range s.FloodWeb {
		g.floodWeb()
	}
	for range s.Worms {
		g.worm()
	}
	for range s.EncProbe {
		g.encProbe()
	}
	for range s.SPAScanner {
		g.spaScanner()
	}
	for range s.Stuff24 {
		g.stuff24(s.StuffForm)
	}
	g.redFloods(s.Floods)
}

// gallery: a person on a Next.js-style shop or photo site: every page
// pulls 30-80 images through one optimiser route (the path repeats, the
// query differs), clicking on after 2-15 s, 5-30 pages.
func (g *gen) gallery() {
	c := g.client(KindGallery, false)
	addr := g.benignAddr()
	ua := pick(g.rng, browserUAs)
	t := g.rng.Float64() * g.dur
	ref := "https://www.google.com/"
	n := 5 + g.rng.IntN(25)
	for p := 0; p < n && t < g.dur; p++ {
		page := g.site.page(g.rng)
		g.emit(c, addr, t, "GET", page, 200, ref, ua)
		url := "https://shop.example" + page
		for i := range 4 {
			g.emit(c, addr, t+0.05+float64(i)*0.01, "GET", fmt.Sprintf("/_next/static/chunks/%d-%x.js", i, g.rng.Uint32()), 200, url, ua)
		}
		for i := range 30 + g.rng.IntN(50) {
			img := fmt.Sprintf("/_next/image?url=%%2Fmedia%%2F%d.jpg&w=%d&q=75", g.rng.IntN(90000), pick(g.rng, []int{384, 640, 750, 1080}))
			g.emit(c, addr, t+0.1+float64(i)*0.015+g.rng.Float64()*0.5, "GET", img, 200, url, ua)
		}
		data := strings.Trim(strings.SplitN(page, "?", 2)[0], "/")
		if data == "" {
			data = "index"
		}
		g.emit(c, addr, t+0.4, "GET", "/_next/data/build/"+data+".json", 200, url, ua)
		ref = url
		t += 2 + expo(g.rng, 8)
	}
}

// spa: a single-page app: a shell, then per view 3-20 GraphQL queries
// (one path, POST; or WordPress plugins' admin-ajax.php calls) and a few
// images; views every 2-10 s.
func (g *gen) spa() {
	c := g.client(KindSPA, false)
	addr := g.benignAddr()
	ua := pick(g.rng, browserUAs)
	ep := pick(g.rng, []string{"/graphql", "/graphql", "/api/graphql", "/wp-admin/admin-ajax.php"})
	t := g.rng.Float64() * g.dur
	g.emit(c, addr, t, "GET", "/app/", 200, "", ua)
	for i, a := range g.site.common {
		g.emit(c, addr, t+0.05+float64(i)*0.01, "GET", a, 200, "https://shop.example/app/", ua)
	}
	n := 10 + g.rng.IntN(60)
	for v := 0; v < n && t < g.dur; v++ {
		t += 2 + expo(g.rng, 6)
		for i := range 3 + g.rng.IntN(18) {
			g.emit(c, addr, t+float64(i)*0.03+g.rng.Float64()*0.3, "POST", ep, 200, "https://shop.example/app/", ua)
		}
		for i := range g.rng.IntN(10) {
			g.emit(c, addr, t+0.3+float64(i)*0.02, "GET", fmt.Sprintf("/media/%d/%d.webp", g.rng.IntN(997), g.rng.IntN(400)), 200, "https://shop.example/app/", ua)
		}
	}
}

// poller: a dashboard or mobile app left open: two endpoints every 1-2 s
// for the whole log, no referer, a token refresh every 15 minutes (after
// a refused poll or two).
func (g *gen) poller() {
	c := g.client(KindPoller, false)
	addr := g.benignAddr()
	ua := pick(g.rng, []string{"ShopApp/5.2.1 (iPhone; iOS 18.1)", "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8)", browserUAs[0]})
	every := 1 + g.rng.Float64()
	next := g.rng.Float64() * 900
	for t := g.rng.Float64() * every; t < g.dur; t += every * (0.9 + 0.2*g.rng.Float64()) {
		g.emit(c, addr, t, "GET", "/api/v1/notifications/unread", 200, "", ua)
		if g.rng.IntN(2) == 0 {
			g.emit(c, addr, t+0.05, "GET", "/api/v1/orders/status?since="+fmt.Sprint(int(t)), 200, "", ua)
		}
		if t > next {
			// The token expired: the next poll or two are refused
			// before the app notices and refreshes it.
			for i := range 1 + g.rng.IntN(2) {
				g.emit(c, addr, t+0.1+float64(i)*every, "GET", "/api/v1/notifications/unread", 401, "", ua)
			}
			g.emit(c, addr, t+0.2+2*every, "POST", "/oauth/token", 200, "", ua)
			next = t + 900
		}
	}
}

// cdn: an edge of a CDN or a reverse proxy nobody told guardctl to trust:
// the cache misses of many people (pages, API calls, a few assets) from
// one address with their many user agents, 4-15 requests a second, and
// their login failures too.
func (g *gen) cdn() {
	c := g.client(KindCDN, false)
	addr := g.benignAddr()
	rate := 4 + g.rng.Float64()*11
	g.note(c, fmt.Sprintf("%.1f requests/s", rate))
	for t := g.rng.Float64(); t < g.dur; t += expo(g.rng, 1/rate) {
		ua := pick(g.rng, browserUAs)
		ref := pick(g.rng, []string{"", "https://shop.example/", "https://www.google.com/"})
		switch n := g.rng.Float64() * 100; {
		case n < 55:
			g.emit(c, addr, t, "GET", g.site.page(g.rng), 200, ref, ua)
		case n < 80:
			g.emit(c, addr, t, "GET", pick(g.rng, []string{"/api/v1/cart", "/api/v1/session", "/api/v1/recommendations?item=" + fmt.Sprint(g.rng.IntN(900))}), 200, ref, ua)
		case n < 98:
			g.emit(c, addr, t, "GET", fmt.Sprintf("/media/%d/%d.jpg", g.rng.IntN(997), g.rng.IntN(400)), 200, ref, ua)
		case n < 99.5:
			g.emit(c, addr, t, "POST", g.site.loginAt, 302, ref, ua)
		default:
			g.emitLoginFail(c, addr, t, g.site.loginAt, ref, ua)
		}
	}
}

// staleCrawler: a search engine crawler working through an old sitemap of
// a site that moved its posts: 15-35 % of its pages are top-level slugs
// answered 404, at 0.5-3 pages a second.
func (g *gen) staleCrawler() {
	c := g.client(KindStale, false)
	which := g.rng.IntN(2)
	ua := []string{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"}[which]
	addr := g.crawlerAddr(which)
	rate := 0.5 + g.rng.Float64()*2.5
	miss := 0.15 + g.rng.Float64()*0.2
	g.note(c, fmt.Sprintf("%.1f pages/s, %.0f %% 404", rate, 100*miss))
	for t := g.rng.Float64() * 5; t < g.dur; t += expo(g.rng, 1/rate) {
		if g.rng.Float64() < miss {
			slug := strings.ReplaceAll(pick(g.rng, g.site.words), " ", "-")
			g.emit(c, addr, t, "GET", fmt.Sprintf("/%s-%d/", slug, g.rng.IntN(5000)), 404, "", ua)
			continue
		}
		g.emit(c, addr, t, "GET", g.site.page(g.rng), 200, "", ua)
	}
}

// monMulti: an uptime service checking ten endpoints of the site every 10 s
// from one address.
func (g *gen) monMulti() {
	c := g.client(KindMonMulti, false)
	addr := g.benignAddr()
	eps := []string{"/", "/health", "/api/v1/health", "/login", "/search?q=test", "/products/", "/blog/", "/status", "/api/v1/session", "/feed.xml"}
	for t := g.rng.Float64() * 10; t < g.dur; t += 10 {
		for i, e := range eps {
			m := "GET"
			if i%3 == 1 {
				m = "HEAD"
			}
			g.emit(c, addr, t+float64(i)*0.02, m, e, 200, "", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
		}
	}
}

// basicAuthUser: a person on a password-protected area (HTTP basic auth):
// the first request is answered 401 until the browser asks for the
// password, a mistype costs another 401 or two, then pages and assets.
func (g *gen) basicAuthUser() {
	c := g.client(KindBasicAuth, false)
	addr := g.benignAddr()
	ua := pick(g.rng, browserUAs)
	t := g.rng.Float64() * g.dur
	g.emit(c, addr, t, "GET", "/staff/", 401, "", ua)
	t += lognormal(g.rng, 5, 0.5)
	for range g.rng.IntN(3) {
		g.emit(c, addr, t, "GET", "/staff/", 401, "", ua)
		t += lognormal(g.rng, 6, 0.5)
	}
	n := 3 + g.rng.IntN(20)
	for p := 0; p < n && t < g.dur; p++ {
		page := fmt.Sprintf("/staff/%s", pick(g.rng, []string{"", "rota", "docs/handbook", "reports?week=" + fmt.Sprint(g.rng.IntN(52))}))
		g.emit(c, addr, t, "GET", page, 200, "https://shop.example/staff/", ua)
		for i, a := range g.site.common[:4] {
			g.emit(c, addr, t+0.05+float64(i)*0.02, "GET", a, 304, "https://shop.example"+page, ua)
		}
		t += lognormal(g.rng, 20, 1)
	}
}

// feedReader: an aggregator fetching the site's feeds every few minutes.
func (g *gen) feedReader() {
	c := g.client(KindFeeds, false)
	addr := g.benignAddr()
	ua := pick(g.rng, []string{"Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)", "NewsBlur Feed Fetcher - 3 subscribers",
		"Tiny Tiny RSS/23.04 (https://tt-rss.org/)", "FreshRSS/1.24.0 (Linux; https://freshrss.org)"})
	every := 60 + g.rng.Float64()*600
	for t := g.rng.Float64() * every; t < g.dur; t += every {
		for _, f := range []string{"/feed.xml", "/blog/feed/", "/news/rss"} {
			st := 304
			if g.rng.IntN(5) == 0 {
				st = 200
			}
			g.emit(c, addr, t, "GET", f, st, "", ua)
		}
	}
}

// bfSlowMix: a guesser pacing itself at one attempt every 10-30 s against
// one CMS or API login: WordPress (form and XML-RPC answer 200), an API
// (401), an OAuth token endpoint (400 invalid_grant or 401), Drupal (the
// form again, 200), Joomla (a 303 back to the form).
func (g *gen) bfSlowMix() {
	c := g.client(KindBFSlowMix, true)
	addr := g.attackerAddr()
	type target struct {
		path string
		st   []int
		form bool
	}
	tg := pick(g.rng, []target{
		{"/wp-login.php", []int{200}, true},
		{"/xmlrpc.php", []int{200}, false},
		{"/api/login", []int{401}, false},
		{"/oauth/token", []int{400, 401}, false},
		{"/user/login", []int{200}, true},
		{"/administrator/index.php", []int{303}, true},
	})
	ua := pick(g.rng, append(toolUAs, browserUAs[0], browserUAs[3]))
	gap := 10 + g.rng.Float64()*20
	g.note(c, fmt.Sprintf("POST %s every %.0f s", tg.path, gap))
	t := g.rng.Float64() * (g.dur - 25*gap)
	for t < g.dur {
		if tg.form && g.rng.IntN(2) == 0 {
			g.emit(c, addr, t, "GET", tg.path, 200, "", ua)
			t += 0.4
		}
		g.emit(c, addr, t, "POST", tg.path, pick(g.rng, tg.st), "", ua)
		t += gap * (0.8 + 0.4*g.rng.Float64())
	}
}

// basicBF: hydra's http-get module on a basic-auth area: the same GET
// with another Authorization header, answered 401, 0.3-2 a second.
func (g *gen) basicBF() {
	c := g.client(KindBasicBF, true)
	addr := g.attackerAddr()
	path := pick(g.rng, []string{"/staff/", "/admin/", "/private/", "/manager/html", "/"})
	ua := pick(g.rng, []string{"Mozilla/4.0 (Hydra)", "Mozilla/5.0 (Hydra)", "python-requests/2.32.3", "curl/8.5.0", browserUAs[0]})
	rate := 0.3 + g.rng.Float64()*1.7
	start := g.rng.Float64() * g.dur * 0.7
	n := 40 + g.rng.IntN(400)
	g.note(c, fmt.Sprintf("GET %s at %.1f/s", path, rate))
	for i, t := 0, start; i < n && t < g.dur; i++ {
		g.emit(c, addr, t, "GET", path, 401, "", ua)
		t += expo(g.rng, 1/rate)
	}
}

// token400: brute force at an OAuth token endpoint that answers a wrong
// password 400 invalid_grant, as RFC 6749 says; ~1 a second.
func (g *gen) token400() {
	c := g.client(KindToken400, true)
	addr := g.attackerAddr()
	path := pick(g.rng, []string{"/oauth/token", "/oauth2/token", "/connect/token", "/api/oauth/token", "/auth/realms/master/protocol/openid-connect/token"})
	ua := pick(g.rng, toolUAs)
	start := g.rng.Float64() * g.dur * 0.7
	n := 30 + g.rng.IntN(270)
	g.note(c, "POST "+path)
	for i, t := 0, start; i < n && t < g.dur; i++ {
		g.emit(c, addr, t, "POST", path, 400, "", ua)
		t += 0.5 + g.rng.Float64()
	}
}

// hulk: HULK's shape: one path with a random query, a browser user agent
// and a referer drawn anew for every request, 40/s for 15-75 s.
func (g *gen) hulk() {
	c := g.client(KindHULK, true)
	addr := g.attackerAddr()
	path := pick(g.rng, []string{"/", "/search", g.site.page(g.rng)})
	refs := []string{"http://www.google.com/?q=", "http://www.usatoday.com/search/results?q=", "http://engadget.search.aol.com/search?q=", "https://shop.example/"}
	start := g.rng.Float64() * (g.dur - 80)
	dur := 15 + g.rng.Float64()*60
	rate := g.v.Shapes.HULKRate
	if rate == 0 {
		rate = 40
	}
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		q := fmt.Sprintf("%s?%s=%s", path, randWord(g), randWord(g))
		if strings.Contains(path, "?") {
			q = path + "&" + randWord(g) + "=" + randWord(g)
		}
		st := 200
		if g.rng.IntN(10) == 0 {
			st = 503
		}
		g.overload(t)
		g.emit(c, addr, t, "GET", q, st, pick(g.rng, refs)+randWord(g), pick(g.rng, browserUAs))
	}
}

// floodWeb: a flood of the site's pages at 25-40/s with one browser user
// agent and the site's own referers, no assets, some 503.
func (g *gen) floodWeb() {
	c := g.client(KindFloodWeb, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, browserUAs)
	rate := 25 + g.rng.Float64()*15
	start := g.rng.Float64() * (g.dur - 80)
	dur := 15 + g.rng.Float64()*60
	prev := "https://shop.example/"
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		p := g.site.page(g.rng)
		st := 200
		if g.rng.IntN(8) == 0 {
			st = 503
		}
		g.overload(t)
		g.emit(c, addr, t, "GET", p, st, prev, ua)
		prev = "https://shop.example" + p
	}
}

// Worm requests as a 2004 honeypot logged them.
var (
	nimdaWalk = []string{"/scripts/root.exe?/c+dir", "/MSADC/root.exe?/c+dir", "/c/winnt/system32/cmd.exe?/c+dir",
		"/d/winnt/system32/cmd.exe?/c+dir", "/scripts/..%255c../winnt/system32/cmd.exe?/c+dir",
		"/_vti_bin/..%255c../..%255c../..%255c../winnt/system32/cmd.exe?/c+dir",
		"/_mem_bin/..%255c../..%255c../..%255c../winnt/system32/cmd.exe?/c+dir",
		"/msadc/..%255c../..%255c../..%255c/..%c1%1c../..%c1%1c../..%c1%1c../winnt/system32/cmd.exe?/c+dir",
		"/scripts/..%c1%1c../winnt/system32/cmd.exe?/c+dir", "/scripts/..%c0%2f../winnt/system32/cmd.exe?/c+dir",
		"/scripts/..%c0%af../winnt/system32/cmd.exe?/c+dir", "/scripts/..%c1%9c../winnt/system32/cmd.exe?/c+dir",
		"/scripts/..%%35%63../winnt/system32/cmd.exe?/c+dir", "/scripts/..%%35c../winnt/system32/cmd.exe?/c+dir",
		"/scripts/..%25%35%63../winnt/system32/cmd.exe?/c+dir", "/scripts/..%252f../winnt/system32/cmd.exe?/c+dir"}
	codeRed = "/default.ida?" + strings.Repeat("N", 224) +
		"%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u9090%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000%u00=a"
	codeRed2 = "/default.ida?" + strings.Repeat("X", 224) +
		"%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u9090%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000%u00=a"
	webdavSearch = "/" + strings.Repeat(`\x90\x02\xB1\x02`, 700)
)

// worm: one infected host's requests.
func (g *gen) worm() {
	c := g.client(KindWorm, true)
	addr := g.attackerAddr()
	t := g.rng.Float64() * (g.dur - 10)
	switch g.rng.IntN(5) {
	case 0:
		g.emit(c, addr, t, "GET", codeRed, 404, "", "")
	case 1:
		g.emit(c, addr, t, "GET", codeRed2, 404, "", "")
	case 2:
		// Nimda walks its list, stopping when one answers.
		for i, p := range nimdaWalk[:4+g.rng.IntN(len(nimdaWalk)-4)] {
			g.emit(c, addr, t+float64(i)*0.3, "GET", p, 404, "", "")
		}
	case 3:
		g.emit(c, addr, t, "POST", pick(g.rng, []string{"/scripts/nsiislog.dll", "/_vti_bin/_vti_aut/fp30reg.dll"}), 404, "", "")
	default:
		g.emit(c, addr, t, "SEARCH", webdavSearch, 414, "", "")
	}
}

// encProbe: one request for a secret, spelled to slip past a literal match.
func (g *gen) encProbe() {
	c := g.client(KindEncProbe, true)
	addr := g.attackerAddr()
	p := pick(g.rng, []string{"/.%65nv", "/.ENV", "//.env", "/./.env", "/.env%00", "/static/..%2f.env", "/.git//config",
		"/.git/./config", "/.%67it/config", "/%2egit/HEAD", "/%2e%2e/%2e%2e/etc/passwd", "/..;/..;/etc/passwd",
		"/.aws//credentials", "/wp-config.php%7e", "/.Env.production", "/%2e%65%6e%76"})
	g.emit(c, addr, g.rng.Float64()*g.dur, "GET", p, pick(g.rng, []int{404, 403, 400}), "", pick(g.rng, toolUAs))
}

// spaScanner: a wordlist at 2-10/s against a single-page app that answers
// every unknown path with its shell (200).
func (g *gen) spaScanner() {
	c := g.client(KindSPAScanner, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, append(toolUAs, browserUAs[0]))
	t := g.rng.Float64() * g.dur * 0.8
	gap := 1 / (2 + g.rng.Float64()*8)
	n := 60 + g.rng.IntN(200)
	for i := 0; i < n && t < g.dur; i++ {
		path := wordlist[g.rng.IntN(len(wordlist))]
		if g.rng.IntN(3) == 0 {
			path = fmt.Sprintf("/%s%d/", randWord(g), g.rng.IntN(100))
		}
		g.emit(c, addr, t, "GET", path, 200, "", ua)
		t += expo(g.rng, gap)
	}
}

// stuff24: credential stuffing from one /24 (a rented block, a proxy
// pool): every address sends one to three guesses at the login, minutes
// apart, and nothing else. Each address is a client: the policy judges
// addresses.
func (g *gen) stuff24(form bool) {
	g.v4a = (g.v4a>>8 + 1) << 8
	path := pick(g.rng, []string{g.site.loginAt, "/wp-login.php", "/api/login", "/api/auth/token"})
	for range 40 + g.rng.IntN(80) {
		c := g.client(KindStuff24, true)
		g.v4a += 1 + uint32(g.rng.IntN(2))
		addr := v4(g.v4a)
		n := 1 + g.rng.IntN(3)
		g.guess(c, func() netip.Addr { return addr }, path, g.rng.Float64()*(g.dur-200), 30+g.rng.Float64()*60, n, pick(g.rng, browserUAs), form)
	}
	g.v4a = (g.v4a>>8 + 1) << 8
}
