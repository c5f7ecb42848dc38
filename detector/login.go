package detector

import (
	"bytes"
	"math"
	"net/netip"
	"strings"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// The login model (rules.Login) judges brute force by proportion, not only
// by count. A password guesser's traffic is mostly refused logins; a NAT or
// a busy browser has hundreds of ordinary requests per refusal, and a user
// who mistypes has successes between refusals. So three decayed counts are
// kept per client (time constant Memory, event time):
//
//	F  refused logins: POSTs to a login path answered 401, 403 or 429, or
//	   200 on a form endpoint (it answers a failure with the form again),
//	   or 400 on a token endpoint (invalid_grant); GETs and HEADs answered
//	   401 without a Referer (HTTP basic auth: these ban only at Failures
//	   and QuickShare of the client's traffic)
//	S  successful logins: other 2xx and 3xx answers to those POSTs
//	O  every other request of the client
//
// A refusal is a violation when E = F - SuccessCost*S reaches Failures and
// E is at least Share of F+S+O, or reaches QuickFailures and is at least
// QuickShare of F+S+O (a client that does nothing but fail). A violation is worth Weight points and
// starts F and S again.
//
// O is counted on every request without time arithmetic: requests since
// the last login POST wait in a counter and join the decayed sum, undecayed,
// at the next one (which errs towards not banning).
//
// Besides, G counts token grants: POSTs to a token path (tokenPath)
// answered 2xx, decayed like F and S. That is the evidence that a client
// signed in which [flood] trusts (signedIn, flood.go: two grants spare a
// client the repeat cost). S is not: any 2xx/3xx to a login POST counts
// there, and WordPress answers POST /wp-login.php?action=postpass (a
// post's password form, no account) 302 whatever the password, Laravel
// and Spring Security answer a refused login 302; three such POSTs spared
// a one-URL flood at 12-19 requests/s its repeat cost (review rr-E). An
// OAuth token endpoint answers 200 only with a token: a password or a
// refresh token that was good.

// Login slot offsets within a client's stride, from c.login.
const (
	loginLast   = iota // event time of the last login POST, ns
	loginFS            // F and G, float32 bits, F high (flood.go reads G, the low half)
	loginOther         // O (float32 bits, high) and requests pending (low)
	loginBasic         // S (float32 bits, high) and basic-auth refusals (low, decayed by basicMemory)
	loginDevice        // second of the last device-authorization 2xx (high), of the refusal run's first refusal (low)
	loginLoop          // the form loop's run (formloop.go); 0 when none
	loginSlots
)

// The low half of loginOther: requests pending (26 bits), then flags:
// stale, the client's last request was a GET answered 401 (basic);
// fetched, a GET of the login path since the client's last login POST
// (subnetForm's repeat); marked, its last login POST left a blind-repeat
// mark in its /24's entry (subnetForm), to be taken back once the client
// goes on to use the site; paced, the current run of refusals may use the
// quick rule's pace exemption (quickPace).
const (
	loginPending = 1<<26 - 1
	loginStale   = 1 << 26
	loginFetched = 1 << 27
	loginTap     = 1 << 28 // the last login POST was an API 400's double tap, passed over (login)
	loginRedir   = 1 << 29 // the last login POST was answered 302/303 and counted a success (loginredirect.go)
	loginMarked  = 1 << 30
	loginPaced   = 1 << 31
)

// Constants of the refinements below (documented in rules/default.toml
// [login]).
const (
	// deviceGrace: after a device-authorization POST answered 2xx (RFC
	// 8628), the client's token-path 400s are its polls answered
	// authorization_pending or slow_down, not refused passwords. RFC 8628's
	// device codes live 15 to 30 minutes; GitHub's 15.
	deviceGrace = 15 * 60 // seconds
	// basicMemory: basic-auth refusals also count in their own short
	// memory, which must reach Failures: only a sustained rate bans (hydra
	// at 1/s reaches 6 at its 7th guess, at 0.3/s at about its 9th). A
	// poller with a stale password stays below: with 2 minutes, Prometheus
	// scraping /metrics every 15 s (its usual interval) reached 8.5 and
	// was banned at its 10th scrape (benign-s8 prometheus-401); with 40 s
	// a poller every 15 s stays at ~3.2, every 10 s at ~4.5, once a minute
	// at ~1.3. A basic-auth guesser slower than one guess per ~7 s goes
	// free (it was one per ~20 s).
	basicMemory = 40 * 1e9
	// basicShare: basic-auth refusals must be more than this share of the
	// client's traffic (NTLM's handshake is 3 401s then a 200 per request,
	// 3/4 exactly, and just above it early on: 6/7 at the 2nd request).
	basicShare = 0.86
	// quickPace: the quick rule (QuickFailures at QuickShare), at a
	// refusal with a Referer (a browser's form), needs the run of
	// refusals to span at least quickPace per refusal after its first,
	// but only in a paced run and only up to QuickFailures+1 refusals: a
	// run is paced when its first refusal carried a Referer and followed
	// at least pacedPage requests since the client's previous login POST
	// (the form's page) and no other run of the client's started within
	// the model's memory before it. A browser's password manager
	// resubmitting a stale password makes 3 refusals within seconds, each
	// POST with the form's Referer, and then its user stops, signs in or
	// resets the password (3 POSTs in 11 s were banned, helper-88); a
	// guesser keeps going and is banned at its 4th refusal. a283ccf let
	// any run with a Referer go on until Failures: a botnet sending the
	// Referer, 5 guesses 1-2 s apart per address, went free (40 of 40
	// banned at 6f577f2, none at a283ccf; review of a283ccf, fixture
	// refbot), a lone guesser at 9.5 s was banned at its 7th guess. Now
	// such a bot that never fetches the form is banned at its 3rd, one
	// that does at its 4th, and a guesser pays the pace once per memory.
	// Without a Referer the pace does not matter (a bf-spread bot's 3
	// guesses in 17 s are banned). It lets through a guesser that loads
	// the form, sends the Referer, makes 3 guesses within 20 s and stops.
	quickPace = 10  // seconds
	pacedPage = 1   // requests before a paced run's first refusal (the form's page)
	apiTapGap = 2e9 // ns: an API login's 400 so soon after the previous login POST is its double tap
)

type clogin struct {
	rule               uint16
	weight             int
	rx                 *rules.Login
	failures, share    float64
	quickF, quickShare float64
	successCost, sinvT float64 // sinvT: 1/Memory in 1/ns
}

func compileLogin(l *rules.Login, rule uint16) *clogin {
	if l == nil {
		return nil
	}
	return &clogin{
		rule: rule, weight: l.Weight, rx: l,
		failures: l.Failures, share: l.Share, successCost: l.SuccessCost,
		quickF: l.QuickFailures, quickShare: l.QuickShare,
		sinvT: 1 / float64(l.Memory),
	}
}

// login runs the model on a request and reports a violation of the
// client's own counts (viol) or of its /24's (subnet, subnet.go).
func (e *Engine) login(l *clogin, st []int64, te int64, ev *parser.Event, r *request) (viol, subnet bool) {
	refused, ok, basic, form, undo := false, false, false, false, false
	m := string(ev.Method)
	sec := int64(uint32(te / 1e9))
	if m == "POST" && ev.Status >= 200 && ev.Status < 300 && devicePath(r.path()) {
		st[loginDevice] = int64(uint64(sec)<<32 | uint64(uint32(st[loginDevice])))
	}
	switch {
	case m == "POST" && l.rx.Path.Match(r.path()):
		switch s := ev.Status; {
		case s == 403 && jetpackCall(ev.UA, r.path()):
			// WordPress.com's Jetpack calls xmlrpc.php every few minutes
			// and in bursts when it syncs; a site that blocks XML-RPC
			// answers every call 403, whatever it carries. That is the
			// site's choice, not a password checked: no login attempt.
			// A guesser gains nothing from a blocked endpoint, and a
			// flood of such calls is [flood]'s (3.5 units each).
		case s == 401 || s == 403 || s == 429 || s == 422:
			// 422: JSON login APIs' refusal (Laravel's
			// ValidationException, Rails/Devise-JWT apps): a guesser
			// there one POST every 3 s was never banned (review s9
			// attack A2).
			refused, ok = true, true
		case s == 400 && (tokenPath(r.path()) || apiLogin(r.path())):
			// An OAuth/OIDC token endpoint answers a wrong password
			// 400 invalid_grant (RFC 6749 5.2), and a device flow's
			// polls 400 authorization_pending (RFC 8628 3.5): those
			// follow the client's device-authorization POST. A JSON
			// login API (apiLogin: dj-rest-auth's /api/auth/login/, an
			// app's /api/v1/auth/verify-otp) answers a wrong password
			// or one-time code 400 too: guessers there, one every 3 s
			// or 2/s, were never banned (realistic attacks
			// login-refusal-400-422, otp-and-form-abuse;
			// TestAPILogin400). An HTML form's 400 (a stale CSRF
			// token, a malformed body) still counts as neither.
			//
			// An app's 400 within apiTapGap of the client's previous
			// login POST, nothing between and no Referer (a page's
			// guesser keeps its pace, TestAPILogin400), is that
			// refusal's double tap (review rev-abuse s10: two double
			// taps on Sign in with a malformed e-mail were banned at
			// the 3rd 400 at ba02c74; TestRevAbuseS10Benign, fixture
			// login-api400-doubletap): passed over, once (loginTap), so
			// a guesser at 2/s has every other guess counted.
			if s == 400 && len(ev.Referer) == 0 && !tokenPath(r.path()) && st[loginLast] != 0 && te >= st[loginLast] && te-st[loginLast] <= apiTapGap && uint32(st[loginOther])&(loginPending|loginTap) == 0 {
				st[loginOther] |= loginTap
				return false, false
			}
			if d := int64(uint64(st[loginDevice]) >> 32); d == 0 || sec-d > deviceGrace || sec < d {
				refused, ok = true, true
			}
		case s == 200 && xmlrpcApp(ev.UA, ev.Client, r.path()):
			// XML-RPC answers every call 200, a refused password's
			// fault included, and Jetpack's syncs (in bursts of 1-6)
			// and WordPress's mobile apps (a call every 20 s) use it
			// all day: review B found the app banned at its 3rd call,
			// Jetpack's addresses by the /24. Their calls are no
			// refusals, here or in the /24. Jetpack's only from
			// Automattic's 192.0.64.0/18 (fixture jetpack-xmlrpc:
			// Jetpack's user agent guessing from elsewhere every 2 s
			// is banned).
			//
			// A guesser that borrows the apps' user agents (one
			// system.multicall POST carries hundreds of guesses, all
			// answered 200; helper-101) is let through by this model.
			// a283ccf counted an app's call with no other request since
			// the previous one as 1/8 of a refusal: the app's own sync
			// (36 calls back to back) and an open app refreshing every
			// 20 s with nothing between were banned, and a guesser
			// fetching anything before each call was not (review of
			// a283ccf, fixture wpapp-sync). Only the call's content
			// tells them apart.
		case s == 200 && l.rx.Form != nil && l.rx.Form.Match(r.path()):
			refused, ok, form = true, true, true
		case s >= 200 && s < 400:
			ok = true
		}
	case m == "POST" && (ev.Status == 401 || ev.Status == 403 || ev.Status == 422 || ev.Status == 429) && loginQuery(ev.Query):
		// A login named in the query (Roundcube's /?_task=login,
		// OpenCart's ?route=account/login, phpBB's ucp.php?mode=login,
		// Joomla's ?task=user.login, MediaWiki's action=submitlogin):
		// its explicit refusals count (review s9 attack A1: guessers
		// there every 3 s went free). Only refusals: a POST answered 2xx
		// with "login" in its query (WordPress answers POST /?login=1
		// with its front page) would be a success a guesser could buy.
		refused, ok = true, true
	case (m == "GET" || m == "HEAD") && redirectRefusal(st, te, ev, r):
		// The redirect of the client's last login POST, answered 302 and
		// counted a success, lands on the login's refusal (Jenkins's
		// /loginError 401, Spring Security's /login?error): that POST
		// was refused (loginredirect.go).
		refused, ok, undo = true, true, true
	case ev.Status == 401 && len(ev.Referer) == 0 && (m == "GET" || m == "HEAD"):
		// HTTP basic auth refused (hydra's http-get sends no Referer). A
		// page's own calls carry its Referer: an open tab polling an API
		// after its session expired is no guesser.
		refused, ok, basic = true, true, true
	}
	if !ok {
		// The low half counts requests since the last login POST (30
		// bits). A client that left a blind-repeat mark in its /24 and
		// then makes more than subnetOthers requests uses the site: a
		// phone's app after a sign-in in two steps on one endpoint
		// (password, then TOTP), not a stuffing tool. Its mark goes now,
		// not at its next login POST, hours later perhaps.
		p := uint32(st[loginOther]) & loginPending
		if p < loginPending {
			st[loginOther]++
		}
		st[loginOther] &^= loginStale
		if uint32(st[loginOther])&loginMarked != 0 && p >= subnetOthers {
			st[loginOther] &^= loginMarked
			e.subnets.unmark(ev.Client)
		}
		// Only a client that made a login POST before needs the fetched
		// bit (the POST clears it), and once set it stays: the path's
		// regex runs on no other request (on every GET it cost ~2 us a
		// line, 4x analyze's whole CPU per line, 871bbf0).
		if st[loginLast] != 0 && uint32(st[loginOther])&loginFetched == 0 &&
			(m == "GET" || m == "HEAD") && l.rx.Path.Match(r.path()) {
			st[loginOther] |= loginFetched
		}
		return false, false
	}
	k := 1.0
	if last := st[loginLast]; last != 0 && te > last {
		k = math.Exp(-float64(te-last) * l.sinvT)
	}
	fs, ot, sb := uint64(st[loginFS]), uint64(st[loginOther]), uint64(st[loginBasic])
	f := float64(math.Float32frombits(uint32(fs>>32))) * k
	g := float64(math.Float32frombits(uint32(fs))) * k
	s := float64(math.Float32frombits(uint32(sb>>32))) * k
	pending, marked, paced := uint32(ot)&loginPending, uint32(ot)&loginMarked, uint32(ot)&loginPaced
	fetched := uint32(ot)&loginFetched != 0
	o := float64(math.Float32frombits(uint32(ot>>32)))*k + float64(pending)
	fb := float64(math.Float32frombits(uint32(sb)))
	if last := st[loginLast]; last != 0 && te > last {
		fb *= math.Exp(-float64(te-last) / basicMemory)
	}
	run := int64(uint32(st[loginDevice]))
	// refresh: a token endpoint's 400 with a Referer is a single-page
	// app's refresh with an expired refresh token: every open tab of it
	// sends one at once after a laptop wakes (3 POSTs within 0.3 s,
	// nothing before them: benign-s9 keycloak-3-tabs-wake was banned at
	// the 3rd). Such a run is paced like a form's (quickPace): the quick
	// rule needs a 4th refusal, or the pace. A guesser sending the
	// Referer there is banned at its 4th guess instead of its 3rd, once
	// per memory (TestRefreshTabsOfOneBrowser).
	refresh := ev.Status == 400 && len(ev.Referer) > 0 && tokenPath(r.path())
	if undo {
		s = max(s-1, 0) // the POST's success taken back
	}
	if refused {
		if f < 0.5 && !basic {
			// A run of refusals starts. It may use the pace exemption
			// if a browser's page came before it and no other run
			// started within the memory (a guesser's runs pay once).
			// A redirect's refusal (undo): the page came before its POST.
			paced = 0
			if len(ev.Referer) > 0 && (pending >= pacedPage || refresh || undo) && (run == 0 || float64(sec-run)*1e9*l.sinvT >= 1 || sec < run) {
				paced = loginPaced
			}
			run = sec
		}
		f++
	} else {
		s++
		if ev.Status < 300 && tokenPath(r.path()) {
			g++
		}
	}
	if basic {
		fb++
	}
	// Basic-auth refusals ban only when Failures of them fall within
	// basicMemory and they are more than basicShare of the client's
	// traffic: a person mistyping sees nothing but the browser's prompt
	// between attempts, Windows' WebDAV redirector gets a 401 before nearly
	// every request it then makes (a share of ~0.5), NTLM 3 before each
	// (0.75), an uptime monitor polls a 401 once a minute or slower; hydra's
	// are all refusals, one a second or faster.
	ex, t := f-l.successCost*s, f+s+o
	if basic {
		viol = fb >= l.failures && ex > basicShare*t
	} else if refused {
		viol = ex >= l.failures && ex >= l.share*t ||
			ex >= l.quickF && ex >= l.quickShare*t && (len(ev.Referer) == 0 || paced == 0 || f >= l.quickF+1 || float64(sec-run) >= quickPace*(f-1))
	}
	if refused && !viol && e.reguess(ev.Client, te) {
		// Banned for a login rule within the offence memory: the ban
		// dropped the counts, not what the client is (offences.go).
		viol = true
	}
	if viol {
		f, s, fb = 0, 0, 0
	} else if !basic && !form && !undo && !(ot&loginStale != 0 && ev.Status == 400) {
		// The /24 counts explicit refusals only (subnet.go). Not a token
		// path's 400 right after a GET answered 401: an app whose access
		// token expired or was revoked tries its refresh token, refused
		// if revoked too; a carrier /24's phones after a mass revocation
		// were banned, one such 400 each (review of a283ccf, fixture
		// cgnat-revoke-slow: 2 phones at 6f577f2, 6 at a283ccf). A
		// guesser sending such a GET before each guess escapes the /24
		// (not its own counts).
		subnet = e.subnetLogin(l, ev.Client, te, refused, ev.Status == 400, pending)
	} else if form {
		// And form POSTs answered 200 by their shape (subnet.go).
		// A repeat: the form fetched since the client's previous login
		// POST (the campaign fetches it for its token; xmlrpc.php has no
		// form, none needed there). A sign-in in two steps on one
		// endpoint (password, then a one-time code) is two blind POSTs
		// and no fetch: a283ccf took any second blind POST for a repeat,
		// and 114 of 120 such phones on a carrier /24 were banned (review
		// of a283ccf, fixture twostep-auth). A tool that never fetches
		// the form is banned at its third guess by its own counts (the
		// quick rule: no Referer); its first two pass.
		var mark bool
		subnet, mark = e.subnetForm(l, ev.Client, te, len(ev.Referer) == 0, pending, st[loginLast] != 0 && (fetched || hasSuffixFold(r.path(), "/xmlrpc.php")))
		marked = 0
		if mark {
			marked = loginMarked
		}
	}
	st[loginLast] = te
	st[loginDevice] = int64(uint64(st[loginDevice])>>32<<32 | uint64(uint32(run)))
	st[loginFS] = int64(uint64(math.Float32bits(float32(f)))<<32 | uint64(math.Float32bits(float32(g))))
	stale := uint32(0)
	if basic {
		stale = loginStale
	}
	redir := uint32(0)
	if !refused && m == "POST" && (ev.Status == 302 || ev.Status == 303) {
		redir = loginRedir
	}
	st[loginOther] = int64(uint64(math.Float32bits(float32(o)))<<32 | uint64(marked|paced|stale|redir))
	st[loginBasic] = int64(uint64(math.Float32bits(float32(s)))<<32 | uint64(math.Float32bits(float32(fb))))
	return viol, subnet
}

// tokenPath reports a path whose last segment ends in "token" (/oauth/token,
// /oauth/access_token, /api/auth/token, /connect/token/) or "token-auth"
// (Django REST Framework's /api-token-auth/, /api/token_auth): a token
// endpoint, where a refused password is answered 400 (DRF's guessers were
// never banned, review s9 attack A2).
func tokenPath(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
	}
	if n := len(p); n > 5 && (p[n-5] == '-' || p[n-5] == '_') && hasSuffixFold(p[n-4:], "auth") {
		p = p[:n-5]
	}
	n := len(p)
	if n < 5 {
		return false
	}
	for i, c := range p[n-5:] {
		if c|0x20 != "token"[i] {
			return false
		}
	}
	return true
}

