package cli

import (
	"strings"
	"testing"
)

// TestListText: the table an admin reads, offline on the dry-run backend:
// "no active bans" when empty, then one row per ban with its reason,
// origin, remaining time and offence, and a permanent ban said in words.
func TestListText(t *testing.T) {
	s := newAdminSetup(t)
	r := s.run(t, "list")
	mustCode(t, r, exitOK)
	if strings.TrimSpace(r.stdout) != "no active bans" {
		t.Errorf("empty list: %s", r)
	}
	mustCode(t, s.run(t, "ban", "203.0.113.7", "--for", "2h", "--reason", "by hand"), exitOK)
	mustCode(t, s.run(t, "ban", "2001:db8::/64", "--for", "0"), exitOK)
	r = s.run(t, "list")
	mustCode(t, r, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "PREFIX") {
		t.Fatalf("list: want a header and 2 rows:\n%s", r)
	}
	for _, want := range [][]string{
		{"203.0.113.7 ", "by hand", "manual", "h", " 1 "},
		{"2001:db8::/64 ", "never", "permanent"},
	} {
		found := false
		for _, l := range lines[1:] {
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(l, w)
			}
			found = found || ok
		}
		if !found || !strings.Contains(r.stdout, " 2h0m ") && !strings.Contains(r.stdout, " 1h59m ") {
			t.Errorf("no row with %q:\n%s", want, r)
		}
	}
}
