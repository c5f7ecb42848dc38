package patterns

import (
	"net/url"
	"strings"
	"testing"
)

// BenchmarkProse64KQuery (review s9 detection): 64 KB queries made of prose mentions (the
// prose checks read every occurrence) and of payload-ish fragments.
func BenchmarkProse64KQuery(b *testing.B) {
	m := mustCompile(b, Options{})
	for name, unit := range map[string]string{
		"etc-passwd-prose": "q=" + url.QueryEscape("/etc/passwd format explained ") + "&",
		"metadata-prose":   "u=" + url.QueryEscape("169.254.169.254 metadata aws docs ") + "&",
		"abs-path-prose":   "f=" + url.QueryEscape("/etc/group file fields meaning ") + "&",
		"script-tag-prose": "s=" + url.QueryEscape("<script> tag defer vs async ") + "&",
		"one-value-many":   "",
	} {
		q := strings.Repeat(unit, 65536/max(len(unit), 1))
		if unit == "" {
			q = "q=" + url.QueryEscape(strings.Repeat("/etc/passwd x ", 65536/14))
		}
		target := "/search?" + q[:min(len(q), 65536)]
		r := req("GET", target, browserUA, "")
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m.Match(r, nil)
			}
		})
	}
}
