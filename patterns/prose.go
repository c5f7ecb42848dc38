package patterns

import (
	"bytes"
	"strings"
)

// A search box on a documentation site or a Q&A forum receives attack
// strings as topics: "<script> tag defer vs async", "/etc/passwd format
// explained", "169.254.169.254 metadata aws". What they lack is what a
// working payload needs: a script body or an attribute, a path on its own
// or after a breakout, a URL. tagProse (and the tails of the lfi-etc-passwd,
// ssrf-cloud-metadata and xss-active-tag expressions, proseTail) tell the
// two apart by the text around the attack string: prose words only.

// proseKind says how a signature's hit may be a mention in prose.
type proseKind uint8

const (
	proseNone      proseKind = iota
	proseAfterName           // every literal found is followed by prose words alone
	proseAfterPath           // every literal found starts a path followed by prose words alone
	proseTags                // every parameter value with markup is tagProse
)

// proseVeto is a signature's prose test, built from its definition.
type proseVeto struct {
	kind  proseKind
	lits  []string  // the query literals (the path's for a path signature), lower case
	not   []bool    // lits[i] is never prose
	first [4]uint64 // the bytes a literal starts with, in either case
}

func newProseVeto(d def) proseVeto {
	if d.prose == proseNone {
		return proseVeto{}
	}
	v := proseVeto{kind: d.prose}
	list := d.query
	if list == "" {
		list = d.path
	}
	never := words(d.proseNot)
	for _, w := range words(list) {
		n := false
		for _, x := range never {
			n = n || x == w
		}
		l := strings.TrimPrefix(w, "^")
		v.lits = append(v.lits, l)
		v.not = append(v.not, n)
		if l != "" {
			for _, c := range [...]byte{l[0], toLower[l[0]], l[0] &^ 0x20} {
				if toLower[c] == l[0] {
					v.first[c>>6] |= 1 << (c & 63)
				}
			}
		}
	}
	return v
}

// holds reports that the hit on text is a mention in prose: every
// occurrence of a literal starts a parameter value (after spaces; a name's
// literal may follow the path's leading '/') and is followed by prose
// words alone (proseTailAt). Something before it (an option, "-f
// /etc/passwd", a host, a word taking the path as its argument, "root
// /etc/passwd") is not prose: it is how argument injection passes the file.
// It runs after the signature's expression agreed, so only on the few
// requests that name the string, and it walks text once: a position is
// compared with the literals only when its byte starts one, and an
// occurrence inside a tail already read as prose is skipped.
func (p *proseVeto) holds(text []byte) bool {
	if p.kind == proseTags {
		return proseTagValues(text)
	}
	found := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if p.first[c>>6]&(1<<(c&63)) == 0 {
			continue
		}
		n := -1
		for k, l := range p.lits {
			if !hasPrefixFold(text[i:], l) {
				continue
			}
			if p.not[k] {
				return false
			}
			if n < 0 || len(l) > n {
				n = len(l)
			}
		}
		if n < 0 {
			continue
		}
		if p.kind == proseAfterName && !valueStart(text, i) && !titleSentenceAt(text, i) {
			return false
		}
		found = true
		j := i + n
		if p.kind == proseAfterPath {
			for j < len(text) && text[j] != '&' && text[j] != ' ' && text[j] != '\t' {
				j++
			}
		}
		end, ok := proseTailAt(text, j)
		if !ok {
			return false
		}
		i = end - 1
	}
	return found
}

// valueStart reports that position i starts a parameter value, or the
// text, after spaces and one '/' (the leading slash of "/etc/passwd" when
// the literal is "etc/passwd").
func valueStart(t []byte, i int) bool {
	if i > 0 && t[i-1] == '/' {
		i--
	}
	for i > 0 && (t[i-1] == ' ' || t[i-1] == '\t') {
		i--
	}
	return i == 0 || t[i-1] == '=' || t[i-1] == '&' || t[i-1] == '?'
}

