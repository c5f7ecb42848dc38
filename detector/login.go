package detector

import (
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

// The low half of loginOther: requests pending, and the bit saying the
// client's last login POST left a blind-repeat mark in its /24's entry
// (subnetForm), to be taken back once the client goes on to use the site.
const (
	loginPending = 1<<30 - 1
	loginMarked  = 1 << 30
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
	// at 1/s reaches 6 at its 7th guess; a monitor polling a 401 once a
	// minute stays at ~2.5).
	basicMemory = 2 * 60 * 1e9
	// basicShare: basic-auth refusals must be more than this share of the
	// client's traffic (NTLM's handshake is 3 401s then a 200 per request,
	// 3/4 exactly, and just above it early on: 6/7 at the 2nd request).
	basicShare = 0.86
	// quickPace: the quick rule (QuickFailures at QuickShare) needs a
	// refusal with a Referer to end a run of refusals that spans at least
	// quickPace per refusal after its first. A browser's password manager
	// resubmitting a stale password makes 3 refusals within seconds, each
	// POST with the form's Referer, and then its user stops, signs in or
	// resets the password (3 POSTs in 11 s were banned, helper-88); a
	// guesser keeps going, and one at a pace of quickPace or faster
	// reaches Failures within a minute. A slow guesser's refusals are
	// tens of seconds apart and still ban at the 3rd. Without a Referer
	// (no browser's form) a run's pace does not matter: a botnet's member
	// making 3 guesses in 17 s and no more was let through (gridbench -red
	// seed 2 bf-spread); a guesser that sends the Referer and makes 3
	// guesses in 20 s, then stops, is.
	quickPace = 10 // seconds
	// appCall: what an XML-RPC call answered 200 to a WordPress mobile
	// app's user agent counts as a refusal when the client made no other
	// request since its previous login POST (a blind call; see login).
	appCall = 1.0 / 8
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
	refused, ok, basic, form, app := false, false, false, false, false
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
		case s == 401 || s == 403 || s == 429:
			refused, ok = true, true
		case s == 400 && tokenPath(r.path()):
			// An OAuth/OIDC token endpoint answers a wrong password
			// 400 invalid_grant (RFC 6749 5.2), and a device flow's
			// polls 400 authorization_pending (RFC 8628 3.5): those
			// follow the client's device-authorization POST.
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
			// But an app's user agent is anyone's, and one POST of
			// system.multicall carries hundreds of guesses, all
			// answered 200 (helper-101). The app makes other requests
			// between its calls (the site's pages, media, the REST
			// API); a guesser calls and calls. So an app's call with
			// no other request since the client's previous login POST
			// is a refusal worth appCall: 20 such calls in a row reach
			// QuickFailures, 48 Failures; a request between two calls
			// keeps the second out (it is neither refusal nor
			// success). Not in the /24 (a carrier's phones).
			if !jetpackNet.Contains(ev.Client.Unmap()) {
				ok, app = true, true
				refused = st[loginLast] != 0 && uint32(st[loginOther])&loginPending == 0
			}
		case s == 200 && l.rx.Form != nil && l.rx.Form.Match(r.path()):
			refused, ok, form = true, true, true
		case s >= 200 && s < 400:
			ok = true
		}
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
		if uint32(st[loginOther])&loginMarked != 0 && p >= subnetOthers {
			st[loginOther] &^= loginMarked
			e.subnets.unmark(ev.Client)
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
	pending, marked := uint32(ot)&loginPending, uint32(ot)&loginMarked
	o := float64(math.Float32frombits(uint32(ot>>32)))*k + float64(pending)
	fb := float64(math.Float32frombits(uint32(sb)))
	if last := st[loginLast]; last != 0 && te > last {
		fb *= math.Exp(-float64(te-last) / basicMemory)
	}
	run := int64(uint32(st[loginDevice]))
	if refused {
		if f < 0.5 && !basic {
			run = sec // a run of refusals starts
		}
		if app {
			f += appCall
		} else {
			f++
		}
	} else if !app {
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
			ex >= l.quickF && ex >= l.quickShare*t && (len(ev.Referer) == 0 || float64(sec-run) >= quickPace*(f-1))
	}
	if viol {
		f, s, fb = 0, 0, 0
	} else if !basic && !form && !app {
		// The /24 counts explicit refusals only (subnet.go).
		subnet = e.subnetLogin(l, ev.Client, te, refused, pending)
	} else if form {
		// And form POSTs answered 200 by their shape (subnet.go).
		var mark bool
		subnet, mark = e.subnetForm(l, ev.Client, te, len(ev.Referer) == 0, pending, st[loginLast] != 0)
		marked = 0
		if mark {
			marked = loginMarked
		}
	}
	st[loginLast] = te
	st[loginDevice] = int64(uint64(st[loginDevice])>>32<<32 | uint64(uint32(run)))
	st[loginFS] = int64(uint64(math.Float32bits(float32(f)))<<32 | uint64(math.Float32bits(float32(g))))
	st[loginOther] = int64(uint64(math.Float32bits(float32(o)))<<32 | uint64(marked))
	st[loginBasic] = int64(uint64(math.Float32bits(float32(s)))<<32 | uint64(math.Float32bits(float32(fb))))
	return viol, subnet
}

// tokenPath reports a path whose last segment ends in "token" (/oauth/token,
// /oauth/access_token, /api/auth/token, /connect/token/): a token endpoint,
// where a refused password is answered 400.
func tokenPath(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
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

// devicePath reports a device-authorization endpoint (RFC 8628 3.1):
// /device/code, /devicecode, /device_authorization, /oauth/device/code,
// /login/device/code (GitHub), /oauth2/v2.0/devicecode (Microsoft).
func devicePath(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
	}
	return hasSuffixFold(p, "/device/code") || hasSuffixFold(p, "/devicecode") ||
		hasSuffixFold(p, "/device_authorization")
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
