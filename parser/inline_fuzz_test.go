package parser

import (
	"bytes"
	"testing"
)

// FuzzFieldsInLine: whenever a parser that implements InLine says its
// fields are in the line after a successful Parse, every byte field points
// into the line (the replay then keeps the event without copying its
// fields, and reuses the line's buffer). The input is split on "\n" and its
// lines parsed one after another by the same parser, so that what one
// Parse leaves in the parser meets the next. Saying "not in the line" for
// a line whose fields are is only a missed saving, not checked.
func FuzzFieldsInLine(f *testing.F) {
	var specs []Spec
	for _, spec := range fuzzSpecs {
		if _, ok := mustNew(f, spec).(InLine); ok {
			specs = append(specs, spec)
		}
	}
	if len(specs) == 0 {
		f.Fatal("no parser implements InLine: nothing to fuzz")
	}
	for _, s := range fuzzSeeds() {
		for i := range specs {
			f.Add(uint8(i), []byte(s))
		}
	}
	// Escapes in each field, one unescaped to a single byte, and an
	// escaped line followed by a plain one.
	f.Add(uint8(0), []byte(`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET /a\x22b HTTP/1.1" 200 5 "-" "curl/8"`))
	f.Add(uint8(0), []byte(`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "\x41"`))
	f.Add(uint8(1), []byte(`203.0.113.9 - us\x65r [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "198.51.100.\x37"`+
		"\n"+`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "198.51.100.7"`))
	parsers := make([]Parser, len(specs))
	for i, spec := range specs {
		parsers[i] = mustNew(f, spec)
	}
	f.Fuzz(func(t *testing.T, which uint8, input []byte) {
		p := parsers[int(which)%len(parsers)]
		il := p.(InLine)
		for line := range bytes.SplitSeq(input, []byte("\n")) {
			var ev Event
			if err := p.Parse(line, &ev); err != nil {
				continue
			}
			if il.FieldsInLine() && !inside(line, &ev) {
				t.Fatalf("%s: FieldsInLine, but a field is outside the line %q", p.Format(), line)
			}
		}
	})
}
