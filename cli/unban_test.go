package cli

import (
	"strings"
	"testing"
)

// TestAdminUnbanInsideWiderBan: lifting an address that a wider ban still
// covers must not read as if the address were free again.
func TestAdminUnbanInsideWiderBan(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.0/24", "--for", "2h", "--reason", "botnet"), exitOK)
	mustCode(t, s.run(t, "ban", "203.0.113.9", "--for", "1h"), exitOK)
	for _, target := range []string{"203.0.113.9", "203.0.113.10"} {
		r := s.run(t, "unban", target)
		mustCode(t, r, exitOK)
		want := target + " is still banned: inside 203.0.113.0/24 (reason: botnet)"
		if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "guardctl unban 203.0.113.0/24") {
			t.Errorf("unban %s: want %q and how to lift the wider ban, got %s", target, want, r)
		}
	}
	if bans := s.list(t); len(bans) != 1 || bans[0].Prefix != "203.0.113.0/24" {
		t.Fatalf("after unbans: %+v", bans)
	}
}
