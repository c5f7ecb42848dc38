package detector

import (
	"bytes"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// A form loop: one form loaded and posted back, over and over, by a client
// that does nothing else. Some logins answer a refused password exactly as
// an accepted one: Joomla's administrator login posts to
// /administrator/index.php and answers both 303 to the same URL, so the
// status says nothing and the path has no login word for [login] to know
// it by (gridbench -red bf-slow-mix: every one of its misses, 2 of 12 per
// variant, was such a guesser at one guess every 10-30 s). What separates
// the two is what follows: a person who signed in opens the dashboard's
// links (index.php?option=...), loads its assets, and a person who
// mistyped retypes in a browser, whose form POST carries a Referer. A
// guesser posts the form again, perhaps after fetching it again for its
// CSRF token, and never anything else.
//
// So per client: a run of POSTs to one path, each answered 302 or 303 (the
// Post/Redirect/Get answers of a form handler) or 200 (blindLoopURL; not
// 301/307/308, which a
// URL that moved answers to every POST, webhooks' included), each without
// a Referer (but see below), each within formLoopGap of the previous, with nothing between
// two of them but at most formLoopBetween GETs or HEADs of that same path
// with no query (the form, or the redirect followed to it). Any other
// request ends the run. formLoopPosts such POSTs are a violation of
// RuleFormLoop ([login]'s weight) and the run starts again. The run once
// also needed 2 form fetches, for a webhook or API client posting to
// one URL fetches nothing; but only logins count, where no webhook posts,
// and hydra posting blind to a login answered 302/303 or 200 (Magento's
// loginPost, Nextcloud's /login, WooCommerce's /my-account/, Keycloak's
// authenticate: blindLoopURL) was never banned at one guess every 3 s
// (review s9 attacks A1/A3). A person signing in loads the page the
// answer names; one mistyping stops before the tenth try; a backend's
// token grants and the WordPress apps' xmlrpc.php calls are left out.
// Why 10: a person locked out of a form that answers
// every attempt alike gives up or resets the password before the tenth
// try, and the tenth comes within 2-5 minutes at a guesser's pace.
//
// A POST with a Referer counts too, but goes on with a run only when the
// form was fetched since the run's previous POST (else it starts a run of
// its own): a tool that fetches Joomla's form for its CSRF token and
// posts it back with the form's Referer, nothing else, was never banned
// (realistic attacks joomla-admin-bf: 230 guesses every 1.5-3.5 s;
// TestFormLoopWithReferer). The run counts units: a POST without a
// Referer, or with one after a fetch without one (the tool's fetch: a
// browser following the 303 to the form sends the form's Referer), is
// two; a POST with a Referer after fetches with one (a browser's shape)
// is one; 2*formLoopPosts units are a violation (a run's first POST
// with a Referer is one: its fetch came before the run). So such a tool
// is banned at its 11th guess; a person locked out retrying 12 times in a
// browser (fixture form-loop 198.51.100.12) is not, and one retrying 20
// times with nothing else between is (the price: a tool that sends the
// Referer on its fetches too is banned at its 20th guess, not its 10th).
// A person retyping on a form answered 200 (the form again) fetches
// nothing between POSTs: each starts a run of its own.
//
// Session 11: a POST with a Referer right after one answered 302/303,
// nothing between, goes on with the run too: a browser follows every
// redirect; a guesser that fetched Joomla's form once and posts it back
// with its Referer, never following the 303, started a run at each POST
// and was never banned. The first such POST counts no unit (fetch, POST,
// POST: a double click or a password manager submitting twice; people
// behind a NAT doing so were banned at the 7th login, review rev-abuse
// s11), each next one in a row two (TestFormLoopRedirectNotFollowed:
// banned at its 12th guess at 40/s, every 3 s or every 45 s; a guesser
// double-submitting after each fetch at its 20th fetch,
// TestRevAbuseDoubleSubmitGuesserBanned; 10 people double-submitting
// within 10-min gaps are not, TestRevAbuseRedirectDoubleSubmit*).
//
// What it lets through: a guesser that posts with a Referer to a form
// answered 200 without fetching it between guesses, or requests another
// page between guesses; the status-bearing logins are [login]'s.
//
// Only on a login: [login]'s path_regex, or a login that answers refusal
// and success alike and has no login word in its path (Joomla's
// /administrator/ and /administrator/index.php). Review B of 69c49ce: on
// any URL the same shape is a todo app or a cart posting back to itself
// with no Referer (Referrer-Policy no-referrer, a privacy extension) and
// a curl -L upload script, each banned within minutes.
//
// And a strictly periodic run of a minute or slower is a monitor, not a
// guesser: a POST whose gap from the previous one is within
// formLoopJitter of the gap before it, that gap formLoopPeriod or more,
// does not count (review B: a curl check signing in to Joomla's
// administrator every 120 s was banned at its 10th run). A guesser with
// a fixed delay under a minute is still banned (TestFormLoopNeedsTheForm:
// one every 20 s); one that keeps a fixed pace of a minute or more to
// the second, 60 guesses an hour at most, is let through.
//
// State: one slot of the login model (loginLoop), zero for every client
// that never posted a login answered 302/303 (so compact clients stay
// compact): the run's last POST second (32 bits), the gap before it (12
// bits, seconds), an 8-bit fingerprint of its path (a fixed hash, so a
// replay's verdicts are the same in every process), its units (6 bits:
// two a POST without a Referer, see below), formLoopRedirRun (bit 4: the
// last POST went on with the run after a 302/303), its form fetches (1
// bit), formLoopRedir (bit 2: the last POST was answered 302/303), the GETs
// since the last POST (2 bits) and bit 31 (formLoopBare): one of those
// GETs had no Referer.
const (
	formLoopPosts    = 10 // in POSTs worth two units (see formLoopBare)
	formLoopBare     = 1 << 31
	formLoopRedir    = 1 << 2 // the run's last POST was answered 302/303
	formLoopRedirRun = 1 << 4 // the run's last POST went on after a 302/303, nothing between
	formLoopBetween  = 2
	formLoopGap      = 10 * 60 // seconds
	formLoopJitter   = 3       // seconds
	formLoopPeriod   = 60      // seconds: the least period taken for a monitor's
	formLoopCF7Gap   = 20      // seconds: a CF7 post with a Referer within this of the previous one goes on with a run
)

// RuleFormLoop is the rule id of the form loop's violations.
const RuleFormLoop = "form-loop"

// formLoopPath reports whether p is a login a form loop is judged on.
func formLoopPath(l *rules.Login, p []byte) bool {
	if l.Path.Match(p) {
		return true
	}
	const adm = "/administrator/"
	if hasSuffixFold(p, "/administrator/index.php") {
		p = p[:len(p)-len("index.php")]
	}
	return len(p) >= len(adm) && hasSuffixFold(p, adm) && (len(p) == len(adm) || p[len(p)-len(adm)-1] != '/')
}

// blindLoopURL reports whether a POST to p?q answered status counts in a
// form loop. Answered 302 or 303: a login of formLoopPath, one named in
// the query (loginQuery: Joomla's front ?task=user.login, MediaWiki's
// action=submitlogin, OpenCart's route=account/login, phpBB's
// mode=login) or one without a login word (noWordLogin: Magento's
// loginPost). Answered 200: the same and any [login] path_regex path but
// a token endpoint's (a 200 there is a grant: a backend taking a
// client-credentials token every few minutes for an API on another host
// makes nothing but such POSTs) and xmlrpc.php's (the WordPress apps'
// and Jetpack's calls, 200 whatever they carry, back to back in a sync):
// WooCommerce's /my-account/ and Keycloak's login-actions/authenticate
// answer a refused password 200 with the form again (review s9 attack
// A1/A3: hydra there at 4/s and one guess every 3 s was never banned).
//
// And a 200 only on an HTML form's login: on an API or JSON login
// (apiLogin) a 200 is the success itself. ef1a229 counted it, and an app
// signing in every 30 s (okhttp POST /api/v1/sessions 200) was banned at
// its 10th (review s9 detection).
func blindLoopURL(l *rules.Login, p, q []byte, status int) bool {
	if status == 200 && (tokenPath(p) || hasSuffixFold(p, "/xmlrpc.php") || apiLogin(p)) {
		return false
	}
	if noWordLogin(p) || loginQuery(q) {
		return true
	}
	if status == 200 {
		return l.Path.Match(p)
	}
	return formLoopPath(l, p)
}

// apiLogin reports a login path of an API or a JSON endpoint: /api/ in
// it, "token", "sessions" or "oauth" in it, or a .json ending, any case.
func apiLogin(p []byte) bool {
	return containsFold(p, "/api/") || containsFold(p, "token") || containsFold(p, "sessions") ||
		containsFold(p, "oauth") || hasSuffixFold(p, ".json")
}

// containsFold reports whether p holds the lower-case ASCII string x,
// ignoring case.
func containsFold(p []byte, x string) bool {
	for i := 0; i+len(x) <= len(p); i++ {
		if hasPrefixFold(p[i:], x) {
			return true
		}
	}
	return false
}

// abuseKind reports a form endpoint whose POSTs the abuse window
// (formwindow.go) counts: WooCommerce's checkout and coupon calls
// (?wc-ajax=checkout, ?wc-ajax=apply_coupon, answered 200 with the
// payment's or the coupon's refusal in the body), the Store API's
// (storeAPIKind, by its path or by ?rest_route= on a site without pretty
// permalinks) and Contact Form 7's submissions (/wp-json/contact-form-7/
// v1/contact-forms/N/feedback, or the same rest_route). Card testing
// (1,180 checkouts at 2/s), coupon guessing and contact-form spam there
// were never banned (realistic attacks card-testing, otp-and-form-abuse).
func abuseKind(p, q []byte) int {
	if cf7Feedback(p) {
		return abuseCF7
	}
	if k := slowAbuseKind(p, q); k != abuseNone {
		return k // formabuse.go
	}
	if k := storeAPIKind(p); k != abuseNone {
		return k
	}
	// PHP decodes the query's percent-escapes and keeps a repeated
	// key's last value: ?wc-ajax=checkou%74 and ?wc-ajax=x&wc-ajax=checkout
	// are checkouts (review rev-abuse s10, fx/evasion card-dup-param;
	// card testers so were never banned); WordPress routes
	// ?rest_route=/wc/store/v1/checkout (escaped or not) as the path.
	kind, route := abuseNone, abuseNone
	for len(q) > 0 {
		var x []byte
		x, q = cutParam(q)
		var kb [16]byte
		k, v := x, []byte(nil)
		if i := bytes.IndexByte(x, '='); i >= 0 {
			k, v = x[:i], x[i+1:]
		}
		k, ok := shortDecode(kb[:0], k)
		switch {
		case !ok:
		case equalFold(k, "wc-ajax"):
			var vb [16]byte
			v, ok = shortDecode(vb[:0], v)
			kind = abuseNone
			if ok && equalFold(v, "checkout") {
				kind = abuseForm
			} else if ok && equalFold(v, "apply_coupon") {
				kind = abuseCoupon
			}
		case phpKeyIs(k, "rest_route"):
			var vb [80]byte
			v, ok = routeDecode(vb[:0], v)
			route = abuseNone
			if ok && cf7Feedback(v) {
				route = abuseCF7
			} else if ok {
				route = storeAPIKind(v)
			}
		}
	}
	return max(kind, route)
}

// cf7Feedback reports Contact Form 7's REST submission path
// (/wp-json/contact-form-7/v1/contact-forms/N/feedback).
func cf7Feedback(p []byte) bool {
	return hasSuffixFold(p, "/feedback") && containsFold(p, "/contact-form-7/")
}

// storeAPIKind reports the WooCommerce Store API's checkout
// (/wp-json/wc/store/v1/checkout: the block checkout, WooCommerce's
// default since 8.3, posts there and a declined card is answered 400,
// fx/evasion card-storeapi), abuseForm; its coupon call (.../cart/
// apply-coupon, an unknown coupon 400), abuseCoupon. Its batch endpoint
// (.../batch) is none: a block checkout sends every cart and address
// change through it (18 batch calls before one checkout banned a
// shopper, review rev-abuse s11); what a batch runs is in its body,
// which no log shows. WordPress drops every trailing slash (and
// backslash) of a route: .../checkout// is the checkout.
func storeAPIKind(p []byte) int {
	for n := len(p); n > 0 && (p[n-1] == '/' || p[n-1] == '\\'); n-- {
		p = p[:n-1]
	}
	switch {
	case !containsFold(p, "/wc/store/"):
		return abuseNone
	case hasSuffixFold(p, "/checkout"):
		return abuseForm
	case hasSuffixFold(p, "/apply-coupon"):
		return abuseCoupon
	}
	return abuseNone
}

// shortDecode percent-decodes src into dst (its capacity at most: a
// longer text is no value abuseKind looks for, ok false).
func shortDecode(dst, src []byte) ([]byte, bool) {
	return pctDecode(dst, src, false)
}

// routeDecode is shortDecode for a route, whose runs of slashes and
// backslashes it keeps as one: WordPress drops a route's trailing
// slashes, so a value padded with them past dst's capacity is still the
// route (review rev-abuse s11: 70 trailing slashes escaped).
func routeDecode(dst, src []byte) ([]byte, bool) {
	return pctDecode(dst, src, true)
}

// pctDecode percent-decodes src into dst, at most its capacity (else ok
// false), with runs of slashes and backslashes as one if slashes.
func pctDecode(dst, src []byte, slashes bool) ([]byte, bool) {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '%' && i+2 < len(src) {
			if h, ok := unhex(src[i+1]); ok {
				if l, ok := unhex(src[i+2]); ok {
					c = h<<4 | l
					i += 2
				}
			}
		}
		if n := len(dst); slashes && (c == '/' || c == '\\') && n > 0 && (dst[n-1] == '/' || dst[n-1] == '\\') {
			continue
		}
		if len(dst) == cap(dst) {
			return dst, false
		}
		dst = append(dst, c)
	}
	return dst, true
}

