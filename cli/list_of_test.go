package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/control"
)

// `guardctl list ADDR` answers what an operator asks of one client: is it
// banned, by which ban (its own or a wider one), why, until when, and the
// command that lifts it; a client not banned is said so. Before, list took
// no argument ("unexpected argument") and the operator read the whole
// table, where an address inside a /24 ban does not appear at all.
func TestListOfAddress(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.7", "--for", "2h", "--reason", "sqli probe"), exitOK)
	mustCode(t, s.run(t, "ban", "198.51.100.0/24", "--for", "permanent", "--reason", "scanner net"), exitOK)

	r := s.run(t, "list", "198.51.100.9", "192.0.2.1", "203.0.113.7", "198.51.0.0/16")
	mustCode(t, r, exitOK)
	for _, want := range []string{
		"198.51.100.9: banned as part of 198.51.100.0/24\n  reason:     scanner net\n",
		"  until:      never (permanent)\n",
		"  lift it:    guardctl unban 198.51.100.0/24\n",
		"192.0.2.1 is not banned\n",
		"203.0.113.7: banned\n  reason:     sqli probe\n",
		"  lift it:    guardctl unban 203.0.113.7\n",
		"198.51.0.0/16: 198.51.100.0/24 inside it is banned\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list ADDR...: no %q in:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stderr, "daemon not running"); n != 1 {
		t.Errorf("the offline notice is said %d times, want once:\n%s", n, r.stderr)
	}

	// status, where the operator starts, points at it.
	r = s.run(t, "status")
	if !strings.Contains(r.stdout, "bans:     2 active (one client: guardctl list ADDR says why, until when, how to lift it)") {
		t.Errorf("status does not point at list ADDR:\n%s", r)
	}

	// Review s12 item 6: --json answers each argument in its own entry,
	// in order, the ones not banned included; before, one deduplicated
	// array of bans ([198.51.100.0/24] for both questions below) left a
	// script to redo the containment test itself.
	r = s.run(t, "list", "192.0.2.1", "198.51.100.9", "203.0.113.7", "198.51.100.10", "--json")
	mustCode(t, r, exitOK)
	var got []struct {
		Target string            `json:"target"`
		Banned bool              `json:"banned"`
		Bans   []control.BanInfo `json:"bans"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("list --json: %v:\n%s", err, r.stdout)
	}
	want := []struct {
		target string
		banned bool
		by     string
	}{{"192.0.2.1", false, ""}, {"198.51.100.9", true, "198.51.100.0/24"}, {"203.0.113.7", true, "203.0.113.7"}, {"198.51.100.10", true, "198.51.100.0/24"}}
	if len(got) != len(want) {
		t.Fatalf("list --json of %d addresses: %d entries:\n%s", len(want), len(got), r.stdout)
	}
	for i, w := range want {
		g := got[i]
		if g.Target != w.target || g.Banned != w.banned || g.Bans == nil || (w.by == "") != (len(g.Bans) == 0) || (w.by != "" && g.Bans[0].Prefix != w.by) {
			t.Errorf("list --json entry %d = %+v; want target %s, banned %v by %q", i, g, w.target, w.banned, w.by)
		}
	}
	if !strings.Contains(r.stdout, `"bans": []`) {
		t.Errorf("list --json: a target not banned has no empty bans array:\n%s", r.stdout)
	}

	for _, bad := range []string{"203.0.113.777", "203.0.113.7/24"} {
		r = s.run(t, "list", bad)
		mustCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, bad) {
			t.Errorf("list %s: the error does not name the argument:\n%s", bad, r)
		}
	}
}
