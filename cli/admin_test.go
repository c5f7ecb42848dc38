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

	// Not running: the view is printed, and the exit code says it.
	r = s.run(t, "status")
	mustCode(t, r, exitDaemon)
	if !strings.Contains(r.stderr, "the daemon is not running") {
		t.Errorf("status of a stopped daemon does not say so on stderr: %s", r)
	}
	for _, want := range []string{"not running", "4 active", "scanner  1", "manual   2", "backend:  none"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r)
		}
	}
	r = s.run(t, "status", "--json")
	mustCode(t, r, exitDaemon)
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
		{[]string{"list", "extra"}, `"extra" is not an IP address or CIDR network`}, // list ADDR asks of one client
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
	serveControl(t, s.socket, svc)

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

// serveControl serves svc on socket, as a running daemon's control socket,
// until the test ends, and returns once the socket accepts connections.
func serveControl(t *testing.T, socket string, svc control.Service) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- control.Serve(ctx, socket, "", svc, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	for i := 0; ; i++ {
		if c, err := net.Dial("unix", socket); err == nil {
			c.Close()
			return
		}
		if i == 500 {
			t.Fatal("control socket did not come up in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
