package detector

import (
	"github.com/guardctl/guardctl/parser"
)

// A proven login success: a POST to a login path ([login]'s path_regex)
// answered 2xx, from a client that the same path answered 401 within
// provenMemory before. Only a 401 is the proof: 403 is what a CSRF check
// or a WAF answers to any POST (a login form without its token, a JSON
// login without its header), whatever the password, so a path that
// answers 403 says nothing about its 2xx (review rev-abuse s13: a
// stuffer on a JSON login answering wrong passwords 200 bought its way
// past login-burst with one token-less POST, 403, every 10 minutes:
// ~4,200 guesses in 25 minutes). Such a path tells a refused password from a
// good one by its status, so its 2xx is a success, and a throttle that
// counts login POSTs whatever their answer (default login-burst: "many
// login forms answer failures with 200 or a redirect just like
// successes, so the status cannot tell") does not count it: the status
// can tell here.
//
// It is a CI end-to-end suite (benign5 playwright-e2e-ci: 4 Playwright
// workers signing in once per test, 152 login POSTs a run, 54-58 in its
// busiest minute, 31-33 of them answered 401 by tests of a wrong
// password; both runners were banned by login-burst at 30 a minute).
// Counted now: its 401s (13 in its busiest minute) and its successes
// before its first 401.
//
// Only the default login-burst throttle (provenThrottle, and only while it
// names no statuses) skips a proven success; every other throttle of a
// path counts it as before (an operator's own throttle of the path is
// there to count every POST), and the [login] model still counts
// successes and refusals as before.
//
// What it lets through: nothing that guesses against a path that answers
// refusals 401 (those still count, in login-burst and in [login]);
// a 2xx from such a path is an accepted password. A path answering some
// refusals 401 and others 200 (unknown user refused, wrong password
// answered the form again) would let 200-answered guesses past
// login-burst, after one 401 within provenMemory; [login] still counts
// them as form refusals if the path is a form endpoint. A path that never
// answers 401/403 (WordPress's wp-login.php, Laravel's and Spring's 302)
// is counted as before: no 2xx there is proven; so is one answering
// refusals 403 only.
//
// State: for a client with a refused login POST, one uint64 (fnv32 of
// the path, high; second of the last refusal, low) in a side table
// (sidetable.go): few clients are ever refused a login. Off without
// [login].
const provenMemory = 15 * 60 // seconds: a CI run is minutes; [login]'s memory is of this order

// provenThrottle is the one throttle a proven success is not counted by:
// the default policy's login-burst, which counts every login POST whatever
// its answer because a form's status cannot tell.
const provenThrottle = "login-burst"

// provenState holds the clients' last refusals; on is false when off.
type provenState struct {
	on   bool
	last sideTable[uint64]
}

// compileProven turns the model on when the policy has a login model;
// the clients' refusals carry over from old when it was on (a reload
// keeps every model's state).
func compileProven(c *compiled, old *provenState) provenState {
	if c.login == nil {
		return provenState{}
	}
	p := provenState{on: true}
	if old != nil && old.on {
		p.last = old.last
	}
	return p
}

// provenLogin marks a refused login POST of client ci and reports whether
// ev is a proven login success.
func (e *Engine) provenLogin(ci uint32, te int64, ev *parser.Event, r *request) bool {
	if string(ev.Method) != "POST" || ev.Status < 200 || ev.Status >= 300 && ev.Status != 401 {
		return false
	}
	if !e.c.login.rx.Path.Match(r.path()) {
		return false
	}
	fp := fnv32(r.path())
	sec := uint32(te / 1e9)
	if ev.Status == 401 {
		e.proven.last.put(ci, uint64(fp)<<32|uint64(sec), e.stats.TimeJumps)
		return false
	}
	v := e.proven.last.get(ci, e.stats.TimeJumps)
	return v != 0 && uint32(v>>32) == fp && sec >= uint32(v) && sec-uint32(v) <= provenMemory
}
