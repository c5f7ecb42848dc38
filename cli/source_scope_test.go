package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A throttle scoped to a source counts that source's events only, in
// analyze as in the daemon: lines read as the source (--source) count,
// the same failures in another source's log or read without a source do
// not.
func TestAnalyzeThrottleSources(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(sourcePolicy(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	// The test's throttle counts nginx-errors only; the default policy's
	// all-source one is off.
	text := strings.Replace(string(data), "window = \"10m\"\n", "window = \"10m\"\nsources = [\"nginx-errors\"]\n", 1)
	if text == string(data) {
		t.Fatal("sourcePolicy changed: no throttle window to scope")
	}
	pol := filepath.Join(dir, "scoped.toml")
	writeFile(t, pol, "[[throttle]]\nid = \"auth-failure-events\"\ndisabled = true\n"+text)
	rep, _ := analyzeJSON(t, "", "--config", pol, "--source", "nginx-errors")
	if o := findOffender(rep, "192.0.2.10"); o == nil || o.Action != "ban" {
		t.Fatalf("nginx-errors: 192.0.2.10 not banned: %+v", rep.Offenders)
	}
	app := filepath.Join(dir, "app.log")
	rep, _ = analyzeJSON(t, "", "--config", pol, "--source", app, app)
	if o := findOffender(rep, "198.51.100.20"); o != nil && o.Action == "ban" {
		t.Errorf("app.log: 198.51.100.20 banned by a throttle scoped to nginx-errors: %+v", o)
	}
	rep, _ = analyzeJSON(t, "", "--config", pol, "--log-format", "nginx_error", filepath.Join(dir, "error.log"))
	if o := findOffender(rep, "192.0.2.10"); o != nil && o.Action == "ban" {
		t.Errorf("error.log without --source: 192.0.2.10 banned: %+v", o)
	}
}
