package fail2ban

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// FuzzParseINI: any file content reads or fails with an error, never a
// panic, and interpolation ends.
func FuzzParseINI(f *testing.F) {
	f.Add([]byte("[INCLUDES]\nbefore = x.conf\n[DEFAULT]\na = %(b)s\nb = %(a)s\n[Definition]\nfailregex = ^x <HOST>\n    ^y <ADDR> ; c\n"))
	f.Add([]byte("[s]\nk: v\n\n  cont\n# c\n; c\n[t\n"))
	f.Add([]byte("  orphan\nk = v\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.conf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := parseINI(path)
		if err != nil {
			return
		}
		for _, sn := range c.order {
			s := c.sections[strings.ToLower(sn)]
			for _, k := range s.keys {
				c.interp(sn, s.kv[k], nil)
			}
		}
	})
}

// FuzzConvertRegex: a converted failregex always compiles as RE2 with one
// host group; anything else is an error, never a panic.
func FuzzConvertRegex(f *testing.F) {
	f.Add("", `^user <F-USER>\S+</F-USER> from <HOST>(?: port \d+)?$`)
	f.Add(`^\[client <HOST>\] <F-CONTENT>.+</F-CONTENT>$`, `^(?!evasive)denied(?(x)a|b)`)
	f.Add("", `^<F-NOFAIL>x</F-NOFAIL> <HOST> <HOST> (?P<x>a)(?P=x) \Z {,3}`)
	f.Add("", `(?:<F-NOFAIL>publickey</F-NOFAIL>|\S+) for <ADDR>`)
	f.Add(`^\[(:?error|(?!evasive)\S+:\S+)\] \[client <HOST>\] <F-CONTENT>.+</F-CONTENT>$`, `^user (?!\x60)(?i)(?P<u>a|b(?!c))`)
	f.Fuzz(func(t *testing.T, pref, fail string) {
		cv, err := convertRegex(pref, fail)
		if err != nil {
			return
		}
		re, err := regexp.Compile(cv.regex)
		if err != nil {
			t.Fatalf("convertRegex(%q, %q) = %q: does not compile: %v", pref, fail, cv.regex, err)
		}
		hosts := 0
		for _, n := range re.SubexpNames() {
			if n == "host" {
				hosts++
			}
		}
		if hosts != 1 {
			t.Fatalf("convertRegex(%q, %q) = %q: %d host groups", pref, fail, cv.regex, hosts)
		}
		for _, u := range cv.unless {
			if _, err := regexp.Compile(u); err != nil {
				t.Fatalf("convertRegex(%q, %q): unless %q does not compile: %v", pref, fail, u, err)
			}
		}
	})
}
