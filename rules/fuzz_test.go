package rules

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaissmai/bart"
)

// FuzzLoad: no input makes Load or Compile panic; every rejection is
// Errors of *Error values that name the file and carry a message; an
// accepted policy compiles unless a list file or the pattern catalogue
// objects.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"../examples/*.toml", "testdata/bad/*.toml", "default.toml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"",
		"throttle = [{id='a', requests=1, window='1s'}, 7]",
		"[[throttle]]\n[[throttle]]\nid = 'x'\n[throttle.sub]\nq = 1",
		"a.b.c = 1\n[a]\n",
		"[allow]\nips = [[1], {x = 1}]",
		"[escalation]\nmultiplier = nan\nthreshold = 9223372036854775807",
		"[[source]]\npath = '/x'\nformat = 'regex'\nregex = '(?P<client>x)(?P<time>y)(?P<uri>z)'\n[source.json_fields]\n\"a.b\" = 'c'",
		"\"\\u00e9\" = '''\nmulti\n'''\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Load(bytes.NewReader(data), "fuzz.toml")
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Load error %T %v is not Errors", err, err)
			}
			for _, e := range errs {
				if e.File != "fuzz.toml" || e.Err == nil || !strings.HasPrefix(e.Error(), "fuzz.toml") {
					t.Fatalf("malformed problem %#v: %v", e, e)
				}
				if e.Line < 0 || e.Line > bytes.Count(data, []byte("\n"))+1 {
					t.Fatalf("line %d outside the %d-byte input: %v", e.Line, len(data), e)
				}
			}
			return
		}
		_, err = cfg.Compile(CompileOptions{Dir: "/nonexistent-guardctl-fuzz"})
		if err == nil {
			return
		}
		var errs Errors
		if !errors.As(err, &errs) {
			t.Fatalf("Compile error %T %v is not Errors", err, err)
		}
		for _, e := range errs {
			if !strings.HasPrefix(e.Key, "allow.files") && !strings.HasPrefix(e.Key, "deny.files") && e.Key != "patterns" {
				t.Fatalf("Load accepted what Compile rejects: %v", e)
			}
		}
	})
}

// FuzzReadList: no list file makes ReadList panic, and it reads exactly
// the lines ParsePrefix accepts.
func FuzzReadList(f *testing.F) {
	f.Add([]byte("192.0.2.0/24\n# c\n2001:db8::/32 ; x\n"))
	f.Add([]byte("\xef\xbb\xbf10.0.0.1\r\nbogus\n::ffff:1.2.3.4/120\n"))
	f.Add([]byte("10.0.0.1/8\n\n\n;\n#"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl := new(bart.Lite)
		n, err := ReadList(bytes.NewReader(data), "l.txt", tbl)
		if n < 0 || tbl.Size() > n {
			t.Fatalf("ReadList = %d entries but the table holds %d", n, tbl.Size())
		}
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T %v is not Errors", err, err)
			}
		}
	})
}

// FuzzParseDuration: never panics, and what it accepts is not negative.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"10m", "7d", "1d12h", "1.5h", "0", "-1s", "9999999999999999999h", ".5s", "1e3s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
	})
}

// FuzzKeyLines: the line scan runs only on text the TOML parser accepted,
// but it must not panic or loop on anything.
func FuzzKeyLines(f *testing.F) {
	f.Add("[[a]]\nb = [1, {c = 'd'}]\n[a.e]\nf = \"\"\"x\n\"\"\"")
	f.Add("x = [[[[[")
	f.Add("'a'.\"b\" = {")
	f.Fuzz(func(t *testing.T, s string) {
		for k, line := range keyLines(s) {
			if line < 1 || line > strings.Count(s, "\n")+1 {
				t.Fatalf("key %q at line %d of a %d-line input", k, line, strings.Count(s, "\n")+1)
			}
		}
	})
}
