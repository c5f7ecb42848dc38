package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/state/statetest"
)

// A stored ban record that cannot be decoded is kept and skipped by every
// reader; `guardctl list` names it (its prefix, or its raw key) and says
// how to remove it, and `guardctl unban` of its prefix removes it (before:
// list did not show it and unban found nothing to lift).
func TestListNamesUndecodableRecord(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.7", "--for", "2h", "--reason", "damaged later"), exitOK)
	mustCode(t, s.run(t, "ban", "203.0.113.8", "--for", "2h", "--reason", "stays"), exitOK)
	statetest.Damage(t, s.stateDir, map[string]func([]byte) []byte{"damaged later": statetest.TailGarbage})

	r := s.run(t, "list")
	mustCode(t, r, exitOK)
	row := ""
	for l := range strings.SplitSeq(r.stdout, "\n") {
		if strings.HasPrefix(l, "203.0.113.7 ") {
			row = l
		}
	}
	if !strings.Contains(row, "undecodable record") || !strings.Contains(row, "unknown") {
		t.Errorf("list: no row naming 203.0.113.7 as undecodable:\n%s", r)
	}
	if !strings.Contains(r.stderr, "1 stored ban record cannot be decoded") || !strings.Contains(r.stderr, "guardctl unban PREFIX") {
		t.Errorf("list: no note saying how to remove it:\n%s", r)
	}
	if bans := s.list(t); !slices.ContainsFunc(bans, func(b control.BanInfo) bool { return b.Prefix == "203.0.113.7" && b.Undecodable && b.Key != "" }) {
		t.Errorf("list --json: no undecodable 203.0.113.7 with its key: %+v", bans)
	}

	r = s.run(t, "unban", "203.0.113.7")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned 203.0.113.7") {
		t.Errorf("unban 203.0.113.7: %s", r)
	}
	r = s.run(t, "list")
	mustCode(t, r, exitOK)
	if strings.Contains(r.stdout, "203.0.113.7") || !strings.Contains(r.stdout, "203.0.113.8") || strings.Contains(r.stderr, "cannot be decoded") {
		t.Errorf("list after the unban: want only 203.0.113.8:\n%s", r)
	}
}
