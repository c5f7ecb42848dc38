// Package journaltest writes real journal files for tests: entries in
// journald's export format, stored by systemd-journal-remote (package
// systemd-journal-remote), read back by journalctl --file.
package journaltest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Remote is systemd-journal-remote, which writes a journal file from an
// export stream.
const Remote = "/lib/systemd/systemd-journal-remote"

// Need skips the test outside CI, or fails it under CI=true, when
// journalctl or systemd-journal-remote is missing.
func Need(t testing.TB) {
	t.Helper()
	var missing []string
	if _, err := exec.LookPath("journalctl"); err != nil {
		missing = append(missing, "journalctl (package systemd)")
	}
	if _, err := os.Stat(Remote); err != nil {
		missing = append(missing, Remote+" (package systemd-journal-remote)")
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing %s: CI must install them (.ci/run does)", strings.Join(missing, ", "))
	}
	t.Skipf("missing %s; skipping outside CI", strings.Join(missing, ", "))
}

// Entry is one journal entry.
type Entry struct {
	At      time.Time
	Unit    string
	Ident   string
	PID     int
	Message string
}

// Append writes entries into the journal file path (created, or appended
// to) as journald itself would store them.
func Append(t testing.TB, path string, es ...Entry) {
	t.Helper()
	var b strings.Builder
	for i, e := range es {
		fmt.Fprintf(&b, "__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=0123456789abcdef0123456789abcdef\n",
			e.At.UnixMicro(), e.At.UnixMicro()+int64(i))
		fmt.Fprintf(&b, "_HOSTNAME=web1\n_SYSTEMD_UNIT=%s\nSYSLOG_IDENTIFIER=%s\n_PID=%d\nMESSAGE=%s\n\n", e.Unit, e.Ident, e.PID, e.Message)
	}
	cmd := exec.Command(Remote, "-o", path, "-")
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("systemd-journal-remote: %v\n%s", err, out)
	}
}
