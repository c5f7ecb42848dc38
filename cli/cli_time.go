package cli

import (
	"strings"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// relativeTime reads --since/--until given as a duration back from now:
// "1h", "2d", "90m", "1w", optionally with " ago". It reports false for
// anything else, so absolute forms are tried next.
func relativeTime(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "ago"))
	if s == "" || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	d, err := rules.ParseDuration(s)
	if err != nil {
		return time.Time{}, false
	}
	return now.Add(-d).UTC(), true
}
