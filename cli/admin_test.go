package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

// adminSetup gives the admin verbs a config with the dry-run backend, a
// socket path where no daemon listens and an empty state directory.
type adminSetup struct {
	dir, config, socket, stateDir string
}

func newAdminSetup(t *testing.T) adminSetup {
	t.Helper()
	dir := t.TempDir()
	// Socket paths are limited to 108 bytes; t.TempDir may be long.
	sockDir, err := os.MkdirTemp("", "gctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	s := adminSetup{
		dir:      dir,
		config:   filepath.Join(dir, "guardctl.toml"),
		socket:   filepath.Join(sockDir, "guardctl.sock"),
		stateDir: filepath.Join(dir, "state"),
	}
	writeFile(t, s.config, "[firewall]\nbackend = \"none\"\n")
	return s
}

// run runs one admin verb with the setup's flags after the arguments, as
// people type them.
func (s adminSetup) run(t *testing.T, verb string, args ...string) result {
	t.Helper()
	all := append([]string{verb}, args...)
	all = append(all, "--config", s.config, "--socket", s.socket, "--state-dir", s.stateDir)
	return guardctl(t, "", all...)
}

func (s adminSetup) list(t *testing.T) []control.BanInfo {
	t.Helper()
	r := s.run(t, "list", "--json")
	mustCode(t, r, exitOK)
	var bans []control.BanInfo
	if err := json.Unmarshal([]byte(r.stdout), &bans); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r)
	}
	return bans
}

func TestAdminOffline(t *testing.T) {
	s := newAdminSetup(t)

	r := s.run(t, "ban", "203.0.113.7", "--for", "2h", "--reason", "manual")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "banned 203.0.113.7 for 2h0m") {
		t.Errorf("ban output: %s", r)
	}
	if !strings.Contains(r.stderr, offlineNotice) {
		t.Errorf("offline ban does not say the daemon is not running: %s", r)
	}
	mustCode(t, s.run(t, "ban", "2001:db8::/64", "--for", "7d", "--reason", "scanner"), exitOK)
	mustCode(t, s.run(t, "ban", "198.51.100.0/24", "--for", "permanent"), exitOK)
	mustCode(t, s.run(t, "ban", "198.51.100.9", "--for", "0", "--reason", "inside"), exitOK)

	bans := s.list(t)
	got := map[string]control.BanInfo{}
	for _, b := range bans {
		got[b.Prefix] = b
	}
	if len(bans) != 4 {
		t.Fatalf("list: %+v", bans)
	}
	b := got["203.0.113.7"]
	if b.Reason != "manual" || b.Origin != "manual" || b.Offence != 1 || b.Expires.Sub(b.Since) != 2*time.Hour {
		t.Errorf("203.0.113.7 listed as %+v", b)
	}
	if b := got["2001:db8::/64"]; b.Expires.Sub(b.Since) != 7*24*time.Hour || b.Reason != "scanner" {
		t.Errorf("2001:db8::/64 listed as %+v", b)
	}
	if b := got["198.51.100.0/24"]; !b.Expires.IsZero() {
		t.Errorf("permanent ban listed as %+v", b)
	}

	r = s.run(t, "list")
	mustCode(t, r, exitOK)
	for _, want := range []string{"PREFIX", "IN KERNEL", "203.0.113.7", "2001:db8::/64", "scanner", "permanent"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list table lacks %q:\n%s", want, r.stdout)
		}
	}
	// The 7-day ban has 7d0h left, or 6d23h once a second has passed
	// between the ban and the list (a loaded machine).
	if !strings.Contains(r.stdout, "7d0h") && !strings.Contains(r.stdout, "6d23h") {
		t.Errorf("list table lacks the 7-day ban's remaining time:\n%s", r.stdout)
	}

	r = s.run(t, "status")
	mustCode(t, r, exitOK)
	for _, want := range []string{"not running", "4 active", "scanner  1", "manual   2", "backend:  none"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r)
		}
	}
	r = s.run(t, "status", "--json")
	mustCode(t, r, exitOK)
	var st control.Status
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Running || st.ActiveBans != 4 || st.BansByReason["inside"] != 1 {
		t.Errorf("status --json: %+v", st)
	}

	// A CIDR unban lifts the bans inside it, the network's own included.
	r = s.run(t, "unban", "198.51.100.0/24")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned 198.51.100.0/24") || !strings.Contains(r.stdout, "unbanned 198.51.100.9") {
		t.Errorf("unban CIDR: %s", r)
	}
	// Several at once; one of them not banned.
	r = s.run(t, "unban", "203.0.113.7", "192.0.2.1")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned 203.0.113.7") {
		t.Errorf("unban: %s", r)
	}
	if bans := s.list(t); len(bans) != 1 || bans[0].Prefix != "2001:db8::/64" {
		t.Fatalf("after unbans: %+v", bans)
	}
	r = s.run(t, "unban", "192.0.2.1")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "nothing to lift") {
		t.Errorf("unban of an address not banned: %s", r)
	}
	r = s.run(t, "unban", "--all")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "lifted 1 bans") {
		t.Errorf("unban --all: %s", r)
	}
	if bans := s.list(t); len(bans) != 0 {
		t.Fatalf("after unban --all: %+v", bans)
	}
	r = s.run(t, "list")
	if !strings.Contains(r.stdout, "no active bans") {
		t.Errorf("empty list: %s", r)
	}

	// reload needs a daemon; there is no offline fallback for it.
	r = s.run(t, "reload")
	mustCode(t, r, exitDaemon)
	if !strings.Contains(r.stderr, "not running") {
		t.Errorf("reload without daemon: %s", r)
	}
}

