package patterns

import (
	"bytes"
	"slices"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name          string
		path, query   string
		ua            string
		wantPath      string
		wantQuery     string
		wantUA        string
		wantParamVals []string
	}{
		{name: "double encoding", path: "/a%252fb%252E%252e", wantPath: "/a/b.."},
		{name: "triple encoding", path: "/%25252e%25252e/x", wantPath: "/../x"},
		{name: "apache 42013 mixed", path: "/cgi-bin/%%32%65%%32%65/bin/sh", wantPath: "/cgi-bin/../bin/sh"},
		{name: "case folding", path: "/ADMIN/Login.PHP", wantPath: "/admin/login.php"},
		{name: "backslashes and runs of slashes", path: `/a\\b//c\d`, wantPath: "/a/b/c/d"},
		{name: "encoded backslash", path: "/a%5c..%5c..%5cwin.ini", wantPath: "/a/../../win.ini"},
		{name: "log escape", path: `/x\x5Cthink\x5capp`, wantPath: "/x/think/app"},
		{name: "NUL removed", path: "/etc/passwd%00.jpg", wantPath: "/etc/passwd.jpg"},
		{name: "double-encoded NUL", path: "/a%2500b", wantPath: "/ab"},
		{name: "overlong dot and slash", path: "/%c0%ae%c0%ae%c0%afetc", wantPath: "/../etc"},
		{name: "overlong three bytes", path: "/%e0%80%ae%e0%80%ae/x", wantPath: "/../x"},
		{name: "iis unicode", path: "/%u002e%u002e/%uff0e%uff0e/x", wantPath: "/../../x"},
		{name: "invalid escapes kept", path: "/a%zz%2%u12%", wantPath: "/a%zz%2%u12%"},
		{name: "truncated escape at end", path: "/a%4", wantPath: "/a%4"},
		{name: "plus is literal in a path", path: "/c++/a+b", wantPath: "/c++/a+b"},
		{name: "non-ascii kept", path: "/caf%C3%A9", wantPath: "/caf\xc3\xa9"},
		{name: "query plus", query: "q=a+b&x=%2B1", wantQuery: "q=a b&x=+1", wantParamVals: []string{"a b", "+1"}},
		{name: "query keeps slash runs", query: "u=http%3A%2F%2Fx%2F", wantQuery: "u=http://x/", wantParamVals: []string{"http://x/"}},
		{name: "query backslash", query: `s=%5Cthink%5Capp`, wantQuery: "s=/think/app", wantParamVals: []string{`\think\app`}},
		{name: "params split before decoding", query: "a=1%26b%3D2&c&d=%27", wantQuery: "a=1&b=2&c&d='", wantParamVals: []string{"1&b=2", "c", "'"}},
		{name: "user agent", ua: "Swiftfin%20tvOS/70 ${JNDI:x}", wantUA: "swiftfin tvos/70 ${jndi:x}"},
		{name: "rounds are bounded", path: "/%2525252541", wantPath: "/%41"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := Normalize(&Request{Path: []byte(tt.path), Query: []byte(tt.query), UA: []byte(tt.ua)})
			if n.Path != tt.wantPath {
				t.Errorf("path %q: got %q, want %q", tt.path, n.Path, tt.wantPath)
			}
			if n.Query != tt.wantQuery {
				t.Errorf("query %q: got %q, want %q", tt.query, n.Query, tt.wantQuery)
			}
			if n.UA != tt.wantUA {
				t.Errorf("ua %q: got %q, want %q", tt.ua, n.UA, tt.wantUA)
			}
			var vals []string
			for _, p := range n.Params {
				vals = append(vals, p.Value)
			}
			if !slices.Equal(vals, tt.wantParamVals) {
				t.Errorf("query %q: param values %q, want %q", tt.query, vals, tt.wantParamVals)
			}
		})
	}
}

