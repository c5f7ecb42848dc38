package expect

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzExpectLoad: an expectations file from a pull request is untrusted
// input to CI. Load must never panic, must either succeed or return
// *Error values, and what it accepts must be usable.
func FuzzExpectLoad(f *testing.F) {
	files, _ := filepath.Glob("../testdata/logs/*.expect.toml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"",
		"[[banned]]\nip = \"203.0.113.1\"\nrule = \"x\"\nmin_ban = \"10m\"\n",
		"[[banned]]\nip = \"2001:db8::/64\"\n[[not_banned]]\nip = \"2001:db8::1\"\n",
		"[[banned]]\n[[banned]]\nip = \"::ffff:1.2.3.4\"\nfoo = 1\n",
		"[summary]\nlines = -1\nbanned = 99999999999999999999\n",
		"[[banned]]]\nip=",
		"banned = 3\n",
		"[banned]\nip = \"1.2.3.4\"\n",
		"[[banned]]\nip = [\"1.2.3.4\"]\n",
		"a.b.c = 1\n[a]\nb = 2\n",
		"[[not_banned]]\nip = \"fe80::1%eth0\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Load(strings.NewReader(src), "fuzz.toml")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, b := range file.Banned {
			if !b.Client.Prefix.IsValid() || b.Client.Prefix != b.Client.Prefix.Masked() {
				t.Fatalf("accepted bad client %+v", b.Client)
			}
			if b.MinBan < 0 {
				t.Fatalf("negative min_ban %v", b.MinBan)
			}
			for _, n := range file.NotBanned {
				if b.Client.Prefix.Overlaps(n.Prefix) {
					t.Fatalf("accepted overlapping %s and %s", b.Client.Text, n.Text)
				}
			}
		}
		for _, n := range file.NotBanned {
			if !n.Prefix.IsValid() {
				t.Fatalf("accepted bad client %+v", n)
			}
		}
	})
}
