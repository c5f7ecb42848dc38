package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/journald/journaltest"
)

// A policy with an auth-failure throttle and three sources: an nginx error
// log, an application log read by a pattern, and a journald source.
func sourcePolicy(t *testing.T, dir string) string {
	t.Helper()
	var errLog, appLog strings.Builder
	for i := range 6 {
		fmt.Fprintf(&errLog, `2015/10/29 20:01:0%d [error] 1#0: *9 user "u%d": password mismatch, client: 192.0.2.10, server: s, request: "GET / HTTP/1.1", host: "s"`+"\n", i, i)
		fmt.Fprintf(&appLog, "2024-01-02 10:00:0%d WARN Failed authentication attempt for u%d from 198.51.100.20:5000\n", i, i)
	}
	fmt.Fprintf(&errLog, `2015/10/29 20:02:00 [error] 1#0: *9 open() "/x" failed (2: No such file or directory), client: 192.0.2.11, server: s, request: "GET /x HTTP/1.1", host: "s"`+"\n")
	writeFile(t, filepath.Join(dir, "error.log"), errLog.String())
	writeFile(t, filepath.Join(dir, "app.log"), appLog.String())
	pol := filepath.Join(dir, "guardctl.toml")
	writeFile(t, pol, fmt.Sprintf(`
[[throttle]]
id = "auth-failures"
event = "auth_failure"
requests = 4
window = "10m"

[[source]]
name = "nginx-errors"
path = %q
format = "nginx_error"
time_zone = "UTC"

[[source]]
path = %q
format = "app"
time_zone = "UTC"
ignore = ['for ignored ']
[[source.pattern]]
kind = "auth_failure"
regex = 'Failed authentication attempt for (?P<user>\S+) from (?P<host>[^:\s]+)'

[[source]]
name = "gitea"
journal_units = ["gitea.service"]
format = "app"
[[source.pattern]]
regex = 'from (?P<host>\S+)'
`, filepath.Join(dir, "error.log"), filepath.Join(dir, "app.log")))
	return pol
}

func TestAnalyzeSource(t *testing.T) {
	dir := t.TempDir()
	pol := sourcePolicy(t, dir)
	// By name, with no input: the source's own files.
	rep, _ := analyzeJSON(t, "", "--config", pol, "--source", "nginx-errors")
	if o := findOffender(rep, "192.0.2.10"); o == nil || o.Action != "ban" {
		t.Fatalf("nginx-errors: 192.0.2.10 not banned: %+v", rep.Offenders)
	}
	if rep.Summary.SkippedByReason["no_event"] != 1 {
		t.Errorf("skipped %v, want one no_event", rep.Summary.SkippedByReason)
	}
	// By path, with the file named: the app patterns apply.
	app := filepath.Join(dir, "app.log")
	rep, _ = analyzeJSON(t, "", "--config", pol, "--source", app, app)
	if o := findOffender(rep, "198.51.100.20"); o == nil || o.Action != "ban" {
		t.Fatalf("app: 198.51.100.20 not banned: %+v", rep.Offenders)
	}
	// The same file under --log-format app cannot work: no patterns.
	mustCode(t, guardctl(t, "", "analyze", "--config", pol, "--log-format", "app", app), exitUsage)
	mustCode(t, guardctl(t, "", "analyze", "--config", pol, "--source", "nginx-errors", "--log-format", "combined", app), exitUsage)
	r := guardctl(t, "", "analyze", "--config", pol, "--source", "nope")
	mustCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "nginx-errors") {
		t.Errorf("unknown source: the message does not list the sources:\n%s", r.stderr)
	}
	// --log-format names the error formats directly.
	rep, _ = analyzeJSON(t, "", "--config", pol, "--log-format", "nginx_error", filepath.Join(dir, "error.log"))
	if o := findOffender(rep, "192.0.2.10"); o == nil || o.Action != "ban" {
		t.Fatalf("--log-format nginx_error: 192.0.2.10 not banned")
	}
}

func TestExplainAndTestSource(t *testing.T) {
	dir := t.TempDir()
	pol := sourcePolicy(t, dir)
	line := "2024-01-02 10:00:00 WARN Failed authentication attempt for bob from 198.51.100.20:5000"
	r := guardctl(t, "", "explain", "--config", pol, "--source", filepath.Join(dir, "app.log"), line)
	mustCode(t, r, exitOK)
	for _, want := range []string{"auth_failure", "198.51.100.20", "bob", "auth-failures"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain: no %q in\n%s", want, r.stdout)
		}
	}
	mustCode(t, guardctl(t, "", "explain", "--config", pol, "--source", filepath.Join(dir, "app.log"),
		"2024-01-02 10:00:00 WARN Failed authentication attempt for ignored from 198.51.100.20:5000"), exitUnparsable)

	fx := filepath.Join(dir, "fixtures")
	if err := os.Mkdir(fx, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(dir, "error.log"), filepath.Join(fx, "errors.log"))
	writeFile(t, filepath.Join(fx, "errors.expect.toml"), "[[banned]]\nip = \"192.0.2.10\"\nrule = \"auth-failures\"\n")
	mustCode(t, guardctl(t, "", "test", "--config", pol, "--source", "nginx-errors", fx), exitOK)
}

// A journal source with no input named is read from the journal
// (journalctl, no follow): here a real journal file.
func TestAnalyzeJournalSource(t *testing.T) {
	journaltest.Need(t)
	dir := t.TempDir()
	pol := sourcePolicy(t, dir)
	jf := filepath.Join(dir, "j.journal")
	now := time.Now().UTC().Add(-time.Hour)
	var es []journaltest.Entry
	for i := range 6 {
		es = append(es, journaltest.Entry{At: now.Add(time.Duration(i) * time.Second), Unit: "gitea.service", Ident: "gitea", PID: 3,
			Message: fmt.Sprintf("login failed from 203.0.113.77 for u%d", i)})
	}
	es = append(es, journaltest.Entry{At: now, Unit: "other.service", Ident: "x", PID: 4, Message: "from 203.0.113.78"})
	journaltest.Append(t, jf, es...)
	rep, _ := analyzeJSON(t, "", "--config", pol, "--source", "gitea", "--journal-file", jf)
	if rep.Summary.Events["auth_failure"] != 6 {
		t.Fatalf("events %v, want 6 auth failures of gitea.service only", rep.Summary.Events)
	}
	if o := findOffender(rep, "203.0.113.77"); o == nil || o.Action != "ban" {
		t.Fatalf("203.0.113.77 not banned: %+v", rep.Offenders)
	}
}
