package control_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

// offline builds the real offline service on a store in a temp dir and the
// dry-run backend (the "none" backend guardctl ships, not a test double).
func offline(t testing.TB) *admin.Offline {
	t.Helper()
	return offlineLog(t, nil)
}

// offlineLog is offline logging to log (nil: discard).
func offlineLog(t testing.TB, log *slog.Logger) *admin.Offline {
	t.Helper()
	st, err := state.Open(t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
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
	return admin.NewOffline(nil, nil, st, fw, chk, admin.Options{Log: log})
}

// serve runs Serve on a fresh socket path and returns it with a function
// that stops the server and reports Serve's error.
func serve(t *testing.T, path, group string, svc control.Service) (stop func() error) {
	t.Helper()
	return serveLog(t, path, group, svc, slog.New(slog.DiscardHandler))
}

// serveLog is serve with the server logging to log.
func serveLog(t *testing.T, path, group string, svc control.Service, log *slog.Logger) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- control.Serve(ctx, path, group, svc, log) }()
	// Serve renames the socket into place once it listens.
	for i := 0; ; i++ {
		if fi, err := os.Lstat(path); err == nil && fi.Mode().Type() == os.ModeSocket {
			if c, err := net.Dial("unix", path); err == nil {
				c.Close()
				break
			}
		}
		select {
		case err := <-errc:
			cancel()
			t.Fatalf("Serve returned early: %v", err)
		default:
		}
		if i == 500 {
			cancel()
			t.Fatal("socket did not appear within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("Serve did not return within 10s of cancel")
		}
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return stop
}

func socketPath(t *testing.T) string {
	// Unix socket paths are limited to 108 bytes; t.TempDir can be long.
	dir, err := os.MkdirTemp("", "gctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "run", "guardctl.sock")
}

func TestRoundTrip(t *testing.T) {
	path := socketPath(t)
	stop := serve(t, path, "", offline(t))
	c := control.Dial(path)
	defer c.Close()
	ctx := context.Background()

	info, err := c.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Duration: 2 * time.Hour, Reason: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if info.Prefix != "203.0.113.7" || info.Origin != "manual" || !info.InKernel || info.Reason != "manual" {
		t.Errorf("ban answer = %+v", info)
	}
	if d := info.Expires.Sub(info.Since); d != 2*time.Hour {
		t.Errorf("ban lasts %v, want 2h", d)
	}
	if _, err := c.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("2001:db8::/64"), Reason: "scanner"}); err != nil {
		t.Fatal(err)
	}
	bans, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bans) != 2 || bans[0].Prefix != "203.0.113.7" || bans[1].Prefix != "2001:db8::/64" {
		t.Fatalf("list = %+v", bans)
	}
	if !bans[1].Expires.IsZero() || !bans[1].InKernel {
		t.Errorf("permanent ban listed as %+v", bans[1])
	}
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Running || st.ActiveBans != 2 || st.BansByReason["manual"] != 1 || st.BansByReason["scanner"] != 1 {
		t.Errorf("status = %+v", st)
	}
	if st.Backend.Name != firewall.BackendNone || st.Backend.Elements != 2 {
		t.Errorf("backend status = %+v", st.Backend)
	}

	// A CIDR unban lifts the bans inside it.
	lifted, err := c.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lifted) != 1 || lifted[0].Prefix != "203.0.113.7" {
		t.Errorf("unban lifted %+v", lifted)
	}
	lifted, err = c.Unban(ctx, control.UnbanRequest{All: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lifted) != 1 || lifted[0].Prefix != "2001:db8::/64" {
		t.Errorf("unban --all lifted %+v", lifted)
	}
	if bans, err := c.List(ctx); err != nil || len(bans) != 0 {
		t.Errorf("list after unban all = %+v, %v", bans, err)
	}

	_, err = c.Reload(ctx)
	if err == nil || !strings.Contains(err.Error(), "not running") {
		t.Errorf("reload on the offline service = %v, want an error saying the daemon is not running", err)
	}

	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket still there after Serve returned: %v", err)
	}
	if _, err := c.List(ctx); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("List after stop = %v, want ErrNotRunning", err)
	}
}

