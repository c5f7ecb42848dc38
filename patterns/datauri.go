package patterns

import "bytes"

// Crawlers that extract links from CSS and JavaScript by pattern (web
// archives, SEO spiders, link checkers) resolve an inline image such as
// url("data:image/svg+xml;charset=utf8,<svg xmlns='http://www.w3.org/2000/svg'>")
// as a relative link and ask the site for
// /static/css/data:image/svg+xml;charset=utf8,<svg xmlns=...>, again at
// every visit of the stylesheet. libinjection reads the <svg as script.
//
// The same path with a handler, a script, a link or an animation in the
// markup is reflected by a 404 page exactly as it would be without the
// "data:" prefix, so the prefix alone buys nothing: inertDataMarkup spares
// the path only when the markup after the data: URI's comma is drawing
// markup with presentation attributes and nothing else.

// inertDataPath reports that the first markup in path p sits in a data:
// URI ("data:" + a MIME type + optional ;parameters + ",") and is inert
// drawing markup (inertDataMarkup).
func inertDataPath(p []byte) bool {
	lt := bytes.IndexByte(p, '<')
	if lt < 0 {
		return false
	}
	head := p[:lt]
	d := lastIndexFold(head, "data:")
	if d < 0 || d > 0 && p[d-1] != '/' {
		return false
	}
	uri := head[d+len("data:"):]
	comma := bytes.IndexByte(uri, ',')
	if comma < 0 || comma != len(uri)-1 || !mimeWithParams(uri[:comma]) {
		return false
	}
	return inertDataMarkup(p[lt:])
}

// mimeWithParams reports that b is type/subtype followed by ;name=value
// or ;base64 parameters, as a data: URI's header is.
func mimeWithParams(b []byte) bool {
	typ, params, _ := bytes.Cut(b, []byte(";"))
	t, s, ok := bytes.Cut(typ, []byte("/"))
	if !ok || !tokenBytes(t, false) || !tokenBytes(s, true) {
		return false
	}
	for len(params) > 0 {
		var p []byte
		p, params, _ = bytes.Cut(params, []byte(";"))
		name, val, _ := bytes.Cut(p, []byte("="))
		if !tokenBytes(name, false) || len(val) > 0 && !tokenBytes(val, true) {
			return false
		}
	}
	return true
}

// tokenBytes reports a non-empty run of letters, digits and '-' ('.' and
// '+' too when sub: "svg+xml", "utf-8").
func tokenBytes(b []byte, sub bool) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' && !(sub && (c == '.' || c == '+' || c == '_')) {
			return false
		}
	}
	return true
}

// inertElements are the SVG elements that draw and nothing else: no
// script, link (a, use, image, feImage), foreign content, animation or
// style sheet.
var inertElements = [...]string{"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline",
	"polygon", "defs", "lineargradient", "radialgradient", "stop", "title", "desc", "clippath", "mask", "symbol"}

// inertDataMarkup reports that m is made of inert elements whose
// attributes are plain presentation (no event handler, no link, no style,
// no character reference in a value, no URL but the SVG namespace's),
// with text between tags that holds no '<' of its own. A tag cut off by the
// end of the path is judged by what is there.
func inertDataMarkup(m []byte) bool {
	tags := 0
	for i := 0; i < len(m); {
		if m[i] != '<' {
			// text: no reference or stray '>', and nothing that ends a
			// script string or writes script without parentheses
			// (';location=name;//, rev-sig-s11): quotes, ';', '=', '(', '`'
			switch m[i] {
			case '&', '>', '\'', '"', '`', ';', '=', '(':
				return false
			}
			i++
			continue
		}
		i++
		if i < len(m) && m[i] == '/' {
			i++
		}
		j := i
		for j < len(m) && (isLetter(m[j]) || m[j] >= '0' && m[j] <= '9') {
			j++
		}
		if !inertElement(m[i:j]) {
			return false
		}
		tags++
		var ok bool
		if i, ok = inertAttrs(m, j); !ok {
			return false
		}
	}
	return tags > 0
}

func inertElement(name []byte) bool {
	for _, e := range inertElements {
		if equalFold(name, e) {
			return true
		}
	}
	return false
}

// inertAttrs reads a tag's attributes from m[i:] up to and past its '>'
// (or the end of m) and returns where it stopped.
func inertAttrs(m []byte, i int) (int, bool) {
	for i < len(m) {
		switch c := m[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '>':
			return i + 1, true
		case c == '/' && i+1 < len(m) && m[i+1] == '>':
			return i + 2, true
		}
		j := i
		for j < len(m) && (isLetter(m[j]) || m[j] == '-' || m[j] == ':' || m[j] >= '0' && m[j] <= '9') {
			j++
		}
		name := m[i:j]
		if len(name) == 0 || !inertAttr(name) {
			return i, false
		}
		if j >= len(m) || m[j] != '=' {
			i = j
			continue
		}
		j++
		var val []byte
		if j < len(m) && (m[j] == '\'' || m[j] == '"') {
			k := bytes.IndexByte(m[j+1:], m[j])
			if k < 0 {
				val, j = m[j+1:], len(m)
			} else {
				val, j = m[j+1:j+1+k], j+2+k
			}
		} else {
			k := j
			for k < len(m) && m[k] != ' ' && m[k] != '>' && m[k] != '/' {
				k++
			}
			val, j = m[j:k], k
		}
		if !inertValue(name, val) {
			return i, false
		}
		i = j
	}
	return i, true
}

// inertAttr reports a presentation attribute: not an event handler
// (on...), a link (href, xlink:href, src), a style (style, which can fetch)
// or an animation's timing (begin, values, to, from, by).
func inertAttr(name []byte) bool {
	if len(name) >= 2 && equalFold(name[:2], "on") {
		return false
	}
	for _, bad := range [...]string{"href", "xlink:href", "src", "style", "begin", "values", "to", "from", "by",
		"attributename", "formaction", "action", "srcdoc", "data"} {
		if equalFold(name, bad) {
			return false
		}
	}
	return true
}

// inertValue reports a value without a character reference, a markup
// character, a URL scheme or url(), or a quote, ';' or '=' (an unquoted or
// unterminated value must not end a script string and assign: rev-sig-s11);
// xmlns may name the SVG namespace only.
func inertValue(name, val []byte) bool {
	if bytes.ContainsAny(val, "<>&\\`(;='\"") {
		return false
	}
	if len(name) >= 5 && equalFold(name[:5], "xmlns") {
		// the normaliser has merged the URL's "//" as it merges a path's
		if !hasPrefixFold(val, "http:") {
			return false
		}
		ns := bytes.TrimLeft(val[len("http:"):], "/")
		return equalFold(ns, "www.w3.org/2000/svg") || equalFold(ns, "www.w3.org/1999/xlink")
	}
	return !bytes.Contains(val, []byte(":"))
}

// lastIndexFold is the last index of lower-case s in b, in either case.
func lastIndexFold(b []byte, s string) int {
	for i := len(b) - len(s); i >= 0; i-- {
		if equalFold(b[i:i+len(s)], s) {
			return i
		}
	}
	return -1
}
