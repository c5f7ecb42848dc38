package fail2ban

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// Debian's sshd jail, the one fail2ban enables by default: its main
// failures and its success line convert and read as events.
func TestStockSSHD(t *testing.T) {
	dir := stockDir(t)
	spec, notes, err := FilterSpec(dir, "sshd", map[string]string{"mode": "normal"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Log(n)
	}
	spec.Location = time.UTC
	p, err := parser.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		line, client, user string
		kind               parser.Kind
	}{
		{"Dec  6 04:00:00 host sshd[123]: Failed password for invalid user admin from 203.0.113.5 port 52211 ssh2", "203.0.113.5", "admin", parser.KindAuthFailure},
		{"Dec  6 04:00:01 host sshd[123]: Failed password for root from 2001:db8::5 port 4242 ssh2", "2001:db8::5", "root", parser.KindAuthFailure},
		{"Dec  6 04:00:02 host sshd[124]: Invalid user oracle from 198.51.100.7 port 40000", "198.51.100.7", "oracle", parser.KindAuthFailure},
		{"Dec  6 04:00:03 host sshd[125]: Accepted publickey for bob from 192.0.2.1 port 22 ssh2: ED25519 SHA256:x", "192.0.2.1", "bob", parser.KindAuthSuccess},
		{"2026-12-06T04:00:04.000000Z host sshd[126]: Failed password for root from 203.0.113.9 port 1 ssh2", "203.0.113.9", "root", parser.KindAuthFailure},
	} {
		var ev parser.Event
		if err := p.Parse([]byte(tt.line), &ev); err != nil {
			t.Errorf("%q: %v", tt.line, err)
			continue
		}
		if ev.Client != netip.MustParseAddr(tt.client) || string(ev.User) != tt.user || ev.Kind != tt.kind {
			t.Errorf("%q: got %s %q %s, want %s %q %s", tt.line, ev.Client, ev.User, ev.Kind, tt.client, tt.user, tt.kind)
		}
	}
	var ev parser.Event
	if err := p.Parse([]byte("Dec  6 04:00:05 host sshd[127]: Connection closed by 192.0.2.1 port 22"), &ev); err == nil {
		t.Errorf("a closed connection is not a failure, got %s %s", ev.Kind, ev.Client)
	}
}