func TestAdminBadInput(t *testing.T) {
	s := newAdminSetup(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ban", "300.1.1.1"}, `"300.1.1.1" is not an IP address or CIDR`},
		{[]string{"ban", "example.com"}, `"example.com" is not an IP address or CIDR`},
		{[]string{"ban", "10.0.0.1/8"}, `10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8 (the network) or 10.0.0.1 (the address)?`},
		{[]string{"unban", "2001:db8::1/64"}, `did you mean 2001:db8::/64 (the network) or 2001:db8::1 (the address)?`},
		{[]string{"ban", "fe80::1%eth0"}, `zone`},
		{[]string{"ban", "0.0.0.0/0"}, `matches every address`},
		{[]string{"ban", "203.0.113.7", "--for", "3x"}, `unknown unit "x"`},
		{[]string{"ban", "203.0.113.7", "--for", "-1h"}, `must not be signed`},
		{[]string{"ban", "203.0.113.7", "--bogus"}, `unknown flag --bogus`},
		{[]string{"ban"}, `want exactly one IP address or CIDR`},
		{[]string{"ban", "203.0.113.7", "203.0.113.8"}, `want exactly one IP address or CIDR`},
		{[]string{"unban"}, `or --all`},
		{[]string{"unban", "--all", "203.0.113.7"}, `not both`},
		{[]string{"unban", "203.0.113.7", "1.2.3"}, `"1.2.3" is not an IP address or CIDR`},
		{[]string{"list", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		r := s.run(t, tt.args[0], tt.args[1:]...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: want exit %d and %q, got %s", tt.args, exitUsage, tt.want, r)
		}
	}
	// Nothing reached the store: the state directory was never created.
	if _, err := os.Stat(s.stateDir); !os.IsNotExist(err) {
		t.Errorf("bad input created the state directory: %v", err)
	}
}

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

// TestKernelFailureExitCode: a kernel refusal exits 8 whether the daemon
// answered (a remote error with code "kernel") or the offline service did.
func TestKernelFailureExitCode(t *testing.T) {
	remote := &control.RemoteError{Status: 502, Code: control.CodeKernel, Message: "ban 203.0.113.7: stored, but the kernel was not updated"}
	if got := exitCodeOf(serviceError("ban", remote)); got != exitFirewall {
		t.Errorf("daemon's kernel refusal exits %d, want %d", got, exitFirewall)
	}
	offline := fmt.Errorf("ban 203.0.113.7: stored, but %w: no table", admin.ErrKernel)
	if got := exitCodeOf(serviceError("ban", offline)); got != exitFirewall {
		t.Errorf("offline kernel refusal exits %d, want %d", got, exitFirewall)
	}
}

// TestAdminThroughDaemon serves the control API on the socket and checks
// that the verbs use it: no offline notice, and the bans land in the
// served service's store, not in --state-dir.
func TestAdminThroughDaemon(t *testing.T) {
	s := newAdminSetup(t)
	daemonStore, err := state.Open(filepath.Join(s.dir, "daemon-state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer daemonStore.Close()
	cfg := firewall.DefaultConfig()
	cfg.Backend = firewall.BackendNone
	fw, err := dryrun.New(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	chk, err := protect.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := admin.NewOffline(nil, nil, daemonStore, fw, chk, admin.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- control.Serve(ctx, s.socket, "", svc, slog.New(slog.DiscardHandler)) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	for i := 0; ; i++ {
		if c, err := net.Dial("unix", s.socket); err == nil {
			c.Close()
			break
		}
		if i == 500 {
			t.Fatal("control socket did not come up in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}

	r := s.run(t, "ban", "203.0.113.7", "--for", "1h")
	mustCode(t, r, exitOK)
	if strings.Contains(r.stderr, "not running") {
		t.Errorf("ban went offline with a daemon listening: %s", r)
	}
	if bans, err := daemonStore.ActiveBans(time.Now()); err != nil || len(bans) != 1 {
		t.Fatalf("daemon's store after ban: %+v, %v", bans, err)
	}
	if _, err := os.Stat(s.stateDir); !os.IsNotExist(err) {
		t.Errorf("the verb opened --state-dir although the daemon answered: %v", err)
	}
	bans := s.list(t)
	if len(bans) != 1 || !bans[0].InKernel {
		t.Fatalf("list through the daemon: %+v", bans)
	}
	r = s.run(t, "ban", "127.0.0.1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--force") || !strings.Contains(r.stderr, "loopback") {
		t.Errorf("protected ban through the daemon: %s", r)
	}
	r = s.run(t, "status")
	mustCode(t, r, exitOK)
	r = s.run(t, "unban", "203.0.113.0/24")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned 203.0.113.7") {
		t.Errorf("unban through the daemon: %s", r)
	}
	// The served offline service refuses reload; the verb says so and fails.
	r = s.run(t, "reload")
	if r.code != exitDaemon || !strings.Contains(r.stderr, "not running") {
		t.Errorf("reload: %s", r)
	}

	// A bad edit of the policy file: the verbs that go through the socket
	// still work (the daemon runs its last valid config) and warn.
	mustCode(t, s.run(t, "ban", "203.0.113.8", "--for", "1h"), exitOK)
	writeFile(t, s.config, "[firewall]\nbackend = \"none\"\n[traps]\nban = \"soon\"\n")
	r = s.run(t, "unban", "203.0.113.8")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "unbanned 203.0.113.8") || !strings.Contains(r.stderr, "warning: the policy file is invalid") ||
		!strings.Contains(r.stderr, "traps: ban") {
		t.Errorf("unban through the daemon with an invalid policy file: %s", r)
	}
	mustCode(t, s.run(t, "status"), exitOK)
	// Without the --socket flag the socket comes from the file's [daemon],
	// read leniently.
	writeFile(t, s.config, fmt.Sprintf("[daemon]\nsocket = %q\n[traps]\nban = \"soon\"\n", s.socket))
	r = guardctl(t, "", "status", "--config", s.config)
	mustCode(t, r, exitOK)
	if strings.Contains(r.stderr, offlineNotice) || !strings.Contains(r.stderr, "warning: the policy file is invalid") {
		t.Errorf("status with the socket from an invalid policy file: %s", r)
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

// TestAdminInvalidPolicyOffline: with no daemon, acting on the store and
// the kernel needs the file's [daemon] and [firewall]: an invalid file is
// still the config error it was.
func TestAdminInvalidPolicyOffline(t *testing.T) {
	s := newAdminSetup(t)
	writeFile(t, s.config, "[firewall]\nbackend = \"none\"\n[traps]\nban = \"soon\"\n")
	r := s.run(t, "unban", "203.0.113.8")
	if r.code != exitConfig || !strings.Contains(r.stderr, "traps: ban") {
		t.Errorf("offline unban with an invalid policy: %s", r)
	}
	if _, err := os.Stat(s.stateDir); !os.IsNotExist(err) {
		t.Errorf("an invalid policy opened --state-dir: %v", err)
	}
}

// TestAdminLockedStore: no daemon answers, yet something holds the state
// file. The verb must not work around the lock, and must say why.
func TestAdminLockedStore(t *testing.T) {
	s := newAdminSetup(t)
	st, err := state.Open(s.stateDir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := s.run(t, "ban", "203.0.113.7")
	if r.code != exitDaemon || !strings.Contains(r.stderr, "is locked") || !strings.Contains(r.stderr, "--socket") {
		t.Fatalf("ban with a locked store: %s", r)
	}
	if bans, _ := st.ActiveBans(time.Now()); len(bans) != 0 {
		t.Errorf("ban written despite the lock: %+v", bans)
	}
}

// TestWriteStatusRunning checks the text a running daemon's status turns
// into: every figure the issue names (sources, lines/s, parse errors, bans
// by reason, backend health) and a failed reload.
func TestWriteStatusRunning(t *testing.T) {
	st := control.Status{
		Running: true, PID: 4242, Version: "1.2.3", Mode: "enforce",
		Config:      "/etc/guardctl/guardctl.toml",
		ReloadError: "guardctl.toml:7: throttle[0].window: bad duration",
		Sources: []control.SourceStatus{{
			Path: "/var/log/nginx/access.log", Format: "combined", Lines: 120000, LinesPerSec: 35.26,
			Skipped: map[string]uint64{"bad_time": 2, "no_client": 1},
		}},
		ActiveBans:   3,
		BansByReason: map[string]int{"scanner": 2, "manual": 1},
		Clients:      812,
		Backend:      control.BackendStatus{Name: "nftables", Healthy: false, Error: "table guardctl missing", Elements: 1},
	}
	var b strings.Builder
	if err := writeStatus(&b, st); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"running, pid 4242, version 1.2.3, mode enforce",
		"last reload FAILED, running the previous config: guardctl.toml:7: throttle[0].window: bad duration",
		"nftables, UNHEALTHY: table guardctl missing, 1 element in the kernel",
		"812 tracked",
		"3 active",
		"scanner  2",
		"/var/log/nginx/access.log",
		"35.3",
		"3 (bad_time=2 no_client=1)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status text lacks %q:\n%s", want, out)
		}
	}
}
