package detector

import (
	"fmt"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// describeAbuse says how the two fixed-number models that ride on [flood]
// (uarotation.go, resourcebytes.go) would count ev, so that `explain` of one
// line names every model a ban can come from. Like DescribeModels it is for
// people reading one line and allocates.
func describeAbuse(p *rules.Policy, ev *parser.Event) []ModelNote {
	if p.Flood == nil {
		return nil
	}
	var out []ModelNote
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
