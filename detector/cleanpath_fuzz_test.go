package detector

import (
	"bytes"
	"testing"
)

// FuzzCleanPath: cleaning never panics, keeps the leading slash, leaves no
// empty, "." or ".." segment behind, and cleaning again changes nothing.
func FuzzCleanPath(f *testing.F) {
	for _, s := range []string{"/", "//HNAP1", "/./HNAP1", "/a/../b", "/../..", "/x//y/./z/", "/.well-known/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := []byte("/" + s)
		c := cleanPath(nil, p)
		if len(c) == 0 || c[0] != '/' {
			t.Fatalf("%q -> %q: no leading slash", p, c)
		}
		if bytes.Contains(c, []byte("//")) || bytes.Contains(c, []byte("/./")) || bytes.Contains(c, []byte("/../")) ||
			bytes.HasSuffix(c, []byte("/.")) || bytes.HasSuffix(c, []byte("/..")) {
			t.Fatalf("%q -> %q: a segment left", p, c)
		}
		if again := cleanPath(nil, c); !bytes.Equal(again, c) {
			t.Fatalf("%q -> %q -> %q: not idempotent", p, c, again)
		}
	})
}
