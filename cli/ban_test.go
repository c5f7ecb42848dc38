package cli

import (
	"strings"
	"testing"

	"github.com/guardctl/guardctl/protect"
)

func TestAdminProtected(t *testing.T) {
	s := newAdminSetup(t)
	writeFile(t, s.config, "trusted_proxies = [\"192.0.2.10\"]\n[allow]\nips = [\"198.51.100.0/24\"]\n[firewall]\nbackend = \"none\"\n")
	for _, tt := range []struct{ target, want string }{
		{"127.0.0.1", "127.0.0.1 is inside 127.0.0.0/8 (loopback)"},
		{"::1", "::1 is protected (loopback)"},
		{"198.51.100.7", "inside 198.51.100.0/24 (allow list)"},
		{"192.0.2.0/24", "covers 192.0.2.10 (trusted proxy)"},
	} {
		r := s.run(t, "ban", tt.target)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "--force") {
			t.Errorf("ban %s: want exit %d, %q and a hint at --force, got %s", tt.target, exitUsage, tt.want, r)
		}
	}
	// The host's own addresses: each non-loopback one is refused.
	addrs, err := protect.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if a.Addr.IsLoopback() || a.Addr.Zone() != "" || a.Addr.IsLinkLocalUnicast() {
			continue
		}
		r := s.run(t, "ban", a.Addr.String())
		if r.code != exitUsage || !strings.Contains(r.stderr, "host address on "+a.Interface) {
			t.Errorf("ban own address %s: %s", a.Addr, r)
		}
	}
	if bans := s.list(t); len(bans) != 0 {
		t.Fatalf("refused bans were stored: %+v", bans)
	}
	mustCode(t, s.run(t, "ban", "127.0.0.1", "--force", "--for", "1m"), exitOK)
	if bans := s.list(t); len(bans) != 1 || bans[0].Prefix != "127.0.0.1" {
		t.Fatalf("forced ban: %+v", bans)
	}
}

// TestAdminProtectedSourceProxy: a proxy trusted by one [[source]] only is
// protected on the offline path too.
func TestAdminProtectedSourceProxy(t *testing.T) {
	s := newAdminSetup(t)
	writeFile(t, s.config, "[[source]]\npath = \"/nonexistent/access.log\"\ntrusted_proxies = [\"198.51.100.10\"]\n[firewall]\nbackend = \"none\"\n")
	r := s.run(t, "ban", "198.51.100.0/24")
	if r.code != exitUsage || !strings.Contains(r.stderr, "covers 198.51.100.10 (trusted proxy") {
		t.Errorf("ban of a network holding a source's trusted proxy: want exit %d naming the proxy, got %s", exitUsage, r)
	}
	if bans := s.list(t); len(bans) != 0 {
		t.Fatalf("refused ban was stored: %+v", bans)
	}
}

// TestAdminBanNeverShortens: a shorter ban of an address banned longer
// keeps the longer ban, and the output shows the ban in force and why.
func TestAdminBanNeverShortens(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.7", "--for", "3h"), exitOK)
	r := s.run(t, "ban", "203.0.113.7", "--for", "1h")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "banned 203.0.113.7 for 3h0m") || !strings.Contains(r.stderr, "never shortens") {
		t.Errorf("shorter re-ban: %s", r)
	}
	r = s.run(t, "ban", "203.0.113.7", "--for", "5h")
	if !strings.Contains(r.stdout, "banned 203.0.113.7 for 5h0m") || strings.Contains(r.stderr, "never shortens") {
		t.Errorf("longer re-ban: %s", r)
	}
}

// TestAdminBanPast2262: a duration the store cannot hold is the request's
// fault (exit 2), not a failure (1), offline as through the daemon.
func TestAdminBanPast2262(t *testing.T) {
	s := newAdminSetup(t)
	r := s.run(t, "ban", "203.0.113.7", "--for", "100000d")
	if r.code != exitUsage || !strings.Contains(r.stderr, "the latest time the store holds; use a permanent ban") {
		t.Errorf("ban --for 100000d: %s", r)
	}
}

// TestAdminBanInputSaidOnce (operator audit): a --for past 2262 is a
// usage error said once ("ban X: ban X: duration ...: invalid request"
// before), and a reason with a control character is refused: a newline
// was stored and split list's and status's table rows.
func TestAdminBanInputSaidOnce(t *testing.T) {
	s := newAdminSetup(t)
	writeFile(t, s.config, "[firewall]\nbackend = \"none\"\n")
	r := s.run(t, "ban", "203.0.113.7", "--for", "100000d")
	if r.code != exitUsage || strings.Count(r.stderr, "203.0.113.7") > 0 || strings.Contains(r.stderr, "invalid request") || !strings.Contains(r.stderr, "--for 100000d") {
		t.Errorf("ban --for 100000d: want one usage message naming --for, got %s", r)
	}
	for _, reason := range []string{"a\nb", "tab\there", "esc\x1b[31m"} {
		r := s.run(t, "ban", "203.0.113.8", "--reason", reason)
		if r.code != exitUsage || !strings.Contains(r.stderr, "control character") {
			t.Errorf("ban --reason %q: want exit %d and 'control character', got %s", reason, exitUsage, r)
		}
	}
	if bans := s.list(t); len(bans) != 0 {
		t.Fatalf("refused bans were stored: %+v", bans)
	}
}
