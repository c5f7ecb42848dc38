package patterns

import (
	"bytes"
	"regexp"
)

// lokiQueryRe is Loki's query endpoints as the whole path, directly or
// through Grafana's data source proxy (/api/datasources/proxy/3/...,
// /api/datasources/proxy/uid/<uid>/..., under a sub-path Grafana may be
// served from: /grafana/api/datasources/proxy/...).
var lokiQueryRe = regexp.MustCompile(`(?i)^(?:(?:/[\w.-]+)?/api/datasources/proxy/(?:uid/)?[\w.-]+)?/loki/api/v1/(?:query|query_range|tail)$`)

// logqlStrings reports a LogQL query (query= on Loki's /loki/api/v1/
// endpoints, also through Grafana's data source proxy) whose markup is all
// inside the query's string literals: an operator hunting for attacks in
// its own access logs ({job="nginx"} |~ "(?i)(union select|<script>)",
// |= "<img src=x onerror="). libinjection reads the string's tag as XSS
// (benign2 oneshot-misc-s9: banned at the request before session 14).
// Spared only when the value is a LogQL query (a stream selector '{',
// after nothing but a metric query's words and parentheses: logqlHead),
// its quotes ("..." with backslash escapes, `...`) all close, and no '<'
// lies outside them: a breakout (">"<script>alert(1)</script>) or markup
// before the selector still counts.
//
// The path must be Loki's query endpoint and nothing else (lokiQueryRe):
// /loki/api/v1/ anywhere let a page under /help/loki/api/v1/ or a PHP
// front controller's /index.php/loki/api/v1/ that echoes query= get its
// <script src> and <base href> spared (rev-sig s14).
//
// The hole: an application other than Loki that serves these very paths
// and echoes query= into an HTML page; Loki itself answers JSON.
func logqlStrings(path, name, val []byte) bool {
	if !equalFold(name, "query") || !hasSuffixFold(path, "query") && !hasSuffixFold(path, "query_range") && !hasSuffixFold(path, "/tail") || !lokiQueryRe.Match(path) {
		return false
	}
	if !logqlHead(val) {
		return false
	}
	markup := false
	for i := 0; i < len(val); i++ {
		switch val[i] {
		case '<':
			return false // markup outside a string
		case '"':
			j := i + 1
			for ; j < len(val) && val[j] != '"'; j++ {
				if val[j] == '\\' {
					j++
				}
				if j < len(val) && val[j] == '<' {
					markup = true
				}
			}
			if j >= len(val) {
				return false
			}
			i = j
		case '`':
			j := i + 1
			for ; j < len(val) && val[j] != '`'; j++ {
				if val[j] == '<' {
					markup = true
				}
			}
			if j >= len(val) {
				return false
			}
			i = j
		}
	}
	return markup
}

// logqlHead reports a value that reaches a stream selector '{' through
// nothing but a metric query's functions, grouping and numbers
// (sum by (clientip) (count_over_time({...).
func logqlHead(val []byte) bool {
	for _, c := range val {
		switch {
		case c == '{':
			return true
		case isLetter(c), c >= '0' && c <= '9', c == '_', c == ' ', c == '(', c == ')', c == ',':
		default:
			return false
		}
	}
	return false
}

// logqlTags reports a request whose markup is all in Loki query strings
// (logqlStrings): what xss-active-tag's expression found there is the
// operator's search, not a tag.
func logqlTags(v *view) bool {
	found := false
	for q := v.query; len(q) > 0; {
		var p []byte
		p, q = nextParam(q)
		if bytes.IndexByte(p, '<') < 0 {
			continue
		}
		i := bytes.IndexByte(p, '=')
		if i < 0 || !logqlStrings(v.path, p[:i], p[i+1:]) {
			return false
		}
		found = true
	}
	return found
}
