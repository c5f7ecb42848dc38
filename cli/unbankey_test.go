package cli

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/state/statetest"
)

// A stored record whose key is no prefix is listed as key:HEX, and
// `guardctl unban key:HEX` (what list printed) removes it alone; before,
// only `unban --all` could, lifting every other ban with it. A malformed
// key is a usage error naming what to copy, `ban key:...` says a ban needs
// an address, and a key that names no record is said, not passed over.
func TestUnbanByKey(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.7", "--for", "2h", "--reason", "rekeyed later"), exitOK)
	mustCode(t, s.run(t, "ban", "203.0.113.8", "--for", "2h", "--reason", "stays"), exitOK)
	bad := []byte("\x07not a prefix")
	statetest.Rekey(t, s.stateDir, "rekeyed later", bad)
	name := "key:" + hex.EncodeToString(bad)

	r := s.run(t, "list")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, name+" ") || !strings.Contains(r.stderr, "guardctl unban key:HEX") {
		t.Fatalf("list does not show %s and how to remove it:\n%s", name, r)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"unban", "key:zz"}, `key "key:zz" is not hex`},
		{[]string{"unban", "key:"}, "is empty"},
		{[]string{"ban", name}, "is a stored record's key, not an IP address"},
		{[]string{"unban", "--all", name}, "not both"},
	} {
		r := s.run(t, c.args[0], c.args[1:]...)
		mustCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: want an error saying %q:\n%s", c.args, c.want, r)
		}
	}

	r = s.run(t, "unban", name)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned "+name+" (unknown, reason: undecodable record") {
		t.Errorf("unban %s:\n%s", name, r)
	}
	r = s.run(t, "list")
	mustCode(t, r, exitOK)
	if strings.Contains(r.stdout, name) || !strings.Contains(r.stdout, "203.0.113.8") || strings.Contains(r.stderr, "cannot be decoded") {
		t.Errorf("list after the unban: want only 203.0.113.8:\n%s", r)
	}

	r = s.run(t, "unban", name)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "no stored record has key "+strings.TrimPrefix(name, "key:")) {
		t.Errorf("a second unban of %s does not say it named nothing:\n%s", name, r)
	}

	// Review s12 item 1: the key of every address names no network; it
	// lifts nothing (203.0.113.8 stays) and says it named no record.
	r = s.run(t, "unban", "key:040000000000")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "no stored record has key 040000000000") || strings.Contains(r.stdout, "unbanned") {
		t.Errorf("unban by the key of 0.0.0.0/0:\n%s", r)
	}
	r = s.run(t, "list")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "203.0.113.8") {
		t.Errorf("list after an unban by the key of every address: 203.0.113.8 gone:\n%s", r)
	}
}
