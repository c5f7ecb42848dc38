package detector

import "github.com/guardctl/guardctl/parser"

// A login form that answers every POST with a redirect (302/303) tells a
// refused password only where the redirect lands: Jenkins sends a refused
// POST /j_spring_security_check to /loginError, answered 401; Spring
// Security's default form login to /login?error; others to a
// /login_failed or ?login=failed page. The login model counted the POST a
// success (any 2xx/3xx), and the landing GET with its Referer nothing: a
// guesser at Jenkins's form every 4-9 s went free (realistic attacks4
// jenkins-script-console, 60 guesses). A client following the redirect
// fetches the landing page right after the POST, nothing between, so that
// GET (or HEAD) within redirectGap of a login POST answered 302/303, on
// a path naming a login and answered 401 or 403 or naming a failure
// (redirectLanding), turns the
// POST into a refusal: its success is taken back and a refusal counted
// (login.go, undo). A person who mistyped once and then signs in has a
// refusal and a success, as with a form answering 401. Walk-arounds
// (review s12 item 4; an earlier comment said the form loop caught the
// first, it does not): a guesser that fetches the login form before each
// POST and never follows the redirect (60 guesses at Jenkins every 4-9 s
// with the form's Referer: no rule); one fetching anything before
// following the redirect, or following it after redirectGap; a refusal
// redirected to a page naming no login or no failure.
//
// Not counted in the /24 (subnet.go), where the POST already counted a
// success: stuffing against such a form from many addresses is left to
// each address's own counts.
const redirectGap = 10e9 // ns: a browser follows a redirect at once

// redirectRefusal reports whether request ev (path r) at te lands a
// refused login's redirect: the client's last login POST, within
// redirectGap and nothing since, was answered 302/303 and counted a
// success (loginRedir), and this answer or its URL says refused.
func redirectRefusal(st []int64, te int64, ev *parser.Event, r *request) bool {
	o := uint32(st[loginOther])
	if o&loginRedir == 0 || o&loginPending != 0 || te < st[loginLast] || te-st[loginLast] > redirectGap {
		return false
	}
	return redirectLanding(r.path(), ev.Query, ev.Status)
}

// redirectLanding reports a landing page that says a login was refused:
// a path naming a login (loginLanding) answered 401 or 403 or naming a
// failure (redirectFailed). Other pages naming a failure or answered 403
// are where a signed-in user goes (review s12 item 3: a synthetic check
// signing in every 5 minutes to watch Laravel Horizon's /horizon/failed
// was banned by login-guess; /jobs?status=failed, Jenkins's
// lastFailedBuild, an /admin a user has no role for).
func redirectLanding(p, q []byte, status int) bool {
	return loginLanding(p) && (status == 401 || status == 403 || redirectFailed(p, q))
}

// loginLanding reports a path naming a login: login (Jenkins's
// /loginError, Spring's /login, Grails's /login/authfail), signin, logon,
// auth (not author), Spring Security's j_spring_security_check.
func loginLanding(p []byte) bool {
	if containsFold(p, "login") || containsFold(p, "signin") || containsFold(p, "logon") || containsFold(p, "j_spring") {
		return true
	}
	for i := 0; i+4 <= len(p); i++ {
		if containsFold(p[i:i+4], "auth") && !containsFold(p[i+4:min(i+6, len(p))], "or") {
			return true
		}
	}
	return false
}

// redirectFailed reports a landing URL naming a failure: its last path
// segment, or a query parameter's key or value, holds "error" or "fail"
// (/loginError, /login_failed, /login?error, ?login=failed,
// ?authfailed=1). Not a parameter carrying the URL to go to afterwards
// (loginAfterKey: return_to=/error-pages/...).
func redirectFailed(p, q []byte) bool {
	last := trimSlash(p)
	for i := len(last) - 1; i >= 0; i-- {
		if last[i] == '/' {
			last = last[i+1:]
			break
		}
	}
	if containsFold(last, "error") || containsFold(last, "fail") {
		return true
	}
	for len(q) > 0 {
		var x []byte
		x, q = cutParam(q)
		k := x
		for i, c := range x {
			if c == '=' {
				k = x[:i]
				break
			}
		}
		if loginAfterKey(k) {
			continue
		}
		if containsFold(x, "error") || containsFold(x, "fail") {
			return true
		}
	}
	return false
}
