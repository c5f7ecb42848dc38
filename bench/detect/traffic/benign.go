package traffic

import (
	"fmt"
	"net/netip"
)

// Benign client kinds.
const (
	KindBrowser = "browser"
	KindNAT     = "nat"
	KindCrawler = "crawler"
	KindSync    = "sync"
	KindMedia   = "media"
	KindAPI     = "api-client"
	KindMonitor = "monitor"
)

// session is one visit of one person: page views, each with its assets in
// a burst, thinking between pages; sometimes a login (with the variant's
// chance of mistyping) and API calls of the page's scripts.
func (g *gen) session(c int32, addr netip.Addr, t float64, ua string, cold bool) {
	s := g.site
	pages := 1 + int(expo(g.rng, 4))
	pages = min(pages, 40)
	ref := pick(g.rng, []string{"", "", "https://www.google.com/", "https://duckduckgo.com/", "https://t.co/x"})
	login := g.rng.Float64() < g.v.LoginShare
	for p := 0; p < pages && t < g.dur; p++ {
		page := s.page(g.rng)
		if login && p == pages/2 {
			page = s.loginAt
		}
		st := 200
		if g.rng.IntN(150) == 0 {
			st = 404
		}
		g.emitPage(c, addr, t, "GET", page, st, ref, ua)
		url := "https://shop.example" + page
		for i, a := range s.assets(g.rng, page, cold) {
			ast := 200
			switch {
			case !cold && g.rng.IntN(3) == 0:
				ast = 304
			case a == "/favicon.ico" && g.rng.IntN(4) == 0:
				ast = 404
			}
			g.emit(c, addr, t+0.05+float64(i)*0.01+g.rng.Float64()*0.8, "GET", a, ast, url, ua)
		}
		cold = false
		for range g.rng.IntN(4) {
			api := pick(g.rng, []string{"/api/v1/cart", "/api/v1/recommendations?item=" + fmt.Sprint(g.rng.IntN(900)),
				"/api/v1/session", "/api/v1/notifications?since=" + fmt.Sprint(g.rng.IntN(1e6))})
			g.emit(c, addr, t+0.3+g.rng.Float64()*1.5, "GET", api, 200, url, ua)
		}
		if g.rng.IntN(5) == 0 {
			g.emit(c, addr, t+1+g.rng.Float64(), "POST", "/api/v1/events", 204, url, ua)
		}
		if page == s.loginAt {
			t += lognormal(g.rng, 6, 0.5)
			// Mistypes: each attempt fails with the variant's chance, at
			// most three in a row, then the right password.
			for try := 0; try < 4; try++ {
				if try < 3 && g.rng.Float64() < g.v.Refusal {
					g.emitLoginFail(c, addr, t, s.loginAt, url, ua)
					if !s.formOK {
						g.emitPage(c, addr, t+0.2, "GET", s.loginAt, 200, url, ua)
					}
					t += lognormal(g.rng, 8, 0.5)
					continue
				}
				g.emit(c, addr, t, "POST", s.loginAt, 302, url, ua)
				break
			}
		}
		ref = url
		t += min(lognormal(g.rng, 8, 1), 300)
	}
}

func (g *gen) emitLoginFail(c int32, addr netip.Addr, t float64, path, ref, ua string) {
	st := 401
	if g.site.formOK {
		st = 200
	}
	g.emit(c, addr, t, "POST", path, st, ref, ua)
}

// browsers: one client per address, one to three visits each.
func (g *gen) browsers(n int) {
	for range n {
		c := g.client(KindBrowser, false)
		addr := g.benignAddr()
		ua := pick(g.rng, browserUAs)
		t := g.rng.Float64() * g.dur
		for v := 0; v < 1+g.rng.IntN(3) && t < g.dur; v++ {
			g.session(c, addr, t, ua, v == 0)
			t += expo(g.rng, 600)
		}
	}
}

// nat is many people behind one address: each starts a visit now and then
// (about one every 35 minutes), with a browser of their own.
func (g *gen) nat(users int) {
	c := g.client(KindNAT, false)
	addr := g.benignAddr()
	office := pick(g.rng, browserUAs)
	for range users {
		ua := pick(g.rng, browserUAs)
		if g.v.NATOneUA {
			ua = office
		}
		cold := true
		for t := expo(g.rng, 2100); t < g.dur; t += expo(g.rng, 2100) {
			g.session(c, addr, t, ua, cold)
			cold = false
		}
	}
}

// crawler is a search engine bot on one of its addresses: distinct pages
// at a steady pace, robots.txt and the sitemap, the odd removed page.
func (g *gen) crawler(addr netip.Addr, ua string, rate float64) {
	c := g.client(KindCrawler, false)
	g.emit(c, addr, g.rng.Float64()*5, "GET", "/robots.txt", 200, "", ua)
	for t := 5 + expo(g.rng, 1/rate); t < g.dur; t += expo(g.rng, 1/rate) {
		switch n := g.rng.IntN(100); {
		case n < 3:
			g.emit(c, addr, t, "GET", fmt.Sprintf("/%s/%d", pick(g.rng, sections), g.rng.IntN(1e6)), 404, "", ua)
		case n < 5:
			g.emit(c, addr, t, "GET", "/sitemap.xml", 200, "", ua)
		case n < 12:
			g.emit(c, addr, t, "GET", pick(g.rng, g.site.common), 200, "", ua)
		default:
			g.emitPage(c, addr, t, "GET", g.site.page(g.rng), 200, "", ua)
		}
	}
}

