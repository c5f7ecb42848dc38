package parser

import (
	"errors"
	"net/netip"
	"testing"
)

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

// A pattern's Unless vetoes it on the lines it matches; the next pattern
// is tried.
func TestAppPatternUnless(t *testing.T) {
	p, err := New(Spec{Format: FormatApp, Patterns: []Pattern{
		{Regex: `user \S+ from (?P<host>\S+)`, Kind: KindAuthFailure, Unless: []string{`user admin `}},
		{Regex: `user admin from (?P<host>\S+)`, Kind: KindForbidden},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]Kind{
		"2026-12-06T04:00:00Z user bob from 192.0.2.1":   KindAuthFailure,
		"2026-12-06T04:00:00Z user admin from 192.0.2.1": KindForbidden,
	} {
		var ev Event
		if err := p.Parse([]byte(line), &ev); err != nil || ev.Kind != want {
			t.Errorf("%q: kind %v err %v, want %v", line, ev.Kind, err, want)
		}
	}
	if _, err := New(Spec{Format: FormatApp, Patterns: []Pattern{{Regex: `(?P<host>\S+)`, Unless: []string{`(`}}}}); err == nil {
		t.Error("a bad unless regex: no error")
	}
}

// A pattern's IgnoreClients spare those clients from it (a fail2ban jail's
// own ignoreip): the next pattern is tried, and a line no other pattern
// takes is ignored, not "no event".
func TestAppPatternIgnoreClients(t *testing.T) {
	p, err := New(Spec{Format: FormatApp, Patterns: []Pattern{
		{Regex: `imap failed from (?P<host>\S+)`, Kind: KindAuthFailure, Label: "f2b-imap",
			IgnoreClients: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("2001:db8::1/128")}},
		{Regex: `(?:imap|smtp) failed from (?P<host>\S+)`, Kind: KindAuthFailure, Label: "f2b-mail"},
		{Regex: `pop failed from (?P<host>\S+)`, Kind: KindAuthFailure,
			IgnoreClients: []netip.Prefix{netip.MustParsePrefix("198.51.100.7/32")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"2026-12-06T04:00:00Z imap failed from 203.0.113.1":      "f2b-imap",
		"2026-12-06T04:00:00Z imap failed from 192.0.2.9":        "f2b-mail",
		"2026-12-06T04:00:00Z imap failed from ::ffff:192.0.2.9": "f2b-mail",
		"2026-12-06T04:00:00Z imap failed from 2001:db8::1":      "f2b-mail",
		"2026-12-06T04:00:00Z imap failed from 2001:db8::2":      "f2b-imap",
		"2026-12-06T04:00:00Z pop failed from 198.51.100.8":      "",
	} {
		var ev Event
		if err := p.Parse([]byte(line), &ev); err != nil || ev.Source != want {
			t.Errorf("%q: source %q err %v, want %q", line, ev.Source, err, want)
		}
	}
	var ev Event
	err = p.Parse([]byte("2026-12-06T04:00:00Z pop failed from 198.51.100.7"), &ev)
	var le *LineError
	if !errors.As(err, &le) || le.Reason != ReasonIgnored {
		t.Errorf("a spared client no other pattern takes: %v, want %s", err, ReasonIgnored)
	}
}
