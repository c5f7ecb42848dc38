package cli

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReplayOwnFixtures is the proof of the default policy's promises
// (issue 2, "Defaults that must hold"): every testdata/logs fixture
// replayed through `guardctl test` gives the verdicts its expectations file
// states.
func TestReplayOwnFixtures(t *testing.T) {
	r := guardctl(t, "", "test", "../testdata/logs")
	if r.code != exitOK {
		t.Fatalf("guardctl test testdata/logs: %s", r)
	}
	n := len(fixtureLogs(t))
	got := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "ok    ") {
			got++
		}
	}
	if got != n {
		t.Errorf("%d fixtures reported ok, want %d:\n%s", got, n, r.stdout)
	}
}

// wrongFixture copies injection.log into a fresh directory with an
// expectations file that claims its SQL injector must not be banned.
func wrongFixture(t *testing.T) (dir, injector string) {
	t.Helper()
	dir = t.TempDir()
	copyFile(t, "../testdata/logs/injection.log", filepath.Join(dir, "injection.log"))
	injector = "203.0.113.40"
	writeFile(t, filepath.Join(dir, "injection.expect.toml"), `description = "deliberately wrong"

[[not_banned]]
ip = "`+injector+`"
`)
	return dir, injector
}

func TestReplayWrongExpectationFails(t *testing.T) {
	dir, injector := wrongFixture(t)
	rep, _ := analyzeJSON(t, "", filepath.Join(dir, "injection.log"))
	o := findOffender(rep, injector)
	if o == nil || o.Action != "ban" || len(o.Rules) == 0 {
		t.Fatalf("analyze does not ban %s: %+v", injector, o)
	}

	r := guardctl(t, "", "test", dir)
	mustCode(t, r, exitMismatch)
	out := r.stdout
	for _, want := range []string{
		"FAIL",
		injector,
		"injection.expect.toml:3", // the expectation's line
		"expected: not banned",
		"got:      banned",
		o.Reasons[0],         // the rule id
		"UNION%20SELECT",     // the sample line that fired it
		"0 passed, 1 failed", // the tally
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(r.stderr, "do not match") {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestReplayWrongBanDetails: a ban by the wrong rule, category or too short
// is a mismatch too, and names what happened instead.
func TestReplayWrongBanDetails(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	writeFile(t, filepath.Join(dir, "trap.expect.toml"), `[[banned]]
ip = "203.0.113.70"
rule = "no-such-rule"

[[banned]]
ip = "203.0.113.70"
category = "sqli"

[[banned]]
ip = "203.0.113.70"
min_ban = "30d"

[[banned]]
ip = "192.0.2.1"

[summary]
lines = 4
`)
	r := guardctl(t, "", "test", dir)
	mustCode(t, r, exitMismatch)
	for _, want := range []string{
		"trap.expect.toml:1", "banned by rule no-such-rule", "got:      banned by trap:",
		"trap.expect.toml:5", "banned for category sqli", "banned for categories trap",
		"trap.expect.toml:9", "for at least 720h0m0s", "got:      banned for 48h0m0s",
		"trap.expect.toml:13", "192.0.2.1", "no rule fired",
		"summary.lines = 4", "got:      3",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestReplayMalformedExpectations(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	exp := filepath.Join(dir, "trap.expect.toml")
	writeFile(t, exp, "description = \"x\"\n\n[[banned]]\nip = \"203.0.113.70\"\nrule_id = \"trap\"\n")
	r := guardctl(t, "", "test", dir)
	mustCode(t, r, exitExpectations)
	if !strings.Contains(r.stdout, exp+":5") || !strings.Contains(r.stdout, "rule_id") {
		t.Errorf("message lacks %s:5 and the key:\n%s", exp, r)
	}

	writeFile(t, exp, "description = \"x\"\n[[banned]\n")
	r = guardctl(t, "", "test", dir)
	mustCode(t, r, exitExpectations)
	// The TOML decoder places an error at a line's end on the next line.
	if !strings.Contains(r.stdout, exp+":2:") && !strings.Contains(r.stdout, exp+":3:") {
		t.Errorf("syntax error without %s:2 (or 3):\n%s", exp, r)
	}
}

func TestReplayMissingExpectations(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	r := guardctl(t, "", "test", dir)
	mustCode(t, r, exitExpectations)
	if !strings.Contains(r.stderr, "trap.expect.toml") || !strings.Contains(r.stderr, "--update") {
		t.Errorf("no hint naming the missing file and --update:\n%s", r)
	}
}

func TestReplayMalformedLog(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "junk.log"), "this is\nnot an access log\n\x00\x01\x02\n")
	writeFile(t, filepath.Join(dir, "junk.expect.toml"), "unlisted_not_banned = true\n")
	r := guardctl(t, "", "test", dir)
	mustCode(t, r, exitFixture)
	if !strings.Contains(r.stdout, "junk.log") || !strings.Contains(r.stdout, "ERROR") {
		t.Errorf("no message naming the log:\n%s", r)
	}

	// A log whose format is forced but whose lines are all of another.
	dir = t.TempDir()
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	writeFile(t, filepath.Join(dir, "trap.expect.toml"), "log_format = \"json\"\n")
	r = guardctl(t, "", "test", dir)
	mustCode(t, r, exitFixture)
	if !strings.Contains(r.stdout, "could be parsed") {
		t.Errorf("no reason given:\n%s", r)
	}

	r = guardctl(t, "", "test", filepath.Join(dir, "absent.log"))
	mustCode(t, r, exitFixture)
}

func TestReplayJUnit(t *testing.T) {
	dir, _ := wrongFixture(t)
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	copyFile(t, "../testdata/logs/trap.expect.toml", filepath.Join(dir, "trap.expect.toml"))
	junit := filepath.Join(t.TempDir(), "report.xml")
	r := guardctl(t, "", "test", "--junit", junit, dir)
	mustCode(t, r, exitMismatch)

	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("invalid JUnit XML: %v\n%s", err, data)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d suites", len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Tests != 2 || len(s.Cases) != 2 || s.Failures != 1 || s.Errors != 0 {
		t.Errorf("tests %d (cases %d) failures %d errors %d, want 2, 1, 0", s.Tests, len(s.Cases), s.Failures, s.Errors)
	}
	for _, c := range s.Cases {
		switch c.Name {
		case "injection":
			if c.Failure == nil || !strings.Contains(c.Failure.Body, "203.0.113.40") {
				t.Errorf("injection case has no failure naming the client: %+v", c.Failure)
			}
		case "trap":
			if c.Failure != nil {
				t.Errorf("trap case failed: %s", c.Failure.Body)
			}
		default:
			t.Errorf("unexpected case %q", c.Name)
		}
	}
}

func TestReplayUpdateWritesPassingBaseline(t *testing.T) {
	t.Setenv("CI", "")
	dir := t.TempDir()
	for _, name := range []string{"scanner", "ipv6-rotation", "benign-searches"} {
		copyFile(t, "../testdata/logs/"+name+".log", filepath.Join(dir, name+".log"))
	}
	r := guardctl(t, "", "test", "--update", dir)
	mustCode(t, r, exitOK)
	for _, name := range []string{"scanner", "ipv6-rotation", "benign-searches"} {
		b, err := os.ReadFile(filepath.Join(dir, name+".expect.toml"))
		if err != nil {
			t.Fatalf("--update wrote no expectations: %v", err)
		}
		if name == "ipv6-rotation" && !strings.Contains(string(b), `ip = "2001:db8:bad:1::/64"`) {
			t.Errorf("baseline lacks the banned /64:\n%s", b)
		}
	}
	r = guardctl(t, "", "test", dir)
	if r.code != exitOK {
		t.Fatalf("the baseline --update wrote does not pass: %s", r)
	}

	// The baseline is strict: one more banned client breaks it.
	f, err := os.OpenFile(filepath.Join(dir, "benign-searches.log"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`192.0.2.66 - - [01/Nov/2026:10:09:00 +0000] "GET /.git/config HTTP/1.1" 404 1 "-" "curl/8.5"` + "\n")
	f.WriteString(`192.0.2.66 - - [01/Nov/2026:10:09:01 +0000] "GET /boaform/admin/formLogin HTTP/1.1" 404 1 "-" "curl/8.5"` + "\n")
	f.Close()
	r = guardctl(t, "", "test", dir)
	mustCode(t, r, exitMismatch)
	if !strings.Contains(r.stdout, "192.0.2.66") {
		t.Errorf("diff does not name the new client:\n%s", r.stdout)
	}
}

func TestReplayUpdateRefusedInCI(t *testing.T) {
	t.Setenv("CI", "true")
	dir := t.TempDir()
	copyFile(t, "../testdata/logs/trap.log", filepath.Join(dir, "trap.log"))
	r := guardctl(t, "", "test", "--update", dir)
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "CI") {
		t.Errorf("refusal does not say why:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "trap.expect.toml")); !os.IsNotExist(err) {
		t.Errorf("an expectations file was written in CI (stat: %v)", err)
	}
}

// TestReplayFixtureConfig: an expectations file may name its own policy;
// a broken one is reported against the expectations file.
func TestReplayFixtureConfig(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../testdata/logs/flood.log", filepath.Join(dir, "flood.log"))
	writeFile(t, filepath.Join(dir, "strict.toml"), floodPolicy)
	writeFile(t, filepath.Join(dir, "flood.expect.toml"), `config = "strict.toml"
unlisted_not_banned = true

[[banned]]
ip = "203.0.113.10"
rule = "flood"
`)
	r := guardctl(t, "", "test", dir)
	if r.code != exitOK {
		t.Fatalf("%s", r)
	}
	// --update keeps the fixture's own policy: the rewritten file must
	// still replay under strict.toml, where the flooder is banned.
	t.Setenv("CI", "")
	mustCode(t, guardctl(t, "", "test", "--update", dir), exitOK)
	b, err := os.ReadFile(filepath.Join(dir, "flood.expect.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `config = "strict.toml"`) || !strings.Contains(string(b), `ip = "203.0.113.10"`) {
		t.Errorf("--update lost the fixture's config or its ban:\n%s", b)
	}
	if r := guardctl(t, "", "test", dir); r.code != exitOK {
		t.Fatalf("after --update: %s", r)
	}
	writeFile(t, filepath.Join(dir, "strict.toml"), "[[throttle]]\nid = \"flood\"\nrequests = 0\nwindow = \"10s\"\n")
	r = guardctl(t, "", "test", dir)
	mustCode(t, r, exitExpectations)
	if !regexp.MustCompile(`strict\.toml:\d+`).MatchString(r.stdout) {
		t.Errorf("no file:line for the broken fixture policy:\n%s", r)
	}
}

func TestReplayBadConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "policy.toml")
	writeFile(t, cfg, "[escalation]\ntreshold = 3\n")
	r := guardctl(t, "", "test", "--config", cfg, "../testdata/logs")
	mustCode(t, r, exitConfig)
	if !strings.Contains(r.stderr, cfg+":2") {
		t.Errorf("no file:line:\n%s", r)
	}
	r = guardctl(t, "", "test", "--config", filepath.Join(dir, "absent.toml"), "../testdata/logs")
	mustCode(t, r, exitConfig)
}

func TestReplayUsage(t *testing.T) {
	mustCode(t, guardctl(t, "", "test"), exitUsage)
	mustCode(t, guardctl(t, "", "test", "--bogus", "../testdata/logs"), exitUsage)
	r := guardctl(t, "", "test", t.TempDir())
	mustCode(t, r, exitFixture)
	if !strings.Contains(r.stderr, "no *.log") {
		t.Errorf("empty directory: %s", r)
	}
}
