package fail2ban

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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

// FuzzDateGroup: a datepattern the importer turns into a time group gives
// a regex that compiles and a layout that reads back the date it writes,
// matched by that regex.
func FuzzDateGroup(f *testing.F) {
	for _, dp := range []string{"^%m/%d/%Y %H:%M:%S", "^L %d/%m/%Y - %H:%M:%S", "^%d.%m.%Y %H:%M:%S",
		"{^LN-BEG}%b %d, %ExY %I:%M:%S %p", "^%H:%M:%S.%f", "^%Y%m%d"} {
		f.Add(dp)
	}
	f.Fuzz(func(t *testing.T, dp string) {
		_, lead, layout, ok := dateGroup(dp)
		if !ok {
			return
		}
		re, err := regexp.Compile(lead)
		if err != nil {
			t.Fatalf("dateGroup(%q) lead %q does not compile: %v", dp, lead, err)
		}
		want := time.Date(2013, 10, 6, 15, 50, 41, 0, time.UTC)
		m := re.FindStringSubmatch(litOf(dp) + want.Format(layout))
		if m == nil {
			return // a literal with regex meaning; the pattern then simply does not match
		}
		got, err := time.Parse(layout, m[len(m)-1])
		// Only a layout holding the whole date reads it back (no 2-digit
		// year, no 12-hour clock without AM/PM, seconds present).
		whole := strings.Contains(layout, "2006") && strings.Contains(layout, "04") && strings.Contains(layout, "05") &&
			(strings.Contains(layout, "15") || strings.Contains(layout, "PM")) &&
			(strings.Contains(layout, "01") || strings.Contains(layout, "Jan")) && strings.Contains(layout, "02")
		if err == nil && whole && !got.Equal(want) {
			t.Fatalf("dateGroup(%q): layout %q reads %q as %v, want %v", dp, layout, m[len(m)-1], got, want)
		}
	})
}

// litOf is the literal text before a datepattern's first directive.
func litOf(dp string) string {
	lit, _, _, _ := dateGroup(dp)
	return lit
}