// proseTailAt reports whether what follows position i, up to the
// parameter's end, is prose: the rest of a word ("etc/groups"), then a
// space and two or more words of two letters or more, with nothing but
// words, digits and sentence punctuation between them. Nothing after it
// (a bare "/etc/passwd", the probe itself), one word or letters alone
// ("/etc/passwd x", a file argument), a character no prose word continues
// with ("/etc/passwd%00.jpg", "169.254.169.254/latest", "/etc/passwd'"),
// or a character outside prose later on (" | nc", " 2>&1", " /etc/shadow")
// is not. end is where the reading stopped.
func proseTailAt(t []byte, i int) (end int, ok bool) {
	for i < len(t) && (isLetter(t[i]) || t[i] >= '0' && t[i] <= '9' || t[i] == '_' || t[i] == '-') {
		i++
	}
	// a title's colon right after the name ("/etc/shadow: password hashes
	// explained") ends the path: no file is named "/etc/shadow:"; only in
	// a title parameter (rev-sig s14: elsewhere "/etc/passwd: x y" may be
	// a file argument followed by words)
	if i+1 < len(t) && t[i] == ':' && t[i+1] == ' ' && titleParamAt(t, i) {
		i++
	}
	if i >= len(t) || t[i] != ' ' && t[i] != '\t' {
		return i, false
	}
	words, run := 0, 0
	for ; i < len(t) && t[i] != '&'; i++ {
		c := t[i]
		switch {
		case isLetter(c):
			run++
			if run == 2 {
				words++
			}
		case c >= '0' && c <= '9', c == ' ', c == '\t', c == ',', c == '.', c == '?', c == '!', c == '\'', c == '-':
			run = 0
		case c == ':' && i+1 < len(t) && t[i+1] == ' ':
			run = 0 // sentence punctuation
		default:
			return i, false
		}
	}
	return i, words >= 2
}

// proseTagValues reports a query whose markup is all in values that are
// tagProse, and none of it escaped (&lt;script, &#60;): what
// xss-active-tag's expression found there is a tag named in prose.
func proseTagValues(q []byte) bool {
	if indexFold(q, "lt;") >= 0 || indexFold(q, "#60") >= 0 || indexFold(q, "#x3c") >= 0 {
		return false
	}
	found := false
	for len(q) > 0 {
		var p []byte
		p, q = nextParam(q)
		if bytes.IndexByte(p, '<') < 0 {
			continue
		}
		if i := bytes.IndexByte(p, '='); i >= 0 && bytes.IndexByte(p[:i], '<') < 0 {
			p = p[i+1:]
		}
		if !tagProse(p) {
			return false
		}
		found = true
	}
	return found
}

