package expect

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/report"
)

func TestLoadErrorsCarryLines(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // substrings of the error, each with name:line
	}{
		{"unknown key in second banned", `description = "x"

[[banned]]
ip = "203.0.113.1"

[[banned]]
ip = "203.0.113.2"
rul = "flood"
`, []string{`x.toml:8: banned[2].rul: unknown key "rul"`}},
		{"same unknown key in two entries", `[[banned]]
ip = "203.0.113.1"
rul = "a"

[[banned]]
ip = "203.0.113.2"
rul = "b"
`, []string{`x.toml:3: banned[1].rul`, `x.toml:7: banned[2].rul`}},
		{"unknown top-level key", "descripton = \"x\"\n", []string{`x.toml:1: descripton: unknown key`}},
		{"unknown summary key", "[summary]\nlines = 3\nbaned = 1\n", []string{`x.toml:3: summary.baned`}},
		{"bad ip", `[[banned]]
ip = "203.0.113.1"

[[banned]]
ip = "203.0.113.300"
`, []string{`x.toml:4: banned[2].ip: "203.0.113.300" is not an IP address or CIDR prefix`}},
		{"bad prefix", "[[not_banned]]\nip = \"10.0.0.0/33\"\n", []string{`x.toml:1: not_banned[1].ip`}},
		{"missing ip", "[[banned]]\nrule = \"flood\"\n", []string{`x.toml:1: banned[1].ip: missing ip`}},
		{"bad min_ban", "[[banned]]\nip = \"203.0.113.1\"\nmin_ban = \"ten minutes\"\n", []string{`x.toml:1: banned[1].min_ban`}},
		{"overlap", `[[banned]]
ip = "2001:db8:bad:1::/64"

[[not_banned]]
ip = "2001:db8:bad:1::7"
`, []string{`x.toml:4: not_banned: 2001:db8:bad:1::7 is also listed under [[banned]] (line 1)`}},
		{"syntax", "description = \"x\nip = 3\n", []string{`x.toml:1:`}},
		{"wrong type", "description = \"x\"\nunlisted_not_banned = \"yes\"\n", []string{`x.toml:2: unlisted_not_banned: incompatible types`}},
		{"wrong type in entry", "[[banned]]\nip = \"203.0.113.1\"\n[[banned]]\nip = 7\n", []string{`x.toml:4: banned.ip: incompatible types`}},
		{"negative count", "[summary]\nlines = 3\nskipped = -1\nbanned = -2\n", []string{`x.toml:3: summary.skipped: -1 is negative`, `x.toml:4: summary.banned: -2 is negative`}},
		{"several problems", `[[banned]]
ip = "nope"

[[banned]]
ip = "203.0.113.1"
min_ban = "-"
`, []string{`x.toml:1: banned[1].ip`, `x.toml:4: banned[2].min_ban`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Load(strings.NewReader(c.src), "x.toml")
			if err == nil {
				t.Fatalf("accepted: %+v", f)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	f, err := Load(strings.NewReader(`description = "ok"
log_format = "combined"
config = "p.toml"
unlisted_not_banned = true

[[banned]]
ip = "::ffff:203.0.113.1"
rule = "flood"
category = "throttle"
min_ban = "10m"

[[banned]]
ip = "2001:db8:bad:1::1/64"

[[not_banned]]
ip = "198.51.100.0/24"

[summary]
lines = 10
parsed = 9
skipped = 1
banned = 2
`), "ok.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Banned) != 2 || len(f.NotBanned) != 1 || !f.UnlistedNotBanned || f.Config != "p.toml" || f.LogFormat != "combined" {
		t.Fatalf("file = %+v", f)
	}
	b := f.Banned[0]
	if b.Client.Prefix.String() != "203.0.113.1/32" || b.Rule != "flood" || b.Category != "throttle" || b.MinBan != 10*time.Minute || b.Line != 6 {
		t.Errorf("banned[0] = %+v (IPv4-mapped must be the IPv4 client)", b)
	}
	if got := f.Banned[1].Client.Prefix.String(); got != "2001:db8:bad:1::/64" {
		t.Errorf("banned[1] prefix = %s, want it masked", got)
	}
	if f.NotBanned[0].Line != 15 {
		t.Errorf("not_banned line = %d, want 15", f.NotBanned[0].Line)
	}
	if *f.Summary.Lines != 10 || *f.Summary.Banned != 2 {
		t.Errorf("summary = %+v", f.Summary)
	}
}

// TestLoadProjectFixtures: the expectations shipped in testdata/logs load.
func TestLoadProjectFixtures(t *testing.T) {
	files, err := filepath.Glob("../testdata/logs/*.expect.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		if _, err := LoadFile(p); err != nil {
			t.Errorf("%v", err)
		}
	}
	if _, err := LoadFile("../testdata/logs/absent.expect.toml"); err == nil {
		t.Error("a missing file loaded")
	}
}

func rep(summary report.Summary, offenders ...report.Offender) *report.Report {
	for _, o := range offenders {
		if o.Action == "ban" {
			summary.Banned++
		}
	}
	return &report.Report{Summary: summary, Offenders: offenders}
}

func ban(ip string, secs int64, reasons []string, cats ...string) report.Offender {
	return report.Offender{IP: ip, Action: "ban", BanSeconds: secs, Reasons: reasons, Categories: cats}
}

func load(t *testing.T, src string) *File {
	t.Helper()
	f, err := Load(strings.NewReader(src), "e.toml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name string
		exp  string
		r    *report.Report
		want []string // "client|got" of each mismatch, in order
	}{
		{"all as expected", `
unlisted_not_banned = true
[[banned]]
ip = "203.0.113.1"
rule = "flood"
category = "throttle"
min_ban = "10m"
[[not_banned]]
ip = "198.51.100.1"`,
			rep(report.Summary{}, ban("203.0.113.1", 600, []string{"flood"}, "throttle"), report.Offender{IP: "198.51.100.1", Action: "watch", Reasons: []string{"scan"}}),
			nil},
		{"expected ban missing", `[[banned]]
ip = "203.0.113.1"`, rep(report.Summary{}), []string{"203.0.113.1|no rule fired"}},
		{"watch only", `[[banned]]
ip = "203.0.113.1"`, rep(report.Summary{}, report.Offender{IP: "203.0.113.1", Action: "watch", Points: 5}), []string{"203.0.113.1|watch only (5 points)"}},
		{"wrong rule, category and length", `[[banned]]
ip = "203.0.113.1"
rule = "login-fail"
category = "sqli"
min_ban = "1h"`, rep(report.Summary{}, ban("203.0.113.1", 600, []string{"flood"}, "throttle")),
			[]string{"203.0.113.1|banned by flood", "203.0.113.1|banned for categories throttle", "203.0.113.1|banned for 10m0s"}},
		{"unexpected ban", `[[not_banned]]
ip = "198.51.100.0/24"`, rep(report.Summary{}, ban("198.51.100.9", 600, []string{"scan"})), []string{"198.51.100.0/24|banned 10m0s by scan"}},
		{"unlisted", `unlisted_not_banned = true
[[banned]]
ip = "203.0.113.1"`, rep(report.Summary{}, ban("203.0.113.1", 600, []string{"flood"}), ban("203.0.113.2", 600, []string{"trap:/x"})),
			[]string{"203.0.113.2|banned 10m0s by trap:/x"}},
		{"unlisted off", `[[banned]]
ip = "203.0.113.1"`, rep(report.Summary{}, ban("203.0.113.1", 600, []string{"flood"}), ban("203.0.113.2", 600, []string{"x"})), nil},
		{"IPv6 listed by address matches its /64", `unlisted_not_banned = true
[[banned]]
ip = "2001:db8:bad:1::42"
[[not_banned]]
ip = "2001:db8:bad:2::1"`, rep(report.Summary{}, ban("2001:db8:bad:1::/64", 600, []string{"sensitive-env-file"})), nil},
		{"IPv6 neighbour /64 banned", `[[not_banned]]
ip = "2001:db8:bad:2::1"`, rep(report.Summary{}, ban("2001:db8:bad:2::/64", 600, []string{"x"})), []string{"2001:db8:bad:2::1|banned 10m0s by x"}},
		{"IPv6 in another /64 is not the banned one", `[[banned]]
ip = "2001:db8:bad:3::1"`, rep(report.Summary{}, ban("2001:db8:bad:1::/64", 600, []string{"x"})), []string{"2001:db8:bad:3::1|no rule fired"}},
		{"summary", `[summary]
lines = 10
parsed = 9
skipped = 1
banned = 0`, rep(report.Summary{Lines: 10, Parsed: 8, Skipped: 2}, ban("203.0.113.1", 1, []string{"x"})), []string{"|8", "|2", "|1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := Compare(load(t, c.exp), c.r)
			var got []string
			for _, m := range ms {
				got = append(got, m.Client+"|"+m.Got)
				if m.Want == "" {
					t.Errorf("mismatch without Want: %+v", m)
				}
				if m.Client != "" && m.Line == 0 && !strings.Contains(m.Want, "unlisted") {
					t.Errorf("mismatch without the expectation's line: %+v", m)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("mismatches:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestBaselineRoundTrip: what --update writes loads, and the report it was
// written from satisfies it.
func TestBaselineRoundTrip(t *testing.T) {
	r := rep(report.Summary{Lines: 5, Parsed: 4, Skipped: 1},
		ban("203.0.113.1", 600, []string{"flood", "scan"}),
		ban("2001:db8:bad:1::/64", 172800, []string{`trap:~^/"weird"\path$`}),
		report.Offender{IP: "198.51.100.1", Action: "watch", Reasons: []string{"scan"}})
	var b strings.Builder
	if err := Baseline(&b, r, Settings{Description: "a \"quoted\" description", LogFormat: "combined", Config: "p.toml"}); err != nil {
		t.Fatal(err)
	}
	f, err := Load(strings.NewReader(b.String()), "baseline.toml")
	if err != nil {
		t.Fatalf("baseline does not load: %v\n%s", err, b.String())
	}
	if len(f.Banned) != 2 || !f.UnlistedNotBanned || f.Config != "p.toml" || f.LogFormat != "combined" || f.Description != `a "quoted" description` {
		t.Errorf("baseline = %+v", f)
	}
	if ms := Compare(f, r); len(ms) != 0 {
		t.Errorf("the report does not satisfy its own baseline: %+v", ms)
	}
	r.Offenders[2] = ban("198.51.100.1", 600, []string{"scan"})
	r.Summary.Banned++
	if ms := Compare(f, r); len(ms) == 0 {
		t.Error("a new ban still satisfies the baseline")
	}
}

// TestJUnitIsValidXML: failure bodies carry attacker-controlled log lines;
// the XML must stay well-formed whatever they hold.
func TestJUnitIsValidXML(t *testing.T) {
	cases := []Case{
		{Name: "ok", File: "ok.log", Duration: 1500 * time.Millisecond},
		{Name: "bad", File: "bad.log", Failure: "got banned; e.g. GET /<script>&\x1b[2J]]>\x00 \"q\""},
		{Name: "broken", Error: "bad.expect.toml:3: unknown key"},
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, "guardctl", cases); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Time    string `xml:"time,attr"`
				Failure *struct {
					Body string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid XML: %v\n%s", err, buf.String())
	}
	s := doc.Suites[0]
	if s.Tests != 3 || s.Failures != 1 || s.Errors != 1 || len(s.Cases) != 3 {
		t.Fatalf("suite = %+v", s)
	}
	if s.Cases[0].Time != "1.500" {
		t.Errorf("time = %q", s.Cases[0].Time)
	}
	if f := s.Cases[1].Failure; f == nil || !strings.Contains(f.Body, "/<script>&") {
		t.Errorf("failure body = %+v", f)
	}
}

// TestLoadManyUnknownKeys: an expectations file comes from a pull request;
// many typos must not make locating them quadratic.
func TestLoadManyUnknownKeys(t *testing.T) {
	var b strings.Builder
	const n = 3000
	for i := range n {
		fmt.Fprintf(&b, "[[banned]]\nip = \"10.0.%d.%d\"\nrul = \"x\"\n", i/256, i%256)
	}
	_, err := Load(strings.NewReader(b.String()), "many.toml")
	var errs interface{ Unwrap() []error }
	if !errors.As(err, &errs) || len(errs.Unwrap()) != n {
		t.Fatalf("want %d errors, got %v", n, err)
	}
	last := errs.Unwrap()[n-1].Error()
	if !strings.HasPrefix(last, fmt.Sprintf("many.toml:%d: banned[%d].rul", 3*n, n)) {
		t.Errorf("last error = %s", last)
	}
}
