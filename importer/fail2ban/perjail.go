package fail2ban

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/guardctl/guardctl/rules"
)

// fail2ban counts failures per jail. The converted throttles are scoped to
// their jail's sources (rules.ThrottleConfig.Sources), so two jails of one
// kind do not add up a client's failures; what is still shared is said.

// jailSources names the sources that read a jail's logs.
func jailSources(srcs []*importSource, jail string) []string {
	var out []string
	for _, s := range srcs {
		if slices.Contains(s.jails, jail) {
			out = append(out, s.name)
		}
	}
	return out
}

// sharedCounts notes the jails that still share counts: guardctl follows a
// file once, so jails of one kind on one log count each other's matches.
func (r *Result) sharedCounts() {
	kind := map[string]string{}
	for _, j := range r.Jails {
		kind[j.Name] = j.Kind
	}
	for _, s := range r.sources() {
		by := map[string][]string{}
		for _, j := range s.jails {
			by[kind[j]] = append(by[kind[j]], j)
		}
		for _, k := range slices.Sorted(maps.Keys(by)) {
			if js := by[k]; len(js) > 1 {
				r.note("source "+s.name, strings.Join(js, ", "), "these jails read one log and report %s: guardctl reads the log once, so their throttles count each other's matches (fail2ban counts per jail)", k)
			}
		}
	}
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