// tagProse reports a parameter value made of bare tags (<script>,
// </noscript>: a name and nothing else between '<' and '>') and prose
// (letters, digits, spaces, sentence punctuation), with at least one prose
// word of two letters: a question about markup, which runs nothing. A tag
// with an attribute, a script body with a call, an assignment, a quote
// other than an apostrophe inside a word, a template literal or a
// comment, and a bare tag alone (a reflection probe) are not prose.
func tagProse(val []byte) bool {
	tags, word := 0, false
	letters := 0
	for i := 0; i < len(val); i++ {
		c := val[i]
		switch {
		case c == '<':
			j := i + 1
			if j < len(val) && val[j] == '/' {
				j++
			}
			k := j
			for k < len(val) && isLetter(val[k]) {
				k++
			}
			if k == j || k >= len(val) || val[k] != '>' {
				return false
			}
			tags++
			letters = 0
			i = k
		case isLetter(c):
			letters++
			if letters >= 2 {
				word = true
			}
		case c == '\'':
			// an apostrophe inside a word ("what's"), not a quote
			if letters == 0 || i+1 >= len(val) || !isLetter(val[i+1]) {
				return false
			}
		case c >= '0' && c <= '9', c == ' ', c == '+', c == ',', c == '.', c == '?', c == '!', c == '-':
			// '+' is a referer's space (a query's is decoded already)
			letters = 0
		case c == ':' && i+1 < len(val) && (val[i+1] == ' ' || val[i+1] == '+'):
			// a title's colon ("XSS basics: why <script> in user input is
			// dangerous", as an analytics beacon echoes it): followed by a
			// space it is sentence punctuation, not a scheme (javascript:
			// needs an attribute, which a bare tag lacks); a script label
			// ("<script>x: alert</script>") still calls nothing: '(', '`'
			// and '=' stay refused
			letters = 0
		default:
			return false
		}
	}
	return tags > 0 && word
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// consoleSQL reports phpMyAdmin's sql_query parameter holding a whole
// statement (SELECT * FROM `orders` WHERE `id` = 1042): its SQL console,
// browse, sort and search links carry the query the page runs, which the
// signed-in user may write at will. libinjection reads any such statement
// as injection; an injection is a fragment that breaks out of one (a
// quote, a number and a comment), not a statement from its first word.
// sqli-union-select, sqli-file-access and the other literal signatures
// still look at it.
func consoleSQL(name, val []byte) bool {
	if !equalFold(name, "sql_query") {
		return false
	}
	i := 0
	for i < len(val) && (val[i] == ' ' || val[i] == '\n' || val[i] == '\r' || val[i] == '\t') {
		i++
	}
	for _, kw := range consoleVerbs {
		if len(val)-i > len(kw) && equalFold(val[i:i+len(kw)], kw) && !isLetter(val[i+len(kw)]) {
			return true
		}
	}
	return false
}

var consoleVerbs = [...]string{"select", "show", "describe", "explain"}

// urlTagProse reports a URL (a referer) whose markup is all in query
// values that are tagProse: the page a visitor found by searching
// "<script> tag defer vs async" sends that search as the referer of every
// asset it loads. Markup before the query, or in any value that is not
// prose, is not excused.
func urlTagProse(t []byte) bool {
	q := bytes.IndexByte(t, '?')
	if q < 0 || bytes.IndexByte(t[:q], '<') >= 0 {
		return false
	}
	rest := t[q+1:]
	if i := bytes.IndexByte(rest, '#'); i >= 0 {
		if bytes.IndexByte(rest[i:], '<') >= 0 {
			return false
		}
		rest = rest[:i]
	}
	for len(rest) > 0 {
		var p []byte
		p, rest = nextParam(rest)
		if bytes.IndexByte(p, '<') < 0 {
			continue
		}
		i := bytes.IndexByte(p, '=')
		if i < 0 || bytes.IndexByte(p[:i], '<') >= 0 || !tagProse(p[i+1:]) {
			return false
		}
	}
	return true
}

// urlTagStub reports a value that is one tag cut off at its URL attribute
// before any address ("<script src=\"https://", "<img src='"): a code
// search for where a page loads external scripts (a GitLab or Sourcegraph
// search box). It loads nothing: an injected tag needs the address it
// loads, a dangling one ("<img src='https://evil.example/?") its host.
func urlTagStub(val []byte) bool {
	i := 0
	if i >= len(val) || val[i] != '<' {
		return false
	}
	i++
	j := i
	for i < len(val) && isLetter(val[i]) {
		i++
	}
	if i == j || i >= len(val) || val[i] != ' ' {
		return false
	}
	for i < len(val) && val[i] == ' ' {
		i++
	}
	rest := val[i:]
	var attr string
	for _, a := range [...]string{"src", "href"} {
		if len(rest) > len(a) && equalFold(rest[:len(a)], a) {
			attr = a
		}
	}
	if attr == "" {
		return false
	}
	rest = bytes.TrimLeft(rest[len(attr):], " ")
	if len(rest) == 0 || rest[0] != '=' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " ")
	if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
		rest = rest[1:]
	}
	for _, s := range [...]string{"https:", "http:"} {
		if len(rest) >= len(s) && equalFold(rest[:len(s)], s) {
			rest = rest[len(s):]
			break
		}
	}
	return len(bytes.Trim(rest, "/ ")) == 0
}

// nextParam splits a query at its first '&': the parameter and the rest.
func nextParam(q []byte) (p, rest []byte) {
	if i := bytes.IndexByte(q, '&'); i >= 0 {
		return q[:i], q[i+1:]
	}
	return q, nil
}
