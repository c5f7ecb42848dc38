package payloads

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// Inert says whether a corpus entry carries no attack content at all, and
// why ("" when it does). The corpus is kept raw as published, so its
// lists hold documentation lines and bare fuzz values besides payloads;
// no detector can or should flag them, and counting them as misses
// understates what the signatures catch. The rule was written down before
// looking at which entries the detector misses, and it never consults the
// detector:
//
//   - header: a comment or Markdown header line of the source list: "#"
//     alone, or "#" followed by a space, a tab or another "#" (the
//     corpus' own convention for comments, SOURCES.md). "#{7*7}" and
//     "#x{...}" are payloads and stay.
//
//   - bare value (every class but sensitive_paths and cve_probes, whose
//     path is the content): after percent-decoding (repeated, at most
//     three times), a decimal number as strconv.ParseFloat reads it ("0",
//     "-2", "1.7976931348623157e+308"), a word of ASCII letters, perhaps
//     joined by single hyphens ("true", "null", "select",
//     "List-style-image"), or one of ".", "+", "-" alone. Nothing with a
//     space or a '+' outside a number (two words can already be "AND 1",
//     and a query's '+' is a space), no "--" (an SQL comment), no token
//     mixing letters and digits (a hex literal "0x2e0x2e0x2f..." or
//     base64 encodes a payload), no '.' outside a number (a file name is
//     what an inclusion asks for), no non-ASCII letter (some back ends
//     fold them to quotes).
//
//     A first draft allowed any token of letters, digits and ".+-"; run
//     once, it let through "union+select+password+from+users+where+1",
//     "1--", hex-encoded traversals and a base64 path, all attack
//     content. It was narrowed by those criteria, not by what fired.
//
//   - fingerprint (cve_probes only): a request for exactly "/", a
//     template's fingerprinting step. Nothing else of a probe counts as
//     inert: whether a product path is an attack is the detector's call.
func Inert(p Payload) string {
	t := p.Text
	if p.Class == "cve_probes" {
		if t == "/" {
			return "fingerprint"
		}
		return ""
	}
	if t == "#" || strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "#\t") || strings.HasPrefix(t, "##") {
		return "header"
	}
	if p.Class == "sensitive_paths" {
		return ""
	}
	if bareValue(t) {
		return "bare value"
	}
	return ""
}

// bareValue: s, percent-decoded, is a decimal number, a word (letters
// joined by single hyphens) or one of ".+-" alone.
func bareValue(s string) bool {
	for range 3 {
		d, err := url.PathUnescape(s)
		if err != nil || d == s {
			break
		}
		s = d
	}
	switch s {
	case "":
		return false
	case ".", "+", "-":
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// ParseFloat also reads hex ("0x1p-2"), underscores, Inf and NaN:
		// only digits, one '.', and an exponent are a decimal number here.
		return strings.Trim(s, "0123456789.eE+-") == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (c != '-' || i == 0 || i == len(s)-1 || s[i+1] == '-') {
			return false
		}
	}
	return true
}
