package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFlagsAfterArguments: urfave/cli stops at the first argument; the
// command line is reordered so `analyze FILE -o json` means what it says.
func TestFlagsAfterArguments(t *testing.T) {
	r := guardctl(t, "", "analyze", "../testdata/logs/scanner.log", "-o", "json", "--no-progress")
	mustCode(t, r, exitOK)
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("-o json after the file did not give JSON: %v\n%s", err, r)
	}
	// The old spelling stays an alias.
	r = guardctl(t, "", "analyze", "../testdata/logs/scanner.log", "--format=json", "--no-progress")
	mustCode(t, r, exitOK)
	if !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("--format=json after the file: %s", r)
	}
	// "--" still ends the flags: a file named like a flag is a file.
	r = guardctl(t, "", "analyze", "--no-progress", "--", "-o")
	mustCode(t, r, exitInput)
}

// TestFlagWithoutValueLast (operator audit): a value flag typed last with
// no value was moved before the arguments and took the first as its
// value: `ban 203.0.113.7 --for` said "got 0 arguments".
func TestFlagWithoutValueLast(t *testing.T) {
	r := guardctl(t, "", "ban", "203.0.113.7", "--for")
	if r.code != exitUsage || !strings.Contains(r.stderr, "flag --for needs a value") {
		t.Errorf("ban ADDR --for: %s", r)
	}
	// A boolean flag last is no problem; it only reaches the config here.
	r = guardctl(t, "", "analyze", "../testdata/logs/scanner.log", "-o", "json", "--no-progress")
	mustCode(t, r, exitOK)
}

func TestUnknownCommandSuggests(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bann", "1.2.3.4"}, `did you mean "ban"`},
		{[]string{"analyse", "x.log"}, `did you mean "analyze"`},
		{[]string{"firewall", "stauts"}, `did you mean "status"`},
		{[]string{"zzzzzz"}, `unknown command "zzzzzz"`},
		{[]string{"help", "bann"}, `no help topic "bann"; did you mean "ban"`},
	} {
		r := guardctl(t, "", c.args...)
		mustCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, r.stderr)
		}
	}
}

func TestAnalyzeBadLogFormatIsUsage(t *testing.T) {
	r := guardctl(t, "", "analyze", "--log-format", "nginx-ish", "../testdata/logs/scanner.log")
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "nginx-ish") {
		t.Errorf("message does not name the value:\n%s", r)
	}
}

// TestAnalyzeParsedNothing: a wrong --log-format must not read as a clean
// "0 offenders".
func TestAnalyzeParsedNothing(t *testing.T) {
	r := guardctl(t, "", "analyze", "--no-progress", "--log-format", "json", "../testdata/logs/scanner.log")
	mustCode(t, r, exitInput)
	if !strings.Contains(r.stderr, "no line of 1 input parsed") || !strings.Contains(r.stderr, "--log-format") {
		t.Errorf("no warning naming --log-format:\n%s", r)
	}
}

func TestAnalyzeWindow(t *testing.T) {
	// The fixtures are from 2026-11-01: the last hour holds none of them.
	r := guardctl(t, "", "analyze", "--no-progress", "--since", "1h", "../testdata/logs/scanner.log")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "outside --since/--until") {
		t.Errorf("an empty window passed silently:\n%s", r)
	}
	r = guardctl(t, "", "analyze", "--since", "2026-11-02", "--until", "2026-11-01", "../testdata/logs/scanner.log")
	mustCode(t, r, exitUsage)
}