// TestNormalFastPath: the matcher skips decoding for fields it deems
// normal; those must be exactly the fields normalisation leaves unchanged
// apart from case, or the fast path would see something the slow path
// does not.
func TestNormalFastPath(t *testing.T) {
	for _, p := range []string{"/static/app.css", "/A/B", "/a%20b", "/a//b", `/a\b`, "/a\x00", "/caf\xc3\xa9", "/a+b", "/"} {
		var a, b []byte
		same := bytes.Equal(normPath(nil, []byte(p), &a, &b), lowerASCII(nil, []byte(p)))
		if pathIsNormal([]byte(p)) && !same {
			t.Errorf("pathIsNormal(%q) but normalisation changes it", p)
		}
	}
	for _, q := range []string{"a=1&b=2", "a=%27", "a=b+c", `a=\x`, "a=\xc0\xae"} {
		var a, b []byte
		same := bytes.Equal(normQuery(nil, []byte(q), &a, &b), lowerASCII(nil, []byte(q)))
		if queryIsNormal([]byte(q)) && !same {
			t.Errorf("queryIsNormal(%q) but normalisation changes it", q)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"/a%252fb", "/%c0%ae%c0%ae/etc/passwd", `/x\x5cy`, "/%u002e%uff0e", "/%%32%65", "q=a+b%2B", "%", "%u", `\x`,
		"/\xc0", "/\xe0\x80", "/%25%32%35", "\x00%00%2500", "/%e0%80%ae",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		var a, b []byte
		p := normPath(nil, in, &a, &b)
		q := normQuery(nil, in, &a, &b)
		u := normText(nil, in, &a, &b)
		v := normValue(nil, in, &a, &b)
		for name, out := range map[string][]byte{"path": p, "query": q, "text": u, "value": v} {
			// Decoding never grows a field, so a request cannot make the
			// normaliser allocate more than its own size.
			if len(out) > len(in) {
				t.Fatalf("%s: %q normalises to longer %q", name, in, out)
			}
			if bytes.IndexByte(out, 0) >= 0 {
				t.Fatalf("%s: %q normalises to %q with a NUL", name, in, out)
			}
		}
		if !bytes.Equal(p, bytes.ToLower(p)) && utf8.Valid(p) {
			// bytes.ToLower also folds non-ASCII; compare ASCII only.
			if !bytes.Equal(p, lowerASCII(nil, p)) {
				t.Fatalf("path %q not lower case: %q", in, p)
			}
		}
		if bytes.Contains(p, []byte("//")) || bytes.IndexByte(p, '\\') >= 0 {
			t.Fatalf("path %q normalises to %q with // or a backslash", in, p)
		}
		// The matcher's fast path: a field it deems normal must be one
		// normalisation leaves unchanged apart from case.
		if pathIsNormal(in) && !bytes.Equal(p, lowerASCII(nil, in)) {
			t.Fatalf("pathIsNormal(%q) but it normalises to %q", in, p)
		}
		if queryIsNormal(in) && !bytes.Equal(q, lowerASCII(nil, in)) {
			t.Fatalf("queryIsNormal(%q) but it normalises to %q", in, q)
		}
		if queryIsNormal(in) && !bytes.Equal(v, lowerASCII(nil, in)) {
			t.Fatalf("queryIsNormal(%q) but the value normalises to %q", in, v)
		}
		if textIsNormal(in) && !bytes.Equal(u, lowerASCII(nil, in)) {
			t.Fatalf("textIsNormal(%q) but it normalises to %q", in, u)
		}
		// Idempotence: output with nothing left to decode (the round limit
		// was not reached) is a fixed point.
		if _, changed := decodeOnce(nil, p, false); !changed {
			if p2 := normPath(nil, p, &a, &b); !bytes.Equal(p, p2) {
				t.Fatalf("path not idempotent: %q -> %q -> %q", in, p, p2)
			}
		}
		if _, changed := decodeOnce(nil, u, false); !changed {
			if u2 := normText(nil, u, &a, &b); !bytes.Equal(u, u2) {
				t.Fatalf("text not idempotent: %q -> %q -> %q", in, u, u2)
			}
		}
		// A query's '+' from %2B reads as a space the second time round.
		if _, changed := decodeOnce(nil, q, false); !changed && bytes.IndexByte(q, '+') < 0 {
			if q2 := normQuery(nil, q, &a, &b); !bytes.Equal(q, q2) {
				t.Fatalf("query not idempotent: %q -> %q -> %q", in, q, q2)
			}
		}
	})
}

// normPath removes "." segments, keeps "..", never grows the path, and
// pathIsNormal sends every path with one through it.
func TestNormPathDotSegments(t *testing.T) {
	for in, want := range map[string]string{
		"/apps/zxtm/./wizard.fcgi":   "/apps/zxtm/wizard.fcgi",
		"/apps/zxtm/%2e/wizard.fcgi": "/apps/zxtm/wizard.fcgi",
		"/a/%252e/b":                 "/a/b",
		"/saas././resttosaasservlet": "/saas./resttosaasservlet",
		"/./././x":                   "/x",
		"/.//x":                      "/x",
		"/x/.":                       "/x/",
		"/.":                         "/",
		"/../etc/passwd":             "/../etc/passwd",
		"/a/.../b":                   "/a/.../b",
		"/.well-known/x":             "/.well-known/x",
		"/a/.b/./c":                  "/a/.b/c",
		`/a\.\b`:                     "/a/b",
	} {
		var a, b []byte
		if got := string(normPath(nil, []byte(in), &a, &b)); got != want {
			t.Errorf("normPath(%q) = %q, want %q", in, got, want)
		}
	}
	for _, p := range []string{"/a/./b", "/a/.", "/."} {
		if pathIsNormal([]byte(p)) {
			t.Errorf("pathIsNormal(%q): a dot segment left in", p)
		}
	}
	for _, p := range []string{"/a/.b", "/.git/config", "/a/../b", "/a./b"} {
		if !pathIsNormal([]byte(p)) {
			t.Errorf("pathIsNormal(%q) = false", p)
		}
	}
}

// The hot path stays free of allocations with a dot segment to remove.
func TestNormPathDotNoAlloc(t *testing.T) {
	a, b, dst := make([]byte, 0, 64), make([]byte, 0, 64), make([]byte, 0, 64)
	in := []byte("/apps/zxtm/./wizard.fcgi/.")
	if n := testing.AllocsPerRun(100, func() { dst = normPath(dst[:0], in, &a, &b) }); n != 0 {
		t.Errorf("normPath allocates %v times per call", n)
	}
}