func TestProtectedOverSocket(t *testing.T) {
	path := socketPath(t)
	serve(t, path, "", offline(t))
	c := control.Dial(path)
	defer c.Close()
	ctx := context.Background()

	_, err := c.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("127.0.0.0/8"), Duration: time.Hour})
	if !errors.Is(err, control.ErrProtected) {
		t.Fatalf("ban loopback = %v, want ErrProtected", err)
	}
	var re *control.RemoteError
	if !errors.As(err, &re) || re.Status != http.StatusForbidden || re.Code != control.CodeProtected || !strings.Contains(re.Message, "loopback") {
		t.Errorf("ban loopback error = %#v", err)
	}
	if bans, _ := c.List(ctx); len(bans) != 0 {
		t.Fatalf("refused ban was stored: %+v", bans)
	}
	if _, err := c.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("127.0.0.0/8"), Duration: time.Hour, Force: true}); err != nil {
		t.Fatalf("forced ban: %v", err)
	}
	if bans, _ := c.List(ctx); len(bans) != 1 {
		t.Errorf("forced ban not listed: %+v", bans)
	}
}

// rawClient speaks HTTP on the socket without the typed client, to send
// what the client never would.
func rawClient(path string) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}, Timeout: 10 * time.Second}
}

func TestBadRequests(t *testing.T) {
	path := socketPath(t)
	serve(t, path, "", offline(t))
	hc := rawClient(path)
	big := `{"prefix":"203.0.113.7/32","reason":"` + strings.Repeat("x", 2<<20) + `"}`
	tests := []struct {
		method, path, body string
		status             int
		code               string
	}{
		{"POST", "/v1/bans", `{"prefix":"300.1.1.1/32"}`, 400, "bad_request"},
		{"POST", "/v1/bans", `{"prefix":"203.0.113.7/32","colour":"red"}`, 400, "bad_request"},
		{"POST", "/v1/bans", `{}`, 400, "bad_request"},
		{"POST", "/v1/bans", `{"prefix":"203.0.113.7/32","duration":-5}`, 400, "bad_request"},
		{"POST", "/v1/bans", `{"prefix":"203.0.113.7/24"}`, 400, "bad_request"},
		{"POST", "/v1/bans", `{"prefix":"203.0.113.7/32"} {}`, 400, "bad_request"},
		{"POST", "/v1/bans", big, 413, "bad_request"},
		{"DELETE", "/v1/bans", `{}`, 400, "bad_request"},
		{"GET", "/v1/nothing", ``, 404, "bad_request"},
		{"PUT", "/v1/bans", `{}`, 405, "bad_request"},
		{"GET", "/v1/reload", ``, 405, "bad_request"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, "http://guardctl"+tt.path, strings.NewReader(tt.body))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s %.60q: status %d, want %d (%s)", tt.method, tt.path, tt.body, resp.StatusCode, tt.status, body)
		}
		if tt.code != "" && !bytes.Contains(body, []byte(`"code":"`+tt.code+`"`)) {
			t.Errorf("%s %s %.60q: body %s, want code %s", tt.method, tt.path, tt.body, body, tt.code)
		}
	}
	// Nothing of the above may have been stored.
	bans, err := control.Dial(path).List(context.Background())
	if err != nil || len(bans) != 0 {
		t.Errorf("after bad requests: list = %+v, %v", bans, err)
	}
}

func TestSocketPermissions(t *testing.T) {
	path := socketPath(t)
	stop := serve(t, path, "", offline(t))
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("socket mode %o, want 600", perm)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o750 {
		t.Errorf("created socket directory mode %o, want 750", perm)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// With a group: 0660 and that group. Our own group always works,
	// root or not.
	gid := os.Getgid()
	serve(t, path, strconv.Itoa(gid), offline(t))
	fi, err = os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o660 {
		t.Errorf("group socket mode %o, want 660", perm)
	}
	if got := fi.Sys().(*syscall.Stat_t).Gid; int(got) != gid {
		t.Errorf("socket group %d, want %d", got, gid)
	}
	// No temporary socket is left beside it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("socket directory holds %d entries, want 1: %v", len(entries), entries)
	}
}

func TestUnknownGroup(t *testing.T) {
	path := socketPath(t)
	err := control.Serve(context.Background(), path, "no-such-group-guardctl", offline(t), nil)
	if err == nil || !strings.Contains(err.Error(), "no-such-group-guardctl") {
		t.Fatalf("Serve with unknown group = %v", err)
	}
}

// staleSocket leaves a socket file nobody listens on, as a killed daemon does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
}

func TestStaleSocket(t *testing.T) {
	path := socketPath(t)
	staleSocket(t, path)
	if _, err := control.Dial(path).List(context.Background()); !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("client on a stale socket = %v, want ErrNotRunning", err)
	}
	serve(t, path, "", offline(t))
	if _, err := control.Dial(path).List(context.Background()); err != nil {
		t.Fatalf("after replacing the stale socket: %v", err)
	}
}