// loginQuery reports whether query q names a login: a parameter's whole
// value is, or ends in, "login", "logon" or "signin", any case, a version
// after it aside (_task=login, route=account/login, mode=login,
// task=user.login, action=submitlogin, title=Special:UserLogin,
// wa=wsignin1.0). Never inside a word: b0a95b9 took the words anywhere in
// the query, and a comment refused 422 on ?post=designing-... ("signin")
// and an API client POSTing ?team=designing every 10 s were banned (review
// s9 detection). Nor a parameter carrying the URL or path to go to
// afterwards (loginAfterKey: return_to=/login, Spring's
// redirect_uri=.../login/oauth2/code/..): a signed-out tab's autosave
// carries it. Called only for a POST on a path that is no login path.
func loginQuery(q []byte) bool {
	for len(q) > 0 {
		var p []byte
		p, q = cutParam(q)
		v := p
		if i := bytes.IndexByte(p, '='); i >= 0 {
			if loginAfterKey(p[:i]) {
				continue
			}
			v = p[i+1:]
		}
		for n := len(v); n > 0 && (v[n-1] == '/' || v[n-1] == '.' || v[n-1] >= '0' && v[n-1] <= '9'); n-- {
			v = v[:n-1]
		}
		if hasSuffixFold(v, "login") || hasSuffixFold(v, "logon") || hasSuffixFold(v, "signin") {
			return true
		}
	}
	return false
}