// phpKeyIs reports whether query key k is x (lower case, with '_' for
// PHP's mangled characters) as PHP names it in $_GET: PHP turns '.', ' '
// ('+' in a query) and an unclosed '[' in a key into '_', so
// ?rest.route=, ?rest+route= and ?rest[route= are ?rest_route= to
// WordPress (review rev-abuse s11: card testers so went free).
func phpKeyIs(k []byte, x string) bool {
	if len(k) != len(x) {
		return false
	}
	for i := range len(k) {
		c := k[i]
		switch {
		case c == '.' || c == ' ' || c == '+':
			c = '_'
		case c == '[' && bytes.IndexByte(k[i:], ']') < 0:
			c = '_'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if c != x[i] {
			return false
		}
	}
	return true
}

// equalFold reports whether p is the lower-case ASCII string x, ignoring
// case.
func equalFold(p []byte, x string) bool {
	return len(p) == len(x) && hasPrefixFold(p, x)
}

// noWordLogin reports a login form's handler whose path has no login word
// for [login]'s path_regex: WooCommerce's /my-account/ (its login and
// register forms post there; the account's own forms post to
// /my-account/<endpoint>/) and Magento's /customer/account/loginPost/.
func noWordLogin(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
	}
	return hasSuffixFold(p, "/my-account") || hasSuffixFold(p, "/loginpost")
}

