package detector

import (
	"hash/maphash"

	"github.com/guardctl/guardctl/parser"
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
// Post/Redirect/Get answers of a form handler; not 301/307/308, which a
// URL that moved answers to every POST, webhooks' included), each without
// a Referer, each within formLoopGap of the previous, with nothing between
// two of them but at most formLoopBetween GETs or HEADs of that same path
// with no query (the form, or the redirect followed to it). Any other
// request ends the run. formLoopPosts such POSTs, among which the form was
// fetched formLoopForms times or more, are a violation of RuleFormLoop
// ([login]'s weight) and the run starts again. Why the form fetches: a
// webhook sender or an API client posts to one URL and fetches nothing,
// and a misconfigured integration redirected to a login page posts there
// for ever; a form guesser reloads the form for its token (bf-slow-mix:
// one guess in two). Why 10: a person locked out of a form that answers
// every attempt alike gives up or resets the password before the tenth
// try, and the tenth comes within 2-5 minutes at a guesser's pace.
//
// What it lets through: a guesser that sends a Referer, or requests
// another page between guesses, or never fetches the form; the
// status-bearing logins are [login]'s.
//
// State: one slot of the login model (loginLoop), zero for every client
// that never posted a form answered 302/303 (so compact clients stay
// compact): the run's last POST second, a 16-bit fingerprint of its path
// (the engine's seed), its POSTs, its form fetches and the GETs since the
// last POST.
const (
	formLoopPosts   = 10
	formLoopForms   = 2
	formLoopBetween = 2
	formLoopGap     = 10 * 60 // seconds
)

// RuleFormLoop is the rule id of the form loop's violations.
const RuleFormLoop = "form-loop"

// formLoop counts request ev (path r) at te in the client's loop slot and
// reports a violation.
func (e *Engine) formLoop(slot *int64, te int64, ev *parser.Event, r *request) bool {
	v := uint64(*slot)
	m := string(ev.Method)
	post := m == "POST" && (ev.Status == 302 || ev.Status == 303) && len(ev.Referer) == 0
	if v == 0 && !post {
		return false
	}
	fp := uint64(uint16(maphash.Bytes(e.seed, r.path())) | 1)
	if post {
		sec := uint64(uint32(te / 1e9))
		n, forms := uint64(0), uint64(0)
		if v != 0 && (v>>16)&0xffff == fp && int64(sec)-int64(v>>32) <= formLoopGap {
			n, forms = (v>>8)&0xff, (v>>4)&0xf
		}
		n++
		if n >= formLoopPosts && forms >= formLoopForms {
			*slot = 0
			return true
		}
		*slot = int64(sec<<32 | fp<<16 | min(n, 0xff)<<8 | forms<<4)
		return false
	}
	if between := v & 0xf; (m == "GET" || m == "HEAD") && len(ev.Query) == 0 && (v>>16)&0xffff == fp && between < formLoopBetween {
		forms := min((v>>4)&0xf+1, 0xf)
		*slot = int64(v&^0xff | forms<<4 | (between + 1))
		return false
	}
	*slot = 0
	return false
}
