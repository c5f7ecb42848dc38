package daemon

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/state"
)

// harness runs a Daemon in-process with the dry-run backend ("none") or
// another backend, on a log file in a temporary directory.
type harness struct {
	t       testing.TB
	dir     string
	cfgPath string
	logPath string
	events  string
	d       *Daemon
	cancel  context.CancelFunc
	done    chan error
}

const baseConfig = `
[[source]]
path = %q

[traps]
paths = ["/wp-login.php"]
ban = "10m"

[firewall]
backend = "none"

[daemon]
state_dir = %q
socket = %q
event_log = %q
`

func newHarness(t testing.TB, extra string) *harness {
	t.Helper()
	dir := t.TempDir()
	h := &harness{t: t, dir: dir, cfgPath: filepath.Join(dir, "guardctl.toml"), logPath: filepath.Join(dir, "access.log"), events: filepath.Join(dir, "events.jsonl")}
	h.writeConfig(extra)
	if err := os.WriteFile(h.logPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) writeConfig(extra string) {
	h.t.Helper()
	cfg := fmt.Sprintf(baseConfig, h.logPath, filepath.Join(h.dir, "state"), filepath.Join(h.dir, "g.sock"), h.events) + extra
	if err := os.WriteFile(h.cfgPath, []byte(cfg), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) start(opts Options) {
	h.t.Helper()
	opts.ConfigPath = h.cfgPath
	// Wait for READY (the logs are followed), not only for the socket: a
	// line appended before the tailer opened the log is taken as old
	// content and never judged.
	ready := make(chan struct{})
	var once sync.Once
	opts.Notify = func(s string) {
		if strings.Contains(s, "READY=1") {
			once.Do(func() { close(ready) })
		}
	}
	d, err := New(opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.d = d
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() { h.done <- d.Run(ctx) }()
	h.t.Cleanup(h.stop)
	eventually(h.t, 5*time.Second, "socket up", func() bool {
		_, err := os.Stat(filepath.Join(h.dir, "g.sock"))
		return err == nil
	})
	select {
	case <-ready:
	case <-time.After(15 * time.Second):
		h.t.Fatal("the daemon did not become ready")
	}
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run: %v", err)
	}
	h.cancel = nil
}

func (h *harness) append(lines ...string) {
	h.t.Helper()
	f, err := os.OpenFile(h.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	for _, l := range lines {
		if _, err := f.WriteString(l); err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h *harness) readEvents() []event {
	h.t.Helper()
	f, err := os.Open(h.events)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []event
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			h.t.Fatalf("event log line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

func clfLine(ip, path string) string {
	return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" 404 12 \"-\" \"test\"\n", ip, time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700"), path)
}

func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	// Three times the stated bound: these are not timing tests, and a CI
	// machine shared with other jobs (and -race) can be that much slower.
	deadline := time.Now().Add(3 * d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", 3*d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) banned(prefix string) (control.BanInfo, bool) {
	bans, err := h.d.List(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, b := range bans {
		if b.Prefix == prefix {
			return b, true
		}
	}
	return control.BanInfo{}, false
}

func TestTrapLineBansAndReports(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	h.append(clfLine("198.51.100.1", "/index.html"), clfLine("203.0.113.7", "/wp-login.php"), "garbage\n")
	eventually(t, 3*time.Second, "ban of 203.0.113.7", func() bool { _, ok := h.banned("203.0.113.7"); return ok })
	b, _ := h.banned("203.0.113.7")
	if !b.InKernel || b.Origin != "auto" || b.Reason != "trap:/wp-login.php" || b.Offence != 1 {
		t.Errorf("ban = %+v", b)
	}
	if _, ok := h.banned("198.51.100.1"); ok {
		t.Error("a harmless client was banned")
	}
	eventually(t, 3*time.Second, "ban event", func() bool { return len(h.readEvents()) > 0 })
	evs := h.readEvents()
	if len(evs) != 1 || evs[0].Action != "ban" || evs[0].Prefix != "203.0.113.7/32" || evs[0].Enforced.IsZero() || evs[0].Duration != "10m0s" {
		t.Errorf("event log = %+v", evs)
	}
	eventually(t, 3*time.Second, "3 lines counted", func() bool {
		st, _ := h.d.Status(context.Background())
		return st.Sources[0].Lines == 3
	})
	st, err := h.d.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.ActiveBans != 1 || st.BansByReason["trap:/wp-login.php"] != 1 || !st.Backend.Healthy || st.Sources[0].Format != "combined" {
		t.Errorf("status = %+v", st)
	}
	var skipped uint64
	for _, n := range st.Sources[0].Skipped {
		skipped += n
	}
	if skipped != 1 {
		t.Errorf("skipped = %v, want the garbage line", st.Sources[0].Skipped)
	}
}

func TestManualBanProtectAndUnban(t *testing.T) {
	h := newHarness(t, "\n[allow]\nips = [\"192.0.2.0/24\"]\n")
	h.start(Options{})
	ctx := context.Background()
	for _, p := range []string{"127.0.0.1/32", "192.0.2.5/32", "192.0.2.0/23"} {
		_, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix(p), Duration: time.Hour})
		if !errors.Is(err, control.ErrProtected) {
			t.Errorf("Ban(%s) = %v, want ErrProtected", p, err)
		}
	}
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("192.0.2.5/32"), Duration: time.Hour, Force: true}); err != nil {
		t.Errorf("forced ban: %v", err)
	}
	for _, p := range []string{"203.0.113.1/32", "203.0.113.2/32", "203.0.113.128/25"} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix(p), Reason: "manual test"}); err != nil {
			t.Fatal(err)
		}
	}
	b, ok := h.banned("203.0.113.1")
	if !ok || !b.Expires.IsZero() || b.Origin != "manual" || b.Reason != "manual test" {
		t.Errorf("manual permanent ban = %+v, %v", b, ok)
	}
	lifted, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}})
	if err != nil || len(lifted) != 3 {
		t.Fatalf("Unban(203.0.113.0/24) = %+v, %v; want 3 lifted", lifted, err)
	}
	bans, _ := h.d.List(ctx)
	if len(bans) != 1 || bans[0].Prefix != "192.0.2.5" {
		t.Errorf("after unban: %+v", bans)
	}
	if _, err := h.d.Unban(ctx, control.UnbanRequest{All: true}); err != nil {
		t.Fatal(err)
	}
	if bans, _ := h.d.List(ctx); len(bans) != 0 {
		t.Errorf("after unban --all: %+v", bans)
	}
}