// sync is a Nextcloud desktop client: a PROPFIND poll every 30 s and now
// and then a sync of hundreds of files, six requests in parallel, with the
// previews the server does not have.
func (g *gen) sync() {
	c := g.client(KindSync, false)
	addr := g.benignAddr()
	ua := "Mozilla/5.0 (Windows) mirall/3.14.1stable-Win64 (build 20241015) (Nextcloud, windows-10.0.22631 ClientArchitecture: x86_64 OsArchitecture: x86_64)"
	user := pick(g.rng, []string{"alice", "bob", "carol"})
	root := "/remote.php/dav/files/" + user + "/"
	for t := g.rng.Float64() * 30; t < g.dur; t += 30 {
		g.emit(c, addr, t, "PROPFIND", root, 207, "", ua)
	}
	for range 1 + g.rng.IntN(3) {
		t := g.rng.Float64() * g.dur
		rate := 10 + g.rng.Float64()*30
		files := 50 + g.rng.IntN(550)
		exts := []string{".jpg", ".jpg", ".pdf", ".docx", ".md", ".txt", ".xlsx", ".png", ".heic", ""}
		for i := 0; i < files && t < g.dur; i++ {
			dir := fmt.Sprintf("%sPhotos/%d/", root, i/40)
			if i%40 == 0 {
				g.emit(c, addr, t, "PROPFIND", dir, 207, "", ua)
			}
			m, st := "GET", 200
			if g.rng.IntN(3) == 0 {
				m, st = "PUT", 201
			}
			g.emit(c, addr, t, m, fmt.Sprintf("%sfile_%d%s", dir, i, pick(g.rng, exts)), st, "", ua)
			if g.rng.IntN(2) == 0 {
				pst := 200
				if g.rng.IntN(3) == 0 {
					pst = 404
				}
				g.emit(c, addr, t, "GET", fmt.Sprintf("/index.php/core/preview?fileId=%d&x=250&y=250&a=1", 1000+i), pst, "", ua)
			}
			t += expo(g.rng, 1/rate)
		}
	}
}

// media is a Jellyfin-style app: library views that pull 20-40 thumbnails
// a second for a few seconds, then playback with progress reports.
func (g *gen) media() {
	c := g.client(KindMedia, false)
	addr := g.benignAddr()
	ua := "Jellyfin-Web/10.10.3 (Firefox 132.0)"
	for t := g.rng.Float64() * 60; t < g.dur; t += 60 + expo(g.rng, 300) {
		g.emit(c, addr, t, "GET", "/Users/5f2c/Items?ParentId=a1&Limit=100&Fields=PrimaryImageAspectRatio", 200, "", ua)
		rate := 20 + g.rng.Float64()*20
		for i := range 40 + g.rng.IntN(160) {
			g.emit(c, addr, t+float64(i)/rate, "GET", fmt.Sprintf("/Items/%x/Images/Primary?fillHeight=300&fillWidth=200&quality=96", g.rng.Uint64()), 200, "", ua)
		}
		play := t + 10
		item := g.rng.Uint64()
		for k := range 20 + g.rng.IntN(100) {
			tt := play + float64(k)*3
			g.emit(c, addr, tt, "GET", fmt.Sprintf("/videos/%x/hls1/main/%d.ts", item, k), 200, "", ua)
			if k%3 == 0 {
				g.emit(c, addr, tt, "POST", "/Sessions/Playing/Progress", 204, "", ua)
			}
		}
	}
}

// apiClient is a mobile app: a token at start, a feed it pages through,
// and when the token expires a 401 and a new token.
func (g *gen) apiClient() {
	c := g.client(KindAPI, false)
	addr := g.benignAddr()
	ua := pick(g.rng, []string{"ShopApp/5.2.1 (iPhone; iOS 18.1)", "ShopApp/5.2.0 (Android 14)", "okhttp/4.12.0"})
	t := g.rng.Float64() * g.dur / 2
	g.emit(c, addr, t, "POST", "/api/auth/token", 200, "", ua)
	rate := 0.1 + g.rng.Float64()*0.9
	expires := t + 900
	for ; t < g.dur; t += expo(g.rng, 1/rate) {
		if t > expires {
			g.emit(c, addr, t, "GET", "/api/v1/feed", 401, "", ua)
			g.emit(c, addr, t+0.2, "POST", "/api/auth/token", 200, "", ua)
			expires = t + 900
		}
		g.emit(c, addr, t, "GET", fmt.Sprintf("/api/v1/feed?cursor=%d", g.rng.IntN(1e6)), 200, "", ua)
	}
}

// monitor is an uptime check.
func (g *gen) monitor() {
	c := g.client(KindMonitor, false)
	addr := g.benignAddr()
	every := float64(pick(g.rng, []int{10, 30, 60}))
	for t := g.rng.Float64() * every; t < g.dur; t += every {
		g.emit(c, addr, t, "GET", "/health", 200, "", "UptimeRobot/2.0")
	}
}
