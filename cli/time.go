package cli

import (
	"fmt"
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

// timeLayouts are the forms --since/--until accept; zones default to UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "02/Jan/2006:15:04:05 -0700"}

func parseTimeArg(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, ok := relativeTime(s, time.Now()); ok {
		return t, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time; use a duration back from now (1h, 2d), RFC 3339 (2026-11-01T10:00:00Z), 2026-11-01 or '2026-11-01 10:00:00'", s)
}
