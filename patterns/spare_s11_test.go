package patterns

// Session 11: a crawler's unresolved data: URI and ../ links, and a
// blackbox-shaped probe of a link-local target, which is no longer
// spared (datauri.go, dotasset.go). Each never-banned case first, then the
// attacks of the same shape, which still count.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func s11Match(t *testing.T, m *Matcher, method, uri string) []Hit {
	t.Helper()
	p, q, _ := strings.Cut(uri, "?")
	return m.Match(&Request{Method: []byte(method), Path: []byte(p), Query: []byte(q), UA: []byte("Mozilla/5.0")}, nil)
}

func s11Points(hits []Hit) (n int) {
	for _, h := range hits {
		n = max(n, h.Weight)
	}
	return n
}

func s11Seg(r *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 3+r.IntN(8))
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

func TestCrawlerDataURIAndDotLinksNotCounted(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{
		"/static/css/data:image/svg+xml;charset=utf8,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%3E",
		"/assets/data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%20viewBox=%220%200%2016%2016%22%3E%3Cpath%20fill=%22%23333%22%20d=%22M0%200h16v16H0z%22/%3E%3C/svg%3E",
		"/static/css/../img/sprite.png",
		"/wp-content/themes/x/css/../fonts/icons.woff2",
		"/a/b/c/../../logo.svg",
	} {
		if hits := s11Match(t, m, "GET", uri); len(hits) > 0 {
			t.Errorf("%s: hits %v, want none", uri, hits)
		}
	}
}

func TestCrawlerDataURIAndDotLinksAttacksStillCount(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 3))
	active := []string{"%3Csvg%20onload=alert(1)%3E", "%3Csvg/onload=alert(1)%3E",
		"%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%3E%3Cscript%3Ealert(1)%3C/script%3E",
		"%3Csvg%3E%3Canimate%20onbegin=alert(1)%20attributeName=x%20dur=1s%3E",
		"%3Csvg%20xmlns=%27http://evil.example/%27%3E%3Ca%20href=javascript:alert(1)%3Ex",
		"%3Cscript%3Ealert(document.domain)%3C/script%3E",
		// rev-sig-s11: JS-string breakouts without parentheses, in text
		// and in an unquoted or unterminated attribute value
		"%3Csvg%3E';location=name;//", "%3Csvg%3E%22;top.location=name;//", "%3Csvg%3E';window.location=name;//",
		"%3Csvg%20x=';location=name;//", "%3Csvg%20x=a';location=name;//%3E", "%3Csvg%3E'-alert`1`-'",
		"%3Csvg%3E%3C/svg%3E';onerror=eval;throw'=alert%5Cx281%5Cx29'"}
	for i := range 40 { // random names, each a reflected-XSS probe behind a data: prefix
		uri := fmt.Sprintf("/%s/data:image/svg+xml,%s", s11Seg(r), active[i%len(active)])
		if i%3 == 0 {
			uri = fmt.Sprintf("/%s/%s/data:text/html;charset=utf-8,%s", s11Seg(r), s11Seg(r), active[i%len(active)])
		}
		if s11Points(s11Match(t, m, "GET", uri)) < 10 {
			t.Errorf("%s: %v, want banned alone", uri, s11Match(t, m, "GET", uri))
		}
	}
	for _, uri := range []string{
		"/static/css/../../../etc/passwd", "/static/css/../.env", "/static/css/..;/img/x.png",
		"/static/css/..%2f..%2f..%2fetc/passwd", "/icons/../../etc/passwd.png", "/WEB-INF/../x.png",
		"/static/css/../img/x.png?file=../../etc/passwd", "/static/../img/sprite.png", "/static/css/../../img/x.png",
	} {
		if len(s11Match(t, m, "GET", uri)) == 0 {
			t.Errorf("%s: no hit, want the traversal counted", uri)
		}
	}
}

func TestBlackboxProbeShapeStillBanned(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	md := "http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2Fiam%2Fsecurity-credentials%2F"
	for _, c := range []struct{ method, uri string }{
		{"GET", "/probe?module=http_2xx&target=" + md + "&debug=true"},
		{"GET", "/probe?module=http_2xx&target=" + md + "&url=" + md},
		{"POST", "/probe?module=http_2xx&target=" + md},
		{"GET", "/index.php/probe?module=http_2xx&target=" + md},
		{"GET", "/a/b/c/probe?module=http_2xx&target=" + md},
		{"GET", "/probe?module=http_2xx&target=gopher%3A%2F%2F127.0.0.1%3A6379%2F_INFO"},
		{"GET", "/probe?module=http_2xx&target=http%3A%2F%2Fx%40169.254.169.254%2F"},
		{"GET", "/probe?module=http_2xx&module=x&target=" + md},
		{"GET", "/fetch?target=" + md},
		{"GET", "/proxy?module=http_2xx&target=" + md},
		{"GET", "/probe?module=http_2xx&target=" + md + "%3Cscript%3Ealert(1)%3C%2Fscript%3E"},
		// rev-sig-s11: the exact exporter shape on any route spared SSRF for
		// every client; the operator's own scraper goes in [allow] instead
		{"GET", "/probe?module=http_2xx&target=" + md},
		{"GET", "/api/probe?module=http_2xx&target=http%3A%2F%2F169.254.169.254%2FcomputeMetadata%2Fv1%2Finstance%2Fservice-accounts%2Fdefault%2Ftoken"},
		{"GET", "/blackbox/probe?target=" + md + "&module=http_2xx"},
	} {
		if s11Points(s11Match(t, m, c.method, c.uri)) < 10 {
			t.Errorf("%s %s: %v, want banned alone", c.method, c.uri, s11Match(t, m, c.method, c.uri))
		}
	}
}

