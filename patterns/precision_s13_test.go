package patterns

import (
	"net/url"
	"testing"
)

// TestSearchExpressionsNotFlagged: what people type into a search box that
// sqli-libinjection, nosqli-operator and shellshock-function banned at one
// request before session 13 (issue 8: code words in ordinary search
// queries): code and sums or choices of numbers. No hit of weight > 0.
func TestSearchExpressionsNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, s := range []string{
		"if (a && true) return", "if (x || true) return", "if (!user || !user.id) return",
		"if (x > 0 && y < 5)", "while (i < 10 && !done)", "user.isAdmin || true", "a || true",
		"if (a) { return true }", "function f() { return true; }", "$(document).ready(function() {",
		`if (s == "x" || true)`,
		"1+1 or 2", "2+2 or 5", "1/2 or 3/4", "(a+b)^2 or a^2+b^2", "1 and 2 or 3", "1 - 2 or 3",
		"status=500 or 502", "null or undefined",
	} {
		for _, h := range m.Match(req("GET", "/search?q="+url.QueryEscape(s), "", ""), nil) {
			t.Errorf("q=%q: %s (%d), want no hit", s, h.ID, h.Weight)
		}
	}
}

// TestSearchInjectionsStillBan: the injections those searches resemble, in
// the same parameter, still ban on one request: a condition after OR/AND,
// a leading minus, a call, keywords, quotes, a JavaScript truth after an
// open quote or a number, a bash function starting the value.
func TestSearchInjectionsStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	q := func(s string) string { return "/search?q=" + url.QueryEscape(s) }
	checkOneRequest(t, m, []oneRequest{
		{q("1 AND 1=1"), "", "", "sqli-libinjection", true},
		{q("1 or 1=1"), "", "", "sqli-libinjection", true},
		{q("a or 1=1"), "", "", "sqli-libinjection", true},
		{q("1=1 and 2=2"), "", "", "sqli-libinjection", true},
		{q("1) or (1=1"), "", "", "sqli-libinjection", true},
		{q("-1 or 0"), "", "", "sqli-libinjection", true},
		{q("-1 or 1=1"), "", "", "sqli-libinjection", true},
		{q("1 order by 3--"), "", "", "sqli-libinjection", true},
		{q("x' or 'a'='a"), "", "", "sqli-libinjection", true},
		{q("isnull(x) or y"), "", "", "sqli-libinjection", true},
		{q("-1 or null is null"), "", "", "sqli-libinjection", true},
		{q("1 or 1 is not null"), "", "", "sqli-libinjection", true},
		{q("if(1=1,sleep(5),0)"), "", "", "sqli-blind-function", false},
		{q("' || true || '"), "", "", "nosqli-operator", true},
		{q("'; return true; var x='"), "", "", "nosqli-operator", true},
		{q(`"; return true; //`), "", "", "nosqli-operator", true},
		{q("0; return true"), "", "", "nosqli-operator", true},
		{q("1 || true"), "", "", "nosqli-operator", true},
		{q("$where: this.a || true"), "", "", "nosqli-operator", true},
		{q("db.injection.insert({success:1});return 1;db.stores.mapReduce(function() { { emit(1,1"), "", "", "nosqli-operator", true},
		{q("() { :; }; /bin/bash -c id"), "", "", "shellshock-function", true},
		{"/", "() { :; }; /bin/bash -c id", "", "shellshock-function", true},
		{"/", "", "() { _; } >_[$($())] { id; }", "shellshock-function", true},
	})
}
