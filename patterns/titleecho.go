package patterns

import "bytes"

// A page's title travels in its analytics beacon: GA4's /g/collect?dt=,
// Matomo's matomo.php?action_name=, a CMS's own title= preview. A security
// blog's titles name attack strings mid-sentence ("Understanding
// /etc/shadow: password hashes explained", "Templates: {{ 7*7 }} and other
// expressions"), and every reader's beacon carried them to a ban (benign2
// analytics-beacon-title-echo). What tells the title from a payload is
// where the string sits: after prose words of the same value, and followed
// by prose; a file include or a template probe starts the value (or follows
// a breakout: ../, a quote, a ';'), and the prose veto already counts those.
//
// The hole: an application that passes a title parameter unquoted to a
// shell ("cat Understanding /etc/shadow: ..." would print the file) or that
// renders it as a template (the prose-wrapped {{7*7}} probe). Both need a
// title parameter that reaches a file or template API; the next step of
// either (../ breakouts, ;cmd, {{config}}, __class__) still counts.

// titleParams are the parameter names that carry a page's title: GA4's
// dt, Matomo's action_name, and the plain names CMSs and beacons use.
var titleParams = [...]string{"dt", "action_name", "title", "page_title", "pagetitle", "document_title"}

func titleParam(name []byte) bool {
	for _, t := range titleParams {
		if equalFold(name, t) {
			return true
		}
	}
	return false
}

// titleSentenceAt reports that position i of a normalised query sits in
// the middle of a title parameter's sentence: the value before i (less
// the path's leading '/') is prose words ending in a space, with at least
// one word of two letters. i is where a literal of a signature starts.
func titleSentenceAt(t []byte, i int) bool {
	if i > 0 && t[i-1] == '/' {
		i--
	}
	s := i
	for s > 0 && t[s-1] != '&' && t[s-1] != '?' {
		s--
	}
	p := t[s:i]
	eq := bytes.IndexByte(p, '=')
	if eq < 0 || !titleParam(p[:eq]) {
		return false
	}
	return proseHead(p[eq+1:])
}

// proseHead reports a value's text before an attack string that is a
// sentence's start: words, digits and sentence punctuation, at least one
// word of two letters, ending in a space (the string is a word of its own,
// not glued to a path, an option or a quote).
func proseHead(h []byte) bool {
	if len(h) == 0 || h[len(h)-1] != ' ' {
		return false
	}
	word, run := false, 0
	for i, c := range h {
		switch {
		case isLetter(c):
			run++
			if run >= 2 {
				word = true
			}
		case c >= '0' && c <= '9', c == ' ', c == ',', c == '.', c == '?', c == '!', c == '-':
			run = 0
		case c == '\'' && run > 0 && i+1 < len(h) && isLetter(h[i+1]):
			run = 0 // an apostrophe inside a word
		case c == ':' && i+1 < len(h) && h[i+1] == ' ':
			run = 0
		default:
			return false
		}
	}
	return word
}

// titleArithmetic reports a title parameter whose only template syntax is
// arithmetic in double braces ({{ 7*7 }}) in the middle of a sentence:
// prose words before the first "{{" and after the last "}}", and nothing
// but prose between. Any other expression ssti-expression knows ({{config}},
// __class__, {% for %}, ${7*7}) is not a title.
//
// Only on an analytics beacon's endpoint (beaconPath): a title parameter
// anywhere else (/page?title=) may be a page that renders it (rev-sig s14).
func titleArithmetic(path, name, val []byte) bool {
	if !titleParam(name) || !beaconPath(path) {
		return false
	}
	first := bytes.Index(val, openBraces)
	if first < 0 || !proseHead(val[:first]) {
		return false
	}
	rest := val[first:]
	for {
		i := bytes.Index(rest, openBraces)
		if i < 0 {
			break
		}
		if i > 0 && !proseRun(rest[:i]) {
			return false
		}
		j := bytes.Index(rest[i:], closeBraces)
		if j < 0 || !braceArithmetic(rest[i+2:i+j]) {
			return false
		}
		rest = rest[i+j+2:]
	}
	_, ok := proseTailAt(rest, 0)
	return ok
}

// proseRun reports text between two expressions that is prose alone.
func proseRun(b []byte) bool {
	for _, c := range b {
		if !(isLetter(c) || c >= '0' && c <= '9' || c == ' ' || c == ',' || c == '.' || c == '-' || c == ':') {
			return false
		}
	}
	return true
}

// braceArithmetic reports "7*7", " 7 * 7 ": two numbers and one operator.
func braceArithmetic(a []byte) bool {
	a = bytes.Trim(a, " ")
	n := 0
	for n < len(a) && a[n] >= '0' && a[n] <= '9' {
		n++
	}
	if n == 0 || n > 6 {
		return false
	}
	a = bytes.TrimLeft(a[n:], " ")
	if len(a) == 0 || bytes.IndexByte([]byte("+-*/%"), a[0]) < 0 {
		return false
	}
	a = bytes.TrimLeft(a[1:], " ")
	n = 0
	for n < len(a) && a[n] >= '0' && a[n] <= '9' {
		n++
	}
	return n > 0 && n <= 6 && n == len(a)
}

// beaconEndpoints are the paths analytics beacons send a page's title to:
// GA4's and Universal Analytics' /g/collect, /j/collect, /r/collect and
// /collect (also first-party proxied, /gtag/g/collect), Matomo's and
// Piwik's tracker scripts, Plausible's /api/event.
var beaconEndpoints = [...]string{"/collect", "/matomo.php", "/piwik.php", "/api/event"}

// beaconPath reports an analytics beacon's endpoint as the path's end.
func beaconPath(path []byte) bool {
	for _, e := range beaconEndpoints {
		if hasSuffixFold(path, e) {
			return true
		}
	}
	return false
}

// titleParamAt reports that position i of a normalised query lies in the
// value of a title parameter.
func titleParamAt(t []byte, i int) bool {
	s := i
	for s > 0 && t[s-1] != '&' && t[s-1] != '?' {
		s--
	}
	eq := bytes.IndexByte(t[s:i], '=')
	return eq >= 0 && titleParam(t[s:s+eq])
}
