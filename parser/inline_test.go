package parser

import (
	"testing"
	"unsafe"
)

// inside reports whether every byte field of ev points into line.
func inside(line []byte, ev *Event) bool {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	hi := lo + uintptr(len(line))
	for _, f := range [...][]byte{ev.Method, ev.Path, ev.Query, ev.Proto, ev.Referer, ev.UA, ev.XFF, ev.Host, ev.User, ev.Request} {
		if len(f) == 0 {
			continue
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(f))); p < lo || p+uintptr(len(f)) > hi {
			return false
		}
	}
	return true
}

// TestFieldsInLine: the CLF parsers say their fields are in the line
// exactly when they are (the replay then skips copying them), with and
// without escapes in each quoted field, the user and a trailing
// X-Forwarded-For.
func TestFieldsInLine(t *testing.T) {
	lines := []string{
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET /a?b=1 HTTP/1.1" 200 5 "-" "curl/8"`,
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET /a\x22b HTTP/1.1" 200 5 "-" "curl/8"`,
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "https://e.example/\x5c" "curl/8"`,
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla \"x\""`,
		`203.0.113.9 - us\x65r [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`,
		`203.0.113.9 - user [01/Nov/2026:10:00:00 +0000] "\x16\x03\x01" 400 0 "-" "-"`,
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "198.51.100.\x37"`,
		`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "198.51.100.7"`,
	}
	for _, spec := range []Spec{{Format: FormatCombined}, {Format: FormatCombined, TrailingXFF: true}} {
		p, err := New(spec)
		if err != nil {
			t.Fatal(err)
		}
		il, ok := p.(InLine)
		if !ok {
			t.Fatalf("%s parser does not implement InLine", spec.Format)
		}
		escaped := 0
		for _, s := range lines {
			line := []byte(s)
			var ev Event
			if err := p.Parse(line, &ev); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if got, want := il.FieldsInLine(), inside(line, &ev); got != want {
				t.Errorf("%+v %s: FieldsInLine %v, fields in the line %v", spec, s, got, want)
			}
			if !il.FieldsInLine() {
				escaped++
			}
		}
		if escaped == 0 {
			t.Errorf("%+v: no line had a field outside it: the test compares nothing", spec)
		}
	}
}
