package traffic

import "fmt"

// RedLogins are the login model's evasion and look-alike the reviews of
// the sixth session found, as shapes of the red grid: a guesser borrowing
// the WordPress apps' user agent on xmlrpc.php (helper-101), the apps in
// use, and browsers' password managers resubmitting a stale password
// (helper-88). Zero: nothing drawn.
type RedLogins struct {
	// Attackers.
	AppGuess int // POSTs to /xmlrpc.php answered 200 (system.multicall) with an app's user agent, one every 3-20 s, nothing else

	// Benign.
	AppUsers int // a WordPress app in use: a sync burst of 5-15 calls, then 1-2 calls at a time with the site's media and REST API between
	PassMgr  int // a browser's password manager posting a stale password 3 times within 20 s, then the person stops, signs in or resets it
}

// Kinds of the red login shapes.
const (
	KindAppGuess = "xmlrpc-app-guess"
	KindAppUser  = "wp-app"
	KindPassMgr  = "password-manager"
)

// RedLoginKinds are the red login shapes' attacker kinds, in table order.
var RedLoginKinds = []string{KindAppGuess}

var appUAs = []string{
	"wp-iphone/24.1 (iOS 18.1, iPhone15,2) Mobile",
	"wp-android/24.2 (Android 14; en_US; Pixel 8)",
}

func (g *gen) redLogins(r RedLogins) {
	for range r.AppUsers {
		g.appUser()
	}
	for range r.PassMgr {
		g.passMgr()
	}
	for range r.AppGuess {
		g.appGuess()
	}
}

// appGuess: a guesser calling xmlrpc.php's system.multicall with a
// WordPress app's user agent: every call 200, large, nothing else.
func (g *gen) appGuess() {
	c := g.client(KindAppGuess, true)
	addr := g.attackerAddr()
	gap := 3 + g.rng.Float64()*17
	ua := pick(g.rng, appUAs)
	g.note(c, fmt.Sprintf("POST /xmlrpc.php (system.multicall) every %.0f s, %s", gap, ua))
	for t := g.rng.Float64() * g.dur * 0.3; t < g.dur; t += gap * (0.7 + 0.6*g.rng.Float64()) {
		g.emit(c, addr, t, "POST", "/xmlrpc.php", 200, "", ua)
	}
}

// appUser: a person on a WordPress app: it opens with a burst of calls,
// then calls 1-2 at a time while the person reads and edits, loading the
// site's media and REST API between.
func (g *gen) appUser() {
	c := g.client(KindAppUser, false)
	addr := g.benignAddr()
	ua := pick(g.rng, appUAs)
	t := g.rng.Float64() * g.dur * 0.8
	for range 5 + g.rng.IntN(11) {
		g.emit(c, addr, t, "POST", "/xmlrpc.php", 200, "", ua)
		t += 0.3 + g.rng.Float64()*1.2
	}
	for t < g.dur {
		for range 1 + g.rng.IntN(2) {
			g.emit(c, addr, t, "POST", "/xmlrpc.php", 200, "", ua)
			t += 1 + g.rng.Float64()*3
		}
		for range 1 + g.rng.IntN(3) {
			p := pick(g.rng, []string{
				fmt.Sprintf("/wp-content/uploads/2026/11/img-%d-150x150.jpg", g.rng.IntN(400)),
				"/wp-json/wp/v2/posts?per_page=20", "/wp-json/wp/v2/media?per_page=50",
				fmt.Sprintf("/?p=%d", g.rng.IntN(900)),
			})
			g.emit(c, addr, t, "GET", p, 200, "", ua)
			t += 1 + g.rng.Float64()*5
		}
		t += 10 + g.rng.Float64()*30
	}
}

// passMgr: a browser's password manager submitting a stale password three
// times within 20 s to wp-login.php (answered 200, the form again); then
// the person stops, signs in, or resets the password.
func (g *gen) passMgr() {
	c := g.client(KindPassMgr, false)
	addr := g.benignAddr()
	ua := pick(g.rng, browserUAs)
	const site = "https://shop.example"
	t := g.rng.Float64() * (g.dur - 120)
	g.emitPage(c, addr, t, "GET", "/wp-login.php", 200, site+"/", ua)
	for range 3 {
		t += 2 + g.rng.Float64()*5
		g.emit(c, addr, t, "POST", "/wp-login.php", 200, site+"/wp-login.php", ua)
	}
	switch g.rng.IntN(3) {
	case 1:
		t += 15 + g.rng.Float64()*30
		g.emit(c, addr, t, "POST", "/wp-login.php", 302, site+"/wp-login.php", ua)
		for i := range 6 {
			g.emit(c, addr, t+1+float64(i)*4, "GET", pick(g.rng, []string{"/wp-admin/", "/wp-admin/edit.php", "/wp-admin/load-styles.php"}), 200, site+"/wp-admin/", ua)
		}
	case 2:
		t += 10 + g.rng.Float64()*20
		g.emitPage(c, addr, t, "GET", "/wp-login.php?action=lostpassword", 200, site+"/wp-login.php", ua)
		g.emit(c, addr, t+25, "POST", "/wp-login.php?action=lostpassword", 302, site+"/wp-login.php?action=lostpassword", ua)
	}
}