func TestRefusesLiveSocket(t *testing.T) {
	path := socketPath(t)
	serve(t, path, "", offline(t))
	err := control.Serve(context.Background(), path, "", offline(t), nil)
	if err == nil || !strings.Contains(err.Error(), "another guardctl daemon is listening") {
		t.Fatalf("second Serve = %v, want a refusal", err)
	}
	// The first daemon's socket survives the refused second one.
	if _, err := control.Dial(path).List(context.Background()); err != nil {
		t.Fatalf("first daemon after a refused second: %v", err)
	}
}

func TestRefusesNonSocket(t *testing.T) {
	path := socketPath(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := control.Serve(context.Background(), path, "", offline(t), nil)
	if err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Fatalf("Serve over a regular file = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("regular file changed: %q", b)
	}
}

func TestNotRunning(t *testing.T) {
	path := socketPath(t)
	_, err := control.Dial(path).Status(context.Background())
	if !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("Status without daemon = %v, want ErrNotRunning", err)
	}
}

// stuckList is the offline service whose List outlasts the shutdown grace
// period until its context ends, as a list waiting behind a slow kernel
// or a slow disk does.
type stuckList struct {
	*admin.Offline
	started, returned chan struct{}
}

func (s stuckList) List(ctx context.Context) ([]control.BanInfo, error) {
	close(s.started)
	defer close(s.returned)
	<-ctx.Done()
	time.Sleep(200 * time.Millisecond) // unwinding takes a moment
	return nil, ctx.Err()
}

// TestServeWaitsForHandlers: when Serve returns, no handler runs any more.
// The daemon closes its store and its backend right after; a handler still
// running would use them closed.
func TestServeWaitsForHandlers(t *testing.T) {
	t.Parallel()
	path := socketPath(t)
	svc := stuckList{Offline: offline(t), started: make(chan struct{}), returned: make(chan struct{})}
	stop := serve(t, path, "", svc)
	go func() { _, _ = control.Dial(path).List(context.Background()) }()
	<-svc.started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-svc.returned:
	default:
		t.Fatal("Serve returned while a handler was still running")
	}
}

// TestSocketGroupReachesSocket: with socket_group set, the group's members
// must be able to reach the socket through its directory. The packaged
// unit makes /run/guardctl 0750 root:root; without a change the group's
// 0660 on the socket is of no use (connect needs search on the directory).
func TestSocketGroupReachesSocket(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs root to give the socket another group")
		}
		t.Skip("needs root to give the socket another group (runs in CI)")
	}
	path := socketPath(t) // Serve creates its directory
	const gid = 54321     // no member of it runs this test
	serve(t, path, strconv.Itoa(gid), offline(t))
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	st := di.Sys().(*syscall.Stat_t)
	groupSearch := int(st.Gid) == gid && di.Mode().Perm()&0o010 != 0
	if !groupSearch && di.Mode().Perm()&0o001 == 0 {
		t.Errorf("socket directory %o owned by gid %d: members of gid %d cannot reach the socket", di.Mode().Perm(), st.Gid, gid)
	}
	if di.Mode().Perm()&0o007 != 0 {
		t.Errorf("socket directory opened to others: %o", di.Mode().Perm())
	}
}

// TestSocketGroupLeavesExistingDirectory: a directory Serve did not create
// (systemd's RuntimeDirectory, an admin's) keeps its mode and group.
func TestSocketGroupLeavesExistingDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs root to give the socket another group")
		}
		t.Skip("needs root to give the socket another group (runs in CI)")
	}
	dir := filepath.Dir(socketPath(t))
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, filepath.Join(dir, "guardctl.sock"), "54321", offline(t))
	after, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode() != before.Mode() || after.Sys().(*syscall.Stat_t).Gid != before.Sys().(*syscall.Stat_t).Gid {
		t.Errorf("existing socket directory changed: %v gid %d -> %v gid %d", before.Mode(), before.Sys().(*syscall.Stat_t).Gid,
			after.Mode(), after.Sys().(*syscall.Stat_t).Gid)
	}
}

// lockedBuffer is a log sink the server's goroutines and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAdminChangeLoggedOnce: a ban or unban over the socket is logged once
// (by the service that made it, not again by the server), and the address
// as guardctl shows it everywhere (ipprefix.String), never "[.../32]".
func TestAdminChangeLoggedOnce(t *testing.T) {
	var buf lockedBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	path := filepath.Join(t.TempDir(), "g.sock")
	stop := serveLog(t, path, "", offlineLog(t, log), log)
	defer stop()
	c := control.Dial(path)
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.40/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.40/32")}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "203.0.113.40"); n != 2 {
		t.Errorf("the address is logged %d times for one ban and one unban, want 2:\n%s", n, out)
	}
	if strings.Contains(out, "203.0.113.40/32") {
		t.Errorf("the address is logged in CIDR form:\n%s", out)
	}
}