// FuzzCrawlerSpares: a spared data: path never carries an event handler,
// a script URL or a script element, and a spared ../ path is plain,
// ends in an asset's name and never climbs to the root.
func FuzzCrawlerSpares(f *testing.F) {
	f.Add([]byte("/static/css/data:image/svg+xml;charset=utf8,<svg xmlns='http:/www.w3.org/2000/svg'>"))
	f.Add([]byte("/x/data:image/svg+xml,<svg onload=alert(1)>"))
	f.Add([]byte("/static/css/../img/sprite.png"))
	f.Add([]byte("/a/../../etc/passwd.png"))
	f.Add([]byte("/oliefa/data:image/svg+xml,<svg>';location=name;//"))
	f.Add([]byte("/x/data:image/svg+xml,<svg x=';location=name;//"))
	f.Fuzz(func(t *testing.T, p []byte) {
		if inertDataPath(p) && (xssHandlerRe.Match(p) || containsFold(p, "script") || bytes.Contains(p, []byte("&"))) {
			t.Errorf("inertDataPath(%q): spared active markup", p)
		}
		if inertDataPath(p) && !quotesOnlyDelimitValues(p[bytes.IndexByte(p, '<'):]) {
			t.Errorf("inertDataPath(%q): spared a script-string breakout", p)
		}
		if inRootAsset(p) {
			if bytes.ContainsAny(p, "%\\;") {
				t.Errorf("inRootAsset(%q): spared an escaped path", p)
			}
			depth := 0
			segs := bytes.Split(p[1:], []byte("/"))
			for k, s := range segs {
				if string(s) == ".." {
					depth--
				} else if k < len(segs)-1 && string(s) != "." {
					depth++
				}
				if depth < 1 && k > 0 && k < len(segs)-1 {
					t.Errorf("inRootAsset(%q): climbs to the root", p)
				}
			}
		}
	})
}

// quotesOnlyDelimitValues is the data: markup oracle of rev-sig-s11: no
// ';', '(' or '`' anywhere, every '=' right after an attribute name, and
// every quote either opens a value (after '=') or closes one (before
// white space, '>', '/' or the end).
func quotesOnlyDelimitValues(m []byte) bool {
	if bytes.ContainsAny(m, ";(`") {
		return false
	}
	for k, c := range m {
		switch c {
		case '=':
			if k == 0 || !(isLetter(m[k-1]) || m[k-1] >= '0' && m[k-1] <= '9' || m[k-1] == '-') {
				return false
			}
		case '\'', '"':
			if k > 0 && m[k-1] == '=' {
				continue
			}
			if k+1 < len(m) && !bytes.ContainsRune([]byte(" \t\n\r>/"), rune(m[k+1])) {
				return false
			}
		}
	}
	return true
}

func sessionHits(t *testing.T, m *Matcher, uri string) bool {
	t.Helper()
	p, q, _ := strings.Cut(uri, "?")
	for _, h := range m.Match(&Request{Method: []byte("GET"), Path: []byte(p), Query: []byte(q), UA: []byte("Mozilla/5.0")}, nil) {
		if h.ID == "session-fixation" {
			return true
		}
	}
	return false
}

func TestEngineSessionIDLinksNotCounted(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 5))
	for i := range 40 {
		var id string
		switch i % 4 {
		case 0: // PHP, 4 bits per character
			id = fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
		case 1: // PHP, 5 bits per character
			const a = "0123456789abcdefghijklmnopqrstuv"
			b := make([]byte, 26)
			for k := range b {
				b[k] = a[r.IntN(len(a))]
			}
			id = string(b)
		case 2: // Java with a route
			id = strings.ToUpper(fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())) + ".node0"
		case 3: // PHP, 6 bits per character
			const a = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-"
			b := make([]byte, 32)
			for k := range b {
				b[k] = a[r.IntN(len(a))]
			}
			id = string(b)
		}
		name := "PHPSESSID"
		if i%4 == 2 {
			name = "jsessionid"
		}
		uri := fmt.Sprintf("/forum/viewtopic.php?t=%d&%s=%s", i, name, id)
		if sessionHits(t, m, uri) {
			t.Errorf("%s: session-fixation, want none (an engine's id in a legacy site's link)", uri)
		}
	}
}

func TestSessionFixationProbesStillCount(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 6))
	for i := range 40 {
		var id string
		switch i % 5 {
		case 0:
			id = s11Seg(r) + "-" + s11Seg(r) // words
		case 1:
			id = s11Seg(r) + "12345678" // short, hand-made
		case 2:
			id = strings.Repeat(string(rune('a'+i%26)), 32) // no digits
		case 3:
			id = fmt.Sprintf("%032d", i) // no letters
		case 4:
			id = fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())[:24] + "%27%22%3E" // quotes
		}
		uri := fmt.Sprintf("/%s.php?PHPSESSID=%s", s11Seg(r), id)
		if !sessionHits(t, m, uri) {
			t.Errorf("%s: no session-fixation, want it counted", uri)
		}
	} // rev-sig-s11: a hand-chosen id with a digit and letters passed
	for _, id := range []string{"attackerfixedsession1", "AttackerFixedSession1", "attackerfixedsession12345",
		"adminsessionfixation2026", "deadbeefdeadbeefcafebabe", "aaaaaaaaaaaaaaaaaaaa1", "Hacker-Was-Here-2026-01",
		"ghostsessionvictim0001", "SESSIONFIXEDBYATTACKER99"} {
		uri := fmt.Sprintf("/login.php?PHPSESSID=%s", id)
		if !sessionHits(t, m, uri) {
			t.Errorf("%s: no session-fixation, want it counted", uri)
		}
	}
}
