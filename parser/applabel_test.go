package parser

import "testing"

// An app pattern's Label is the Source of its events; other patterns'
// events leave Source to the pipeline (the source's label).
func TestAppPatternLabel(t *testing.T) {
	p, err := New(Spec{Format: FormatApp, Patterns: []Pattern{
		{Regex: `imap failed from (?P<host>\S+)`, Kind: KindAuthFailure, Label: "f2b-imap"},
		{Regex: `smtp failed from (?P<host>\S+)`, Kind: KindAuthFailure},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"2026-12-06T04:00:00Z imap failed from 192.0.2.1": "f2b-imap",
		"2026-12-06T04:00:01Z smtp failed from 192.0.2.1": "",
	} {
		ev := Event{Source: "stale"}
		if err := p.Parse([]byte(line), &ev); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if ev.Source != want {
			t.Errorf("%q: Source %q, want %q", line, ev.Source, want)
		}
	}
}
