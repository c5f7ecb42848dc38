package daemon

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Throttles scoped to sources in the daemon (fail2ban's per-jail
// counting): four failures in each of two logs ban nobody, the fifth in
// one log bans.
func TestThrottleSourcesInDaemon(t *testing.T) {
	dir := t.TempDir()
	logs := map[string]string{"ssh": filepath.Join(dir, "auth.log"), "mail": filepath.Join(dir, "mail.log")}
	extra := "\n[[throttle]]\nid = \"auth-failure-events\"\ndisabled = true\n"
	for name, path := range logs {
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		extra += fmt.Sprintf(`
[[source]]
name = %q
path = %q
format = "app"
time_zone = "UTC"
[[source.pattern]]
regex = 'login failed from (?P<host>\S+)'

[[throttle]]
id = "f2b-%s"
event = "auth_failure"
sources = [%q]
requests = 4
window = "40m"
`, name, path, name, name)
	}
	h := newHarness(t, extra)
	h.start(Options{})
	now := time.Now().UTC()
	write := func(name string, n int) {
		f, err := os.OpenFile(logs[name], os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for i := range n {
			fmt.Fprintf(f, "%s login failed from 203.0.113.77\n", now.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano))
		}
	}
	write("ssh", 4)
	write("mail", 4)
	eventually(t, 15*time.Second, "both logs read", func() bool {
		st, err := h.d.Status(t.Context())
		if err != nil {
			return false
		}
		read := 0
		for _, s := range st.Sources {
			if s.Path == "ssh" || s.Path == "mail" || s.Path == logs["ssh"] || s.Path == logs["mail"] {
				read += int(s.Lines)
			}
		}
		return read == 8
	})
	if _, ok := h.banned("203.0.113.77"); ok {
		t.Fatal("banned after 4 failures in each of two logs: the jails share a count")
	}
	write("mail", 1)
	eventually(t, 15*time.Second, "ban after the fifth failure in one log", func() bool {
		_, ok := h.banned("203.0.113.77")
		return ok
	})
}