// cutParam splits query q at its first '&': the first parameter and the
// rest (nil when none).
func cutParam(q []byte) (p, rest []byte) {
	if i := bytes.IndexByte(q, '&'); i >= 0 {
		return q[:i], q[i+1:]
	}
	return q, nil
}

// loginAfterKey reports a query parameter that carries the URL or path to
// go to after signing in (redirect_uri, redirect_to, return_to, returnTo,
// ReturnUrl, next, url, continue, service, goto, callback), not the
// request's own action.
func loginAfterKey(k []byte) bool {
	if hasPrefixFold(k, "redirect") || hasPrefixFold(k, "return") {
		return true
	}
	for _, w := range [...]string{"next", "url", "continue", "service", "goto", "callback", "target", "dest", "destination", "from"} {
		if len(k) == len(w) && hasPrefixFold(k, w) {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether p starts with the lower-case ASCII prefix
// x, ignoring case.
func hasPrefixFold(p []byte, x string) bool {
	if len(p) < len(x) {
		return false
	}
	return hasSuffixFold(p[:len(x)], x)
}

// devicePath reports a device-authorization endpoint (RFC 8628 3.1):
// /device/code, /devicecode, /device_authorization, /oauth/device/code,
// /login/device/code (GitHub), /oauth2/v2.0/devicecode (Microsoft),
// /protocol/openid-connect/auth/device (Keycloak: kubelogin was banned at
// its 6th poll, benign-s9 oauth-device-flow-polling), /v1/device/authorize
// (Okta), /oauth/authorize_device (GitLab), /application/o/device
// (Authentik). Like the others, an answered POST there spares the
// client's token-path 400s for deviceGrace: any client may start a
// device flow on a public client, so a guesser can buy that too; it
// could with the names above already.
func devicePath(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
	}
	return hasSuffixFold(p, "/device/code") || hasSuffixFold(p, "/devicecode") ||
		hasSuffixFold(p, "/device_authorization") || hasSuffixFold(p, "/openid-connect/auth/device") ||
		hasSuffixFold(p, "/device/authorize") || hasSuffixFold(p, "/authorize_device") ||
		hasSuffixFold(p, "/application/o/device")
}

// hasSuffixFold reports whether p ends in the lower-case ASCII suffix x,
// ignoring case.
func hasSuffixFold(p []byte, x string) bool {
	n := len(p) - len(x)
	if n < 0 {
		return false
	}
	for i, c := range p[n:] {
		if c|0x20 != x[i] && c != x[i] {
			return false
		}
	}
	return true
}

// jetpackCall reports a call of WordPress.com's Jetpack (its user agent,
// "Jetpack by WordPress.com") to xmlrpc.php.
func jetpackCall(ua, p []byte) bool {
	const jp = "Jetpack by WordPress.com"
	return len(ua) >= len(jp) && string(ua[:len(jp)]) == jp && hasSuffixFold(p, "/xmlrpc.php")
}

// xmlrpcApp reports a call to xmlrpc.php by Jetpack (from Automattic's
// 192.0.64.0/18, whence WordPress.com calls) or by WordPress's mobile apps
// (user agents "wp-iphone/", "wp-android/").
func xmlrpcApp(ua []byte, addr netip.Addr, p []byte) bool {
	if !hasSuffixFold(p, "/xmlrpc.php") {
		return false
	}
	u := string(ua)
	if strings.HasPrefix(u, "Jetpack by WordPress.com") {
		return jetpackNet.Contains(addr.Unmap())
	}
	return strings.HasPrefix(u, "wp-iphone/") || strings.HasPrefix(u, "wp-android/")
}

// jetpackNet is Automattic's block that Jetpack's calls come from.
var jetpackNet = netip.MustParsePrefix("192.0.64.0/18")
