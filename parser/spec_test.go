package parser

import (
	"strings"
	"testing"
)

func TestNewRejectsBadSpecs(t *testing.T) {
	tests := []struct {
		name    string
		spec    Spec
		wantMsg string // a word the message must contain to be useful
	}{
		{"no format", Spec{}, "empty"},
		{"unknown format", Spec{Format: "nginx"}, `"nginx"`},
		{"regex without regex", Spec{Format: FormatRegex}, "no regex"},
		{"regex does not compile", Spec{Format: FormatRegex, Regex: `(?P<client>`}, "missing closing )"},
		{"regex unknown group", Spec{Format: FormatRegex, Regex: `(?P<client>\S+) (?P<tme>\S+)`}, `"tme"`},
		{"regex duplicate group", Spec{Format: FormatRegex, Regex: `(?P<client>\S+) (?P<time>\S+) (?P<time>\S+)`}, "twice"},
		{"regex without client", Spec{Format: FormatRegex, Regex: `(?P<time>\S+)`}, "client"},
		{"regex without time", Spec{Format: FormatRegex, Regex: `(?P<client>\S+)`}, "time"},
		{"trailing xff on json", Spec{Format: FormatJSON, TrailingXFF: true}, "trailing_xff"},
		{"syslog on regex", Spec{Format: FormatRegex, Regex: `(?P<client>\S+) (?P<time>\S+)`, Syslog: true}, "syslog"},
		{"time layout on combined", Spec{Format: FormatCombined, TimeLayout: "2006"}, "time_layout"},
		{"regex on combined", Spec{Format: FormatCombined, Regex: "x"}, "regex"},
		{"json fields on combined", Spec{Format: FormatCombined, JSONFields: JSONFields{UA: []string{"ua"}}}, "json_fields"},
		{"json required field emptied", Spec{Format: FormatJSON, JSONFields: JSONFields{Status: []string{}}}, "status"},
		{"json empty path segment", Spec{Format: FormatJSON, JSONFields: JSONFields{UA: []string{"a..b"}}}, `"a..b"`},
		{"json key for two fields", Spec{Format: FormatJSON, JSONFields: JSONFields{UA: []string{"x"}, Referer: []string{"x"}}}, `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.spec)
			if err == nil {
				t.Fatalf("New(%+v) = %v, nil; want an error", tt.spec, p.Format())
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("New(%+v) error = %q, want it to mention %s", tt.spec, err, tt.wantMsg)
			}
		})
	}
}

func TestNewAcceptsEveryFormat(t *testing.T) {
	for _, f := range Formats() {
		spec := Spec{Format: f}
		if f == FormatRegex {
			spec.Regex = `(?P<client>\S+) (?P<time>\S+)`
		}
		if f == FormatApp {
			spec.Patterns = []Pattern{{Regex: `from (?P<host>\S+)`, Kind: KindAuthFailure}}
		}
		p := mustNew(t, spec)
		if p.Format() != f {
			t.Errorf("New(%q).Format() = %q", f, p.Format())
		}
	}
}