func TestRelativeTime(t *testing.T) {
	now := time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"1h":     now.Add(-time.Hour),
		"2d":     now.Add(-48 * time.Hour),
		"90m":    now.Add(-90 * time.Minute),
		"1w ago": now.Add(-7 * 24 * time.Hour),
	} {
		got, ok := relativeTime(in, now)
		if !ok || !got.Equal(want) {
			t.Errorf("relativeTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "2026-11-01", "yesterday", "-1h", "1x"} {
		if _, ok := relativeTime(in, now); ok {
			t.Errorf("relativeTime(%q) accepted", in)
		}
	}
}

func TestFindConfig(t *testing.T) {
	dir := t.TempDir()
	sys := filepath.Join(dir, "guardctl.toml")
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == envConfig {
				return v
			}
			return ""
		}
	}
	if c := findConfig("", env(""), sys); c.Path != "" || c.Origin != "embedded default" {
		t.Errorf("nothing anywhere: %+v", c)
	}
	if err := os.WriteFile(sys, []byte("mode = \"enforce\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := findConfig("", env(""), sys); c.Path != sys || c.Origin != "system config" {
		t.Errorf("system file: %+v", c)
	}
	if c := findConfig("", env("/x.toml"), sys); c.Path != "/x.toml" || c.Origin != "$GUARDCTL_CONFIG" {
		t.Errorf("env: %+v", c)
	}
	if c := findConfig("/y.toml", env("/x.toml"), sys); c.Path != "/y.toml" || c.Origin != "--config" {
		t.Errorf("flag: %+v", c)
	}
}

// TestConfigFromEnvironment: analyze reads $GUARDCTL_CONFIG like the admin
// verbs do, and the report says where the policy came from.
func TestConfigFromEnvironment(t *testing.T) {
	t.Setenv(envConfig, "../examples/nginx.toml")
	rep, _ := analyzeJSON(t, "", "../testdata/logs/scanner.log")
	if rep.Policy.Source != "../examples/nginx.toml" || rep.Policy.Origin != "$GUARDCTL_CONFIG" {
		t.Errorf("policy %+v, want examples/nginx.toml from $GUARDCTL_CONFIG", rep.Policy)
	}
}

// TestExplainOutputAndLogFormat: explain's log format is --log-format (the
// old --format still works, with a warning), and -o json prints the verdict.
func TestExplainOutputAndLogFormat(t *testing.T) {
	const line = `203.0.113.7 - - [01/Nov/2026:10:00:00 +0000] "GET /.env HTTP/1.1" 404 0 "-" "x"`
	r := guardctl(t, "", "explain", line, "--log-format", "combined", "-o", "json")
	mustCode(t, r, exitOK)
	var doc explainDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	if doc.Format != "combined" || doc.How != "forced" || doc.Client != "203.0.113.7" || len(doc.Hits) == 0 || doc.Fields["path"] != "/.env" {
		t.Errorf("explain -o json: %+v", doc)
	}
	r = guardctl(t, "", "explain", "--format", "combined", line)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "deprecated") || !strings.Contains(r.stdout, "combined (forced)") {
		t.Errorf("explain --format: %s", r)
	}
}

func TestCheckConfigAndTestJSON(t *testing.T) {
	r := guardctl(t, "", "check-config", "../examples/nginx.toml", "-o", "json")
	mustCode(t, r, exitOK)
	var doc checkConfigDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || !doc.OK || doc.Sources != 1 {
		t.Errorf("check-config -o json: %v %+v\n%s", err, doc, r)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	writeFile(t, bad, "mode = \"enforce\"\n\n[escalation]\ntreshold = 3\n")
	r = guardctl(t, "", "check-config", "-o", "json", bad)
	mustCode(t, r, exitConfig)
	doc = checkConfigDoc{}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.OK || len(doc.Problems) != 1 || doc.Problems[0].Line != 4 {
		t.Errorf("check-config -o json on a bad file: %v %+v\n%s", err, doc, r)
	}

	r = guardctl(t, "", "test", "../testdata/logs/scanner.log", "-o", "json")
	mustCode(t, r, exitOK)
	var td testDoc
	if err := json.Unmarshal([]byte(r.stdout), &td); err != nil || td.Passed != 1 || len(td.Fixtures) != 1 {
		t.Errorf("test -o json: %v %+v\n%s", err, td, r)
	}
}

func TestUnknownFlagSuggests(t *testing.T) {
	r := guardctl(t, "", "analyze", "../testdata/logs/scanner.log", "--ouput", "json")
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, `analyze: unknown flag --ouput; did you mean "--output"?`) {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestExplainEmptyStdin (operator audit): `explain -` with nothing on
// standard input said "read standard input: EOF".
func TestExplainEmptyStdin(t *testing.T) {
	r := guardctl(t, "", "explain", "-")
	if r.code != exitInput || !strings.Contains(r.stderr, "standard input is empty") || strings.Contains(r.stderr, "EOF") {
		t.Errorf("explain - with empty stdin: %s", r)
	}
}
