package daemon

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/journald/journaltest"
)

// A journald source in the daemon: an application's failed logins in the
// journal (a real journal file) are counted by an auth_failure throttle
// and ban, next to the access-log source, and a restart resumes from the
// journal cursor (the failures already judged are not judged again).
func TestJournalSourceBans(t *testing.T) {
	journaltest.Need(t)
	h := newHarness(t, `
[[source]]
name = "gitea"
journal_units = ["gitea.service"]
format = "app"
time_zone = "UTC"
[[source.pattern]]
kind = "auth_failure"
regex = 'Failed authentication attempt for (?P<user>\S+) from (?P<host>[^\s:]+)'

[[throttle]]
id = "auth-failures"
event = "auth_failure"
requests = 4
window = "10m"
`)
	jf := filepath.Join(h.dir, "system.journal")
	now := time.Now().UTC()
	fail := func(i int, ip string) journaltest.Entry {
		return journaltest.Entry{At: now.Add(time.Duration(i) * time.Millisecond), Unit: "gitea.service", Ident: "gitea", PID: 9,
			Message: fmt.Sprintf("Failed authentication attempt for u%d from %s:5000", i, ip)}
	}
	journaltest.Append(t, jf, fail(0, "192.0.2.99")) // before the daemon: history, not judged
	h.start(Options{JournalFiles: []string{jf}})
	time.Sleep(300 * time.Millisecond)
	for i := 1; i <= 4; i++ {
		journaltest.Append(t, jf, fail(i, "203.0.113.50"))
	}
	time.Sleep(300 * time.Millisecond)
	if _, ok := h.banned("203.0.113.50"); ok {
		t.Fatalf("banned after 4 failures; the throttle allows 4")
	}
	h.stop()

	// Restart: the 4 failures already judged are not read again (the
	// journal cursor): five new ones from another client ban it, and the
	// source counts exactly those five lines.
	h.start(Options{JournalFiles: []string{jf}})
	for i := 5; i <= 9; i++ {
		journaltest.Append(t, jf, fail(i, "198.51.100.50"))
	}
	eventually(t, 15*time.Second, "ban of 198.51.100.50 from journal failures", func() bool {
		_, ok := h.banned("198.51.100.50")
		return ok
	})
	if _, ok := h.banned("192.0.2.99"); ok {
		t.Errorf("history before the first start was judged")
	}
	st, err := h.d.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Sources {
		if s.Path == "journal:gitea" || s.Path == "gitea" {
			if s.Lines != 5 {
				t.Errorf("journal source read %d lines after the restart, want 5 (no replay)", s.Lines)
			}
			return
		}
	}
	t.Errorf("status lists no journal source: %+v", st.Sources)
}
