package detector

import "bytes"

// Some logins answer a refused password with the form again, 200, on a
// path [login]'s form_regex does not know: TYPO3's backend (POST
// /typo3/login?loginProvider=..., a success 303), gnuboard's POST
// /bbs/login_check.php (a refusal 200 with an alert page, a success 302),
// XenForo's /login/login. The login model counted such a 200 a success:
// a TYPO3 guesser every 1.5-3 s for 12 minutes, a gnuboard guesser every
// 3-6 s for 40 minutes and ~70 stuffing addresses went free (realistic
// attacks9 typo3-backend-login-guessing-school-vhosts,
// gnuboard-login-guessing-kr-forum-http3-users: 0 of 72 banned). Counting
// every such 200 a refusal, by path, would ban whoever signs in where a
// success is 200 too, and a balancer's address behind which 60 users
// mistype (benign9 origin-logs-only-the-balancer).
//
// What tells the two apart is what the client does next. A person who
// signed in opens the application's pages and assets; one refused posts
// the form again, perhaps after fetching it again. So such a 200 (an
// "again" answer: a POST to a login path, not a form_regex one, nor an
// API, token or XML-RPC login, where a 200 is the success) is counted
// neither way when it comes. The client's next login POST decides: if it
// made at most againBetween other requests since (the form fetched again
// for its token) and comes within the model's memory, the previous answer
// was a refusal and counts one now (and the quick rule and the main rule
// judge the counts then, as at any refusal); otherwise the client used
// the site and it was a success, counted now. A blind POST (no Referer,
// nothing since the previous login POST) is no "again" answer: a run of
// those is the form loop's (formloop.go, which also knows loginHandler's
// paths now), as before (fixture login-blind-loop-redirect).
//
// And a chain of such refusals, each followed within the memory by the
// next login POST with at most againBetween requests between, no other
// answer to a login POST between, is a violation at its againChain-th
// refusal told by a POST answered again (the 4th POST) whatever the
// memory's decay says, when the client has no success within the memory
// (decayed successes under one half): a slow guesser that fetches the
// form and posts every 5-15 minutes from a home address never reached
// the decayed counts (attacks9's TYPO3 botnet, 4-10 tries each). A person
// who mistyped three times and then signed in is not banned (the 4th POST
// is the success, not answered again); one retrying a 4th time with
// nothing else between is, as a form answering 401 bans at the 3rd
// refusal of a client that does nothing else (the quick rule).
//
// On a shared address (a NAT, a balancer), other people's requests
// between two login POSTs break the chain, and other people's sign-ins
// keep it from a violation: the proportion of the decayed counts judges
// it, as before (benign9 origin-logs-only-the-balancer,
// kr-forum-naver-yeti-daum-cgnat, the school NAT of the TYPO3 fixture;
// a quiet carrier CGNAT where four users' sign-ins fell in a row was
// banned by the chain until it needed no success: fixture
// abuse-s17-login-again).
//
// A login POST answered 302/303 followed by another login POST with
// nothing between loses its success (login.go): a browser follows every
// redirect; a stuffing tool that hit an account goes on guessing
// (attacks9 gnuboard: a hit at the 3rd guess of 6 kept the address
// under the counts).
//
// Not counted in the /24 (subnet.go): like a form's 200, a refusal and a
// success look alike there.
//
// What it lets through: a guesser that makes 3 or more other requests
// between guesses (loads the application's pages as a success would), or
// waits more than the memory between them; one that signs in to an
// account of its own every ~20 minutes (a success within the memory
// keeps the chain from a violation; the decayed counts still judge it);
// a login path [login] does not know. What it may ban: a client that signs in over and over on such a
// login, answered 200 each time, and does nothing else between (a
// monitor; allow its address, as for a monitor asserting a refusal).
//
// State: 4 bits of the login model's loginOther word (login.go): the
// last login POST was such an answer (loginAgain) and the chain's
// refusals (3 bits).
const (
	againBetween = 2 // other requests between two login POSTs of a retry: the form, and its redirect or token
	againChain   = 3 // refusals in a chain that are a violation (its 4th POST)
	againShift   = 22
	againMask    = 7 << againShift
	loginAgain   = 1 << 25
)

// againPath reports whether a POST to login path p answered 200 is an
// "again" answer: not on an API, token or XML-RPC login, where a 200 is
// the success (an app signing in every 30 s with nothing else, okhttp POST
// /api/v1/sessions, review s9 detection).
func againPath(p []byte) bool {
	return !tokenPath(p) && !apiLogin(p) && !hasSuffixFold(p, "/xmlrpc.php")
}

// loginHandler reports a login form's handler whose last segment names a
// login followed by what it does, which path_regex's end anchor misses:
// gnuboard's /bbs/login_check.php, and the same shape elsewhere
// (login_ok.php, login_process.php, loginAction.do, signin_submit.asp).
func loginHandler(p []byte) bool {
	if i := bytes.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if i := bytes.IndexByte(p, '.'); i >= 0 {
		p = p[:i]
	}
	var rest []byte
	for _, w := range [...]string{"login", "log_in", "log-in", "signin", "sign_in", "logon"} {
		if hasPrefixFold(p, w) {
			rest = p[len(w):]
			break
		}
	}
	if len(rest) == 0 {
		return false
	}
	if rest[0] == '_' || rest[0] == '-' {
		rest = rest[1:]
	}
	for _, w := range [...]string{"check", "ok", "proc", "process", "action", "submit", "exec"} {
		if equalFold(rest, w) {
			return true
		}
	}
	return false
}
