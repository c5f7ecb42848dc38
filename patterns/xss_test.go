package patterns

import (
	"net/url"
	"slices"
	"testing"
)

// TestXSSPlacementsAndSpellings: cross-site scripting the way WAF test
// suites send it, in each place a request carries it (a parameter, the
// tail of a REST path, the user agent, the referer) and in the spellings
// filters miss (calls without parentheses, escapes, UTF-7, split tags,
// code read from the URL). Each must fire its signature and, where one
// request is proof, reach the ban threshold alone.
func TestXSSPlacementsAndSpellings(t *testing.T) {
	q, p := url.QueryEscape, url.PathEscape
	checkOneRequest(t, mustCompile(t, Options{}), []oneRequest{
		// the path's tail, as a REST application echoes an identifier
		{"/api/items/" + p(`" onfocus=alert(7) autofocus x="`), "", "", "xss-libinjection", true},
		{"/api/items/" + p(`'/onpointerenter=confirm(2)//`), "", "", "xss-libinjection", true},
		{"/api/items/" + p(`[0].map(confirm)`), "", "", "xss-obfuscated-call", true},
		{"/api/items/" + p(`self['pro'+'mpt'](3)`), "", "", "xss-indirect-call", false},
		{"/api/items/al%5Cu0065rt(4)", "", "", "xss-obfuscated-call", true},
		{"/api/items/" + p(`</section>`), "", "", "xss-tag-probe", false},
		{"/api/items/" + p(`&#x0003C;`), "", "", "xss-tag-probe", false},
		// the referer: no URL at all, or a URL a browser would have escaped
		{"/", "", "alert`5`", "xss-referer", true},
		{"/", "", `" onmouseenter=prompt(8) "`, "xss-referer", true},
		{"/", "", `+ADw-svg onload=alert(9)+AD4-`, "xss-referer", true},
		{"/", "", `https://shop.example/find?q="autofocus onfocus="confirm(1)`, "xss-referer", true},
		{"/", "", `</article>`, "xss-tag-probe", false},
		// the user agent out of shape
		{"/", "(prompt)(6)", "", "xss-user-agent", true},
		{"/", "<marquee loop=1 width=0>", "", "xss-user-agent", true},
		// spellings, in a parameter
		{"/search?q=" + q("eval(location.hash.substr(1))"), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q("setTimeout(decodeURIComponent(location.search))"), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q("+ADw-img src=1 onerror=alert(1)+AD4-"), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q(`<scri<script>pt>confirm(2)</script>`), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q(`<p style="width: expression(alert(3))">`), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q(`<a href="jav&#x0A;ascript:prompt(4)">x</a>`), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q(`<br size="&{prompt(5)}">`), "", "", "xss-obfuscated-call", true},
		{"/search?q=" + q(`<span datasrc=#d datafld=c dataformatas=html></span>`), "", "", "xss-active-tag", true}, // and xxe-entity: an IE data island
		{"/search?q=" + q(`<x:script xmlns:x="http://www.w3.org/1999/xhtml">`), "", "", "xss-active-tag", false},
		{"/search?q=" + q(`&#060`), "", "", "xss-tag-probe", false},
		{"/", "", "PHN2ZyBvbmxvYWQ9cHJvbXB0KDEpPg==", "xss-referer", true},
		{"/", "PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPg==", "", "xss-user-agent", true},
	})
}

// oneRequest is a request with the signature it must fire and whether it
// must reach the ban threshold (10) on its own.
type oneRequest struct {
	target, ua, ref string
	id              string
	ban             bool
}

func checkOneRequest(t *testing.T, m *Matcher, tests []oneRequest) {
	t.Helper()
	for _, tt := range tests {
		hits := m.Match(req("GET", tt.target, tt.ua, tt.ref), nil)
		got := ids(hits)
		if !slices.Contains(got, tt.id) {
			t.Errorf("%s ua=%q ref=%q: hits %v, want %s", tt.target, tt.ua, tt.ref, got, tt.id)
			continue
		}
		top := 0
		for _, h := range hits {
			top = max(top, h.Weight)
		}
		if (top >= 10) != tt.ban {
			t.Errorf("%s ua=%q ref=%q: strongest weight %d, want ban on one request = %v (%v)", tt.target, tt.ua, tt.ref, top, tt.ban, got)
		}
	}
}

// TestXSSLookAlikesStayQuiet: what shares words or syntax with the
// spellings above and is ordinary: documentation paths and titles, code in
// a search box, prose with backticks, a search engine's referer with the
// visitor's quoted query, agents that are not product tokens.
func TestXSSLookAlikesStayQuiet(t *testing.T) {
	m := mustCompile(t, Options{})
	q := url.QueryEscape
	targets := []string{
		"/docs/Web/JavaScript/Reference/Global_Objects/RegExp/source",
		"/wiki/Array.prototype.find()",
		"/wiki/JavaScript:_The_Good_Parts",
		"/wiki/O'Reilly_Media",
		"/books/don't-make-me-think/reviews",
		"/search?q=" + q("setTimeout(location.reload, 5000)"),
		"/search?q=" + q("[1,2,3].find(x => x > 1)"),
		"/search?q=" + q("css expression: calc vs var"),
		"/search?q=" + q("regular expression (regex) tutorial"),
		"/search?q=" + q("javascript: the good parts"),
		"/search?q=" + q("eval(json) vs JSON.parse"),
		"/comment?text=" + q("Use `alert()` sparingly: the `onload` handler fires after the images."),
		"/import?xml=" + q(`<a href="https://example.com/caf&#233;">Caf&#233;</a>`),
		"/import?xml=" + q(`<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://example.org/"/></feed>`),
		"/avatar?img=" + q("data:image/svg+xml;base64,PD94bWwgdmVyc2lvbj0iMS4wIj8+PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="),
		"/api?token=" + q("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQSE4yWnkifQ.c2lnbmF0dXJl"),
	}
	for _, tg := range targets {
		if hits := served(m, req("GET", tg, browserUA, "")); len(hits) > 0 {
			t.Errorf("%s: unexpected hits %v", tg, ids(hits))
		}
	}
	for _, ref := range []string{
		"https://www.google.com/search?q=%22onclick%3D%22+attribute+inline",
		"https://www.google.com/search?q=body+onload%3D+vs+addEventListener",
		"https://www.bing.com/search?q=alert()+vs+confirm()+javascript",
		"https://stackoverflow.com/questions/1234567/why-does-settimeout-location-reload-not-work",
		"https://example.com/it's-fine?x='y'",
		"android-app://com.google.android.gm/",
	} {
		if hits := m.Match(req("GET", "/", browserUA, ref), nil); len(hits) > 0 {
			t.Errorf("referer %q: unexpected hits %v", ref, ids(hits))
		}
	}
	for _, ua := range []string{"Expression Web/4.0", "PRTG Network Monitor (Alert)", "Microsoft Office Word 2014", "-"} {
		if hits := m.Match(req("GET", "/", ua, ""), nil); len(hits) > 0 {
			t.Errorf("ua %q: unexpected hits %v", ua, ids(hits))
		}
	}
}
