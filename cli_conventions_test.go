package main

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
	r := guardctl(t, "", "analyze", "testdata/logs/scanner.log", "-o", "json", "--no-progress")
	mustCode(t, r, exitOK)
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("-o json after the file did not give JSON: %v\n%s", err, r)
	}
	// The old spelling stays an alias.
	r = guardctl(t, "", "analyze", "testdata/logs/scanner.log", "--format=json", "--no-progress")
	mustCode(t, r, exitOK)
	if !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("--format=json after the file: %s", r)
	}
	// "--" still ends the flags: a file named like a flag is a file.
	r = guardctl(t, "", "analyze", "--no-progress", "--", "-o")
	mustCode(t, r, exitInput)
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
	} {
		r := guardctl(t, "", c.args...)
		mustCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, r.stderr)
		}
	}
}

func TestAnalyzeBadLogFormatIsUsage(t *testing.T) {
	r := guardctl(t, "", "analyze", "--log-format", "nginx-ish", "testdata/logs/scanner.log")
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "nginx-ish") {
		t.Errorf("message does not name the value:\n%s", r)
	}
}

// TestAnalyzeParsedNothing: a wrong --log-format must not read as a clean
// "0 offenders".
func TestAnalyzeParsedNothing(t *testing.T) {
	r := guardctl(t, "", "analyze", "--no-progress", "--log-format", "json", "testdata/logs/scanner.log")
	mustCode(t, r, exitInput)
	if !strings.Contains(r.stderr, "no line of 1 input parsed") || !strings.Contains(r.stderr, "--log-format") {
		t.Errorf("no warning naming --log-format:\n%s", r)
	}
}

func TestAnalyzeWindow(t *testing.T) {
	// The fixtures are from 2026-11-01: the last hour holds none of them.
	r := guardctl(t, "", "analyze", "--no-progress", "--since", "1h", "testdata/logs/scanner.log")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "outside --since/--until") {
		t.Errorf("an empty window passed silently:\n%s", r)
	}
	r = guardctl(t, "", "analyze", "--since", "2026-11-02", "--until", "2026-11-01", "testdata/logs/scanner.log")
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
	t.Setenv(envConfig, "examples/nginx.toml")
	rep, _ := analyzeJSON(t, "", "testdata/logs/scanner.log")
	if rep.Policy.Source != "examples/nginx.toml" || rep.Policy.Origin != "$GUARDCTL_CONFIG" {
		t.Errorf("policy %+v, want examples/nginx.toml from $GUARDCTL_CONFIG", rep.Policy)
	}
}
