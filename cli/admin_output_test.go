package cli

import (
	"encoding/json"
	"testing"

	"github.com/guardctl/guardctl/control"
)

// TestAdminVerbsOutputJSON: ban, unban and list take -o json like every
// verb (offline, on the "none" backend: no kernel is touched).
func TestAdminVerbsOutputJSON(t *testing.T) {
	s := newAdminSetup(t)
	r := s.run(t, "ban", "203.0.113.7", "--for", "2h", "-o", "json")
	mustCode(t, r, exitOK)
	var info control.BanInfo
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || info.Prefix != "203.0.113.7" {
		t.Fatalf("ban -o json: %v %+v\n%s", err, info, r)
	}
	r = s.run(t, "list", "-o", "json")
	mustCode(t, r, exitOK)
	var bans []control.BanInfo
	if err := json.Unmarshal([]byte(r.stdout), &bans); err != nil || len(bans) != 1 {
		t.Fatalf("list -o json: %v %+v\n%s", err, bans, r)
	}
	r = s.run(t, "unban", "203.0.113.7", "-o", "json")
	mustCode(t, r, exitOK)
	if err := json.Unmarshal([]byte(r.stdout), &bans); err != nil || len(bans) != 1 || bans[0].Prefix != "203.0.113.7" {
		t.Fatalf("unban -o json: %v %+v\n%s", err, bans, r)
	}
	mustCode(t, s.run(t, "list", "-o", "yaml"), exitUsage)
}
