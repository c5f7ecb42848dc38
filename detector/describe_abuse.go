package detector

import (
	"fmt"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// describeAbuse says how the fixed-number models that ride on [flood]
// (uarotation.go, resourcebytes.go) and on [login] (loginagain.go,
// refusedwrites.go) would count ev, so that `explain` of one line names
// every model a ban can come from. Like DescribeModels it is for people
// reading one line and allocates.
func describeAbuse(p *rules.Policy, ev *parser.Event) []ModelNote {
	out := describeLoginAbuse(p, ev)
	if p.Flood == nil {
		return out
	}
	if string(ev.Method) == "GET" && len(ev.Query) > 0 && rotationPage(ev) {
		out = append(out, ModelNote{Rule: RuleUARotation, Text: fmt.Sprintf(
			"a GET of a page with a query: counts as a rotation when its user agent differs from the client's request before it, its path is %d or more of the client's last 8 paths and it has no Referer or a Referer naming this same path; more than %d rotations within %d s is a violation (weight %d)",
			rotationDominant, rotationLimit, rotationWindow/1e9, p.Flood.Weight)})
	}
	if resourceGET(ev) {
		text := fmt.Sprintf("a download answered %d: a whole answer of %d MiB or more teaches the site the file's size (the %d largest are kept) and is not counted; a ranged answer (206) without a Referer counts its bytes for the client, and more than %d times the file's size within %d min of the client's first counted answer on that path is a violation (weight %d)",
			ev.Status, resourceMin>>20, resourceSlots, resourceFactor, resourceWindow/60e9, p.Flood.Weight)
		if ev.Status == 206 && len(ev.Referer) > 0 {
			text += "; this one has a Referer: not counted"
		}
		out = append(out, ModelNote{Rule: RuleResourceBytes, Text: text})
	}
	return out
}

// describeLoginAbuse: the login model's "again" answers (loginagain.go) and
// the refused-writes run (refusedwrites.go).
func describeLoginAbuse(p *rules.Policy, ev *parser.Event) []ModelNote {
	l := p.Login
	if l == nil {
		return nil
	}
	var r request
	r.reset(ev)
	var out []ModelNote
	if string(ev.Method) == "POST" && (l.Path.Match(r.path()) || loginHandler(r.path())) {
		text := ""
		switch {
		case ev.Status == 200 && (l.Form == nil || !l.Form.Match(r.path())) && againPath(r.path()) && !xmlrpcApp(ev.UA, ev.Client, r.path()):
			text = fmt.Sprintf("a login POST answered 200 off a form path: the form again or the success, judged at the client's next login POST (not one without a Referer and with nothing before it since the previous login POST: the form loop's); if that comes within %s with at most %d other requests between (the form fetched again), this one was refused: a refusal counted then, the requests between not counted as the client's others; otherwise a success. %d such refusals in a row, the last told by a POST answered 200 again, are a violation (weight %d); not in the /24",
				rules.FormatDuration(l.Memory), againBetween, againChain, l.Weight)
		case ev.Status == 302 || ev.Status == 303:
			text = "a login POST answered 302/303: a success, taken back if the client's next request is another login POST (the redirect never followed)"
		}
		if text != "" && !l.Path.Match(r.path()) {
			text = "a login form's handler (its last segment names a login and what it does: login_check.php): a POST to a login path; " + text
		}
		if text != "" {
			out = append(out, ModelNote{Rule: rules.LoginRule, Text: text})
		}
	}
	if u := writeUnit(ev); u > 0 {
		out = append(out, ModelNote{Rule: RuleRefusedWrites, Text: fmt.Sprintf(
			"a write answered %d: %d unit(s) in the client's refused-writes run on this path (each within %d s of the previous; one other request of the client per %d units at most, else the run ends); a run spanning %d s or more with %d units or more and at least one per second of its span is a violation (weight %d)",
			ev.Status, u, writeGap, writeOthers, writeSpan, writeUnits, l.Weight)})
	}
	return out
}
