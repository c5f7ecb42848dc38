package cli

import (
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
)

// models explains how the [flood] and [login] behaviour models count the
// request (detector.DescribeModels).
func (x *explainer) models(ev *parser.Event) {
	notes := detector.DescribeModels(x.pol, ev)
	if len(notes) == 0 {
		return
	}
	x.printf("\nBehaviour models (how this request counts)\n")
	for _, n := range notes {
		x.printf("  %-16s %s\n", n.Rule, n.Text)
	}
}
