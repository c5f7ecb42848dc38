package cli

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state"
)

// TestAdminReasonUnprintable (review of 0c60086): a reason with a byte
// 0xff (text/tabwriter's Escape: every later row of list lost its
// alignment), bytes that are not UTF-8, or a format character (U+202E
// shows the rest of the row reversed and could spoof its columns) is
// refused like a control character. A stored one (an older guardctl, a
// cluster peer) is printed escaped, and the rows stay aligned.
func TestAdminReasonUnprintable(t *testing.T) {
	s := newAdminSetup(t)
	for _, tt := range []struct{ reason, want string }{
		{"bad\xff", "not UTF-8"},
		{"ok\xc3", "not UTF-8"},
		{"a\u202egnp.", "formatting character"},
		{"zero\u200bwidth", "formatting character"},
	} {
		r := s.run(t, "ban", "203.0.113.8", "--reason", tt.reason)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("ban --reason %q: want exit %d and %q, got %s", tt.reason, exitUsage, tt.want, r)
		}
	}
	if r := s.run(t, "ban", "203.0.113.9", "--reason", "café ✓ (ticket #7)"); r.code != 0 {
		t.Fatalf("a reason in plain UTF-8 text is refused: %s", r)
	}
	if bans := s.list(t); len(bans) != 1 {
		t.Fatalf("want only the plain reason's ban stored, got %+v", bans)
	}

	// Reasons stored without the check.
	st, err := state.Open(s.stateDir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := st.Write(state.Batch{Put: []state.Ban{
		{Prefix: netip.MustParsePrefix("203.0.113.10/32"), Reason: "bad\xff", Start: now, Expires: now.Add(time.Hour), Origin: state.OriginManual, Offence: 1},
		{Prefix: netip.MustParsePrefix("203.0.113.11/32"), Reason: "x\u202eyz", Start: now, Expires: now.Add(time.Hour), Origin: state.OriginManual, Offence: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	r := s.run(t, "list")
	if r.code != 0 {
		t.Fatalf("list: %s", r)
	}
	if strings.ContainsAny(r.stdout, "\xff\u202e") || !strings.Contains(r.stdout, `bad\xff`) || !strings.Contains(r.stdout, `x\u202eyz`) {
		t.Errorf("list prints a stored reason raw, want it escaped:\n%s", r.stdout)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	col := strings.Index(lines[0], "ORIGIN") // ASCII before it
	for _, ln := range lines[1:] {
		rs := []rune(ln) // tabwriter aligns characters
		if col < 0 || len(rs) <= col || !strings.HasPrefix(string(rs[col:]), "manual") {
			t.Errorf("list's ORIGIN column is not aligned (at character %d):\n%s", col, r.stdout)
			break
		}
	}
}
