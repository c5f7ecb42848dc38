package patterns

import (
	"bytes"
	"regexp"
)

// splSearch reports Splunk Web's search page (/en-US/app/<app>/search?q=)
// asked for an SPL search that names a system file as a quoted term: an
// analyst counting who probed it (q=search index=nginx "/etc/passwd" |
// stats count by clientip). lfi-etc-passwd read the quote before the path
// as a breakout (benign2 oneshot-misc-s9: banned at the request before
// session 14). Spared, for the traversal signatures only, when
//   - the raw path is Splunk Web's search page and nothing else (the
//     locale Splunk Web always puts first, /app/<app>/search: no system
//     path can hide in it; /app/docs/search without it is any site's
//     route, rev-sig s14)
//     and q= starts with "search " or '|' (SPL's own grammar),
//   - every '/' of q lies inside a closed double-quoted term, with no ".."
//     and no backslash escape in the value,
//   - no other parameter holds a '/' (earliest=-7d, display.page...).
//
// The hole: an application other than Splunk under such a path that hands
// q= to a file API or an unquoted shell line; a traversal (../), a path
// outside quotes or in another parameter still counts.
var splPathRe = regexp.MustCompile(`^/[a-zA-Z]{2}(?:-[a-zA-Z]{2,4})?/app/[\w.-]+/search$`)

func splSearch(v *view) bool {
	// the suffix first: admit asks this of every traversal hit
	if !hasSuffixFold(v.rawPath, "/search") || !splPathRe.Match(v.rawPath) {
		return false
	}
	found := false
	for q := v.query; len(q) > 0; {
		var prm []byte
		prm, q = nextParam(q)
		j := bytes.IndexByte(prm, '=')
		if j < 0 || !equalFold(prm[:j], "q") {
			if bytes.IndexByte(prm, '/') >= 0 {
				return false
			}
			continue
		}
		if !splQuotedPaths(prm[j+1:]) {
			return false
		}
		found = true
	}
	return found
}

// splQuotedPaths reports an SPL search whose slashes are all in closed
// double-quoted terms.
func splQuotedPaths(val []byte) bool {
	if !(bytes.HasPrefix(val, []byte("search ")) || firstNonSpace(val) == '|') {
		return false
	}
	if bytes.Contains(val, dotdot) || bytes.IndexByte(val, '\\') >= 0 {
		return false
	}
	in := false
	for _, c := range val {
		switch {
		case c == '"':
			in = !in
		case c == '/' && !in:
			return false
		}
	}
	return !in
}
