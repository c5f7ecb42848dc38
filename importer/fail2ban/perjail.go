package fail2ban

import (
	"fmt"
	"slices"
	"strings"

	"github.com/guardctl/guardctl/rules"
)

// fail2ban counts failures per jail. The converted throttles are scoped to
// their jail's sources (rules.ThrottleConfig.Sources); on a log several
// jails read (guardctl follows a file once, as one source), each jail's
// patterns carry a label of their own ([[source.pattern]] label), so two
// jails never add up a client's failures.

// jailSources names what a jail's throttle counts: the sources that read
// only its logs, and its pattern label ("f2b-" and the jail, which is also
// the name of a source of its own) on logs it shares.
func jailSources(srcs []*importSource, jail string) []string {
	var out []string
	for _, s := range srcs {
		if !slices.Contains(s.jails, jail) {
			continue
		}
		name := s.name
		if len(s.jails) > 1 {
			name = "f2b-" + jail
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// writeDisabledEventThrottles turns off the default policy's throttles
// that count an event kind over every source (auth-failure-events ...):
// they would add up a client's failures across jails, which fail2ban never
// does. The jails' own throttles replace them.
func writeDisabledEventThrottles(b *strings.Builder) {
	for _, t := range rules.Default().Throttles {
		if t.Disabled || t.Event == "" || t.Event == "request" || len(t.Sources) > 0 {
			continue
		}
		fmt.Fprintf(b, "[[throttle]]  # the default policy's %s over every source; the jails' throttles count per jail\n", t.Event)
		fmt.Fprintf(b, "id = %q\ndisabled = true\n\n", t.ID)
	}
}
