//go:build linux

package daemon

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEventLogPartialWriteLinesLost (review of 5aa8bc6, the reviewer's test): a batch cut short by
// a full disk (a real ENOSPC on a tmpfs of 16 KiB in a mount namespace of
// the test's own). After room is made, the recovery line's lines_lost must
// equal the events that are really missing from the file, and every line
// after the cut must parse.
func TestEventLogPartialWriteLinesLost(t *testing.T) {
	if dir := os.Getenv("GUARDCTL_TEST_TMPFS"); dir != "" {
		eventLogPartialInside(t, dir)
		return
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: needs root for a mount namespace")
		}
		t.Skip("needs root for a mount namespace")
	}
	dir := t.TempDir()
	script := `mount -t tmpfs -o size=16k guardctl-test "$0" && exec "$@"`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script, dir,
		os.Args[0], "-test.run=^TestEventLogPartialWriteLinesLost$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "GUARDCTL_TEST_TMPFS="+dir)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("in a mount namespace: %v", err)
	}
}

func eventLogPartialInside(t *testing.T, dir string) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	// leave ~4 KiB free: a filler of 12 KiB (3 pages).
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 12<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "events.jsonl")
	l, err := openEventLog(path, log)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	written := 0
	for i := range 100 { // ~100 bytes a line: ~10 KiB, more than the 4 KiB free
		l.write(event{Action: "ban", Prefix: fmt.Sprintf("203.0.113.%d/32", i), Origin: "manual", Reason: strings.Repeat("x", 40)}, time.Now())
		written++
	}
	l.flush()
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	l.write(event{Action: "ban", Prefix: "198.51.100.1/32", Origin: "manual"}, time.Now())
	written++
	l.flush()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parsed, bad := 0, 0
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, ln := range lines {
		var m map[string]any
		if json.Unmarshal([]byte(ln), &m) == nil {
			parsed++
		} else {
			bad++
			if i != len(lines)-2 { // only the cut line, just before the recovery's line, may not parse
				t.Errorf("line %d of %d does not parse: %.60q", i+1, len(lines), ln)
			}
		}
	}
	if !strings.HasSuffix(lines[len(lines)-1], `"prefix":"198.51.100.1/32","origin":"manual"}`) && !strings.Contains(lines[len(lines)-1], "198.51.100.1") {
		t.Errorf("the line written after recovery is not the last whole line: %.80q", lines[len(lines)-1])
	}
	lost := written - parsed
	m := regexp.MustCompile(`lines_lost=(\d+)`).FindStringSubmatch(logs.String())
	t.Logf("written %d, parsed %d, half lines %d, really lost %d; daemon log:\n%s", written, parsed, bad, lost, logs.String())
	if m == nil {
		t.Fatalf("no recovery line")
	}
	if m[1] != fmt.Sprint(lost) {
		t.Errorf("recovery says lines_lost=%s, but %d events are missing from the file", m[1], lost)
	}
}