// formLoop counts request ev (path r) at te in the client's loop slot and
// reports a violation.
func (e *Engine) formLoop(l *clogin, slot *int64, te int64, ev *parser.Event, r *request) bool {
	v := uint64(*slot)
	m := string(ev.Method)
	kind := abuseNone
	if m == "POST" {
		kind = abuseKind(r.path(), ev.Query)
	}
	if v&abuseMark == abuseMark && kind == abuseNone && magentoCartStep(r.path()) {
		return false // the checkout script's cart call: no view (formabuse.go)
	}
	if v&abuseMark == abuseMark || kind != abuseNone {
		if done, viol := abuseWindow(slot, te, ev, kind); done {
			return viol
		}
		v = uint64(*slot)
	}
	post := m == "POST" && (ev.Status == 302 || ev.Status == 303 || ev.Status == 200)
	if v == 0 && !post {
		return false
	}
	if post && !blindLoopURL(l.rx, r.path(), ev.Query, ev.Status) {
		*slot = 0 // another request: the run ends
		return false
	}
	fp := uint64(fnv32(r.path())&0xff | 1)
	if post {
		sec := uint64(uint32(te / 1e9))
		n, forms, gap := uint64(0), uint64(0), uint64(0)
		// A POST with a Referer goes on with the run only when the form
		// was fetched since the run's previous POST (the low 2 bits);
		// otherwise it starts a run of its own. It is worth one unit,
		// or two when a fetch since that POST had no Referer (a browser
		// following the 303 sends one; a tool's fetch for the token
		// does not); a POST without a Referer is worth two.
		// And a POST with a Referer right after one answered 302/303,
		// nothing between, goes on with the run at two units: a browser
		// follows every redirect (the form again, or the dashboard), a
		// guesser reusing one fetch of Joomla's form for all its guesses
		// does not (it started a run at each POST and was never banned).
		// But only from the second such POST in a row (review rev-abuse
		// s11): a password manager or a double click submits a fetched
		// form twice, both answered 303 (fetch, POST, POST: the second
		// POST counts none, the same attempt again); a guesser goes on
		// (POST, POST, POST: two units each from the third).
		redir := v&formLoopRedir != 0 && v&0x3 == 0
		cont := v != 0 && (v>>11)&0xff == fp && int64(sec)-int64(v>>32) <= formLoopGap && sec >= v>>32 && (len(ev.Referer) == 0 || v&0x3 != 0 || redir)
		unit := uint64(2)
		redirRun := uint64(0)
		if len(ev.Referer) > 0 && cont && redir {
			redirRun = formLoopRedirRun
			if v&formLoopRedirRun == 0 {
				unit = 0 // a double submission
			}
		} else if len(ev.Referer) > 0 && !(cont && v&formLoopBare != 0) {
			unit = 1
		}
		periodic := false
		if cont {
			n, forms = (v>>5)&0x3f, (v>>3)&0x1
			gap = sec - v>>32
			// Periodic: a monitor's run, not counted.
			prev := (v >> 19) & 0xfff
			periodic = n > 0 && prev >= formLoopPeriod && max(gap, prev)-min(gap, prev) <= formLoopJitter
		}
		if !periodic {
			n += unit
		}
		if n >= 2*formLoopPosts {
			*slot = 0
			return true
		}
		r := uint64(0)
		if ev.Status == 302 || ev.Status == 303 {
			r = formLoopRedir
		}
		*slot = int64(sec<<32 | min(gap, 0xfff)<<19 | fp<<11 | min(n, 0x3f)<<5 | redirRun | forms<<3 | r)
		return false
	}
	if between := v & 0x3; (m == "GET" || m == "HEAD") && len(ev.Query) == 0 && (v>>11)&0xff == fp && between < formLoopBetween {
		forms := min((v>>3)&0x1+1, 0x1)
		bare := uint64(0)
		if len(ev.Referer) == 0 {
			bare = formLoopBare
		}
		*slot = int64(v&^0x1f | forms<<3 | (between + 1) | bare)
		return false
	}
	*slot = 0
	return false
}

// fnv32 is the 32-bit FNV-1a hash of p: a fixed function, so fingerprints
// and the verdicts that depend on their collisions are the same in every
// process replaying a log.
func fnv32(p []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range p {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}