func TestReloadInvalidKeepsRunningConfig(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	ctx := context.Background()
	if err := os.WriteFile(h.cfgPath, []byte("[traps]\npaths = 3\n[escalation]\nthreshhold = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := h.d.Reload(ctx)
	if err != nil || res.OK || len(res.Errors) < 2 {
		t.Fatalf("Reload(invalid) = %+v, %v; want refused with every error", res, err)
	}
	if !strings.Contains(strings.Join(res.Errors, "\n"), ":2") {
		t.Errorf("errors do not name the line: %q", res.Errors)
	}
	h.append(clfLine("203.0.113.8", "/wp-login.php"))
	eventually(t, 3*time.Second, "the old trap still bans", func() bool { _, ok := h.banned("203.0.113.8"); return ok })

	h.writeConfig("\n[deny]\nips = [\"198.51.100.0/24\"]\n")
	res, err = h.d.Reload(ctx)
	if err != nil || !res.OK {
		t.Fatalf("Reload(valid) = %+v, %v", res, err)
	}
	h.append(clfLine("198.51.100.9", "/"))
	eventually(t, 3*time.Second, "the new deny list bans", func() bool { _, ok := h.banned("198.51.100.9"); return ok })
}

func TestPassiveModeEnforcesNothing(t *testing.T) {
	h := newHarness(t, "")
	cfg, _ := os.ReadFile(h.cfgPath)
	if err := os.WriteFile(h.cfgPath, append([]byte("mode = \"passive\"\n"), cfg...), 0o644); err != nil {
		t.Fatal(err)
	}
	h.start(Options{})
	h.append(clfLine("203.0.113.9", "/wp-login.php"))
	eventually(t, 3*time.Second, "would_ban event", func() bool {
		evs := h.readEvents()
		return len(evs) == 1 && evs[0].Action == "would_ban"
	})
	if bans, _ := h.d.List(context.Background()); len(bans) != 0 {
		t.Errorf("passive mode stored bans: %+v", bans)
	}
}

// TestEscalationFromStore: offences recorded before this run (another
// start, days ago) make the next ban longer.
func TestEscalationFromStore(t *testing.T) {
	h := newHarness(t, "")
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key := netip.MustParsePrefix("203.0.113.10/32")
	now := time.Now()
	if _, err := s.Write(state.Batch{Offences: []state.Offence{{Key: key, At: now.Add(-48 * time.Hour), Rule: "x"}, {Key: key, At: now.Add(-24 * time.Hour), Rule: "x"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	h.start(Options{})
	h.append(clfLine("203.0.113.10", "/wp-login.php"))
	eventually(t, 3*time.Second, "ban", func() bool { _, ok := h.banned("203.0.113.10"); return ok })
	b, _ := h.banned("203.0.113.10")
	if b.Offence != 3 {
		t.Errorf("offence = %d, want 3 (two stored offences before)", b.Offence)
	}
	if got := b.Expires.Sub(b.Since); got <= 10*time.Minute {
		t.Errorf("third offence lasts %s, want longer than the first-offence 10m", got)
	}
}

func TestCorruptStoreRefusesToStart(t *testing.T) {
	h := newHarness(t, "")
	dir := filepath.Join(h.dir, "state")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, state.FileName), []byte(strings.Repeat("garbage!", 4096)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Options{ConfigPath: h.cfgPath})
	if err == nil || !strings.Contains(err.Error(), "mv ") || !errors.Is(err, state.ErrCorrupt) {
		t.Fatalf("New with a corrupt store = %v; want a refusal that says how to move it aside", err)
	}
}

func TestPositionsResumeAfterRestart(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{PositionEvery: 10 * time.Millisecond})
	h.append(clfLine("203.0.113.11", "/wp-login.php"))
	eventually(t, 3*time.Second, "first ban", func() bool { _, ok := h.banned("203.0.113.11"); return ok })
	h.stop()
	// Written while stopped: judged after the restart, exactly once.
	h.append(clfLine("203.0.113.12", "/wp-login.php"), clfLine("203.0.113.13", "/index.html"))
	h.start(Options{})
	eventually(t, 3*time.Second, "ban of the line written while stopped", func() bool { _, ok := h.banned("203.0.113.12"); return ok })
	eventually(t, 3*time.Second, "2 lines judged", func() bool {
		st, _ := h.d.Status(context.Background())
		return st.Sources[0].Lines == 2
	})
	time.Sleep(100 * time.Millisecond)
	if st, _ := h.d.Status(context.Background()); st.Sources[0].Lines != 2 {
		t.Errorf("lines judged after restart = %d, want 2 (no old line again)", st.Sources[0].Lines)
	}
	bans := func() int {
		n := 0
		for _, e := range h.readEvents() {
			if e.Action == "ban" {
				n++
			}
		}
		return n
	}
	eventually(t, 3*time.Second, "2 ban events", func() bool { return bans() >= 2 })
	time.Sleep(100 * time.Millisecond)
	if n := bans(); n != 2 {
		t.Errorf("%d ban events, want 2 (no ban twice)", n)
	}
}

// TestSystemdNotifications: READY=1 once started, WATCHDOG=1 while the
// loop runs (at half of WATCHDOG_USEC), STOPPING=1 on the way out.
func TestSystemdNotifications(t *testing.T) {
	t.Setenv("WATCHDOG_USEC", "400000")
	t.Setenv("WATCHDOG_PID", fmt.Sprint(os.Getpid()))
	h := newHarness(t, "")
	var mu sync.Mutex
	var got []string
	seen := func(prefix string) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range got {
			if strings.HasPrefix(s, prefix) {
				return true
			}
		}
		return false
	}
	opts := Options{ConfigPath: h.cfgPath, Notify: func(s string) { mu.Lock(); got = append(got, s); mu.Unlock() }}
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	eventually(t, 3*time.Second, "READY=1", func() bool { return seen("READY=1") })
	eventually(t, 3*time.Second, "WATCHDOG=1", func() bool { return seen("WATCHDOG=1") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !seen("STOPPING=1") {
		t.Errorf("no STOPPING=1 in %q", got)
	}
}

// TestReloadAddsSource: a reload that adds a [[source]] follows it, and
// the lines of the first source written around the reload are judged
// exactly once.
func TestReloadAddsSource(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	ctx := context.Background()
	second := filepath.Join(h.dir, "other.log")
	if err := os.WriteFile(second, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		h.append(clfLine(fmt.Sprintf("198.51.100.%d", i+1), "/"))
	}
	h.writeConfig(fmt.Sprintf("\n[[source]]\npath = %q\n", second))
	res, err := h.d.Reload(ctx)
	if err != nil || !res.OK {
		t.Fatalf("Reload = %+v, %v", res, err)
	}
	for i := range 50 {
		h.append(clfLine(fmt.Sprintf("198.51.100.%d", i+51), "/"))
	}
	eventually(t, 3*time.Second, "two sources", func() bool {
		st, _ := h.d.Status(ctx)
		return len(st.Sources) == 2
	})
	time.Sleep(300 * time.Millisecond) // the new tailer is ready
	f, err := os.OpenFile(second, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(clfLine("203.0.113.40", "/wp-login.php"))
	f.Close()
	eventually(t, 3*time.Second, "ban from the new source", func() bool { _, ok := h.banned("203.0.113.40"); return ok })
	eventually(t, 3*time.Second, "100 lines of the first source", func() bool {
		st, _ := h.d.Status(ctx)
		return st.Sources[0].Lines >= 100
	})
	time.Sleep(200 * time.Millisecond)
	if st, _ := h.d.Status(ctx); st.Sources[0].Lines != 100 {
		t.Errorf("first source judged %d lines, want 100", st.Sources[0].Lines)
	}
}

// A source's own trusted_proxies (the load balancer in front of one site)
// are as protected as the top-level list: banning the proxy would lock
// every client behind it out.
func TestSourceTrustedProxyProtected(t *testing.T) {
	h := newHarness(t, "\n[[source]]\npath = \"/nonexistent/other.log\"\ntrusted_proxies = [\"198.51.100.10\"]\n")
	h.start(Options{})
	for _, p := range []string{"198.51.100.10/32", "198.51.100.0/24", "::ffff:198.51.100.10/128"} {
		_, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: netip.MustParsePrefix(p), Duration: time.Hour})
		if !errors.Is(err, control.ErrProtected) || !strings.Contains(err.Error(), "trusted proxy") {
			t.Errorf("Ban(%s) = %v, want ErrProtected naming the trusted proxy", p, err)
		}
	}
}

// Reloads come from the control socket and SIGHUP at once, and swap the
// protection checker while the loop's health tick refreshes the current one.
// 20 each (was 50): every reload overlaps the other goroutine's and many
// health ticks either way, which is what the race detector needs to see.
func TestConcurrentReloads(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{HealthEvery: time.Millisecond})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range 20 {
				if res, err := h.d.Reload(context.Background()); err != nil || !res.OK {
					t.Errorf("Reload = %+v, %v", res, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// The kernel merges a ban into a wider one that covers it and keeps the
// longer timeout. When the wider ban ends first, the kernel must not keep
// the whole network blocked for the inner ban's time.
func TestWiderBanEndsBeforeInnerOne(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{HealthEvery: time.Millisecond})
	ctx := context.Background()
	wide, inner := netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("203.0.113.9/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: wide, Duration: time.Second}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: inner, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	kernel := func() map[netip.Prefix]bool {
		h.d.fwMu.Lock()
		defer h.d.fwMu.Unlock()
		es, err := h.d.fw.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[netip.Prefix]bool{}
		for _, e := range es {
			out[e.Prefix] = true
		}
		return out
	}
	eventually(t, 5*time.Second, "the /24 ban to expire from the store", func() bool {
		_, ok := h.banned("203.0.113.0/24")
		return !ok
	})
	eventually(t, 3*time.Second, "the kernel to hold the inner ban only", func() bool {
		k := kernel()
		return !k[wide] && k[inner]
	})
}
