package cli

import (
	"strings"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/daemon"
)

// TestWriteStatusRunning checks the text a running daemon's status turns
// into: every figure the issue names (sources, lines/s, parse errors, bans
// by reason, backend health) and a failed reload.
func TestWriteStatusRunning(t *testing.T) {
	st := control.Status{
		Running: true, PID: 4242, Version: "1.2.3", Mode: "enforce",
		Config:      "/etc/guardctl/guardctl.toml",
		ReloadError: "guardctl.toml:7: throttle[0].window: bad duration",
		ReloadNotes: "load allow list: context canceled (the daemon retries)",
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
		"last reload applied, but: load allow list: context canceled (the daemon retries)",
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

// TestStoreLineCounts: the store line of `guardctl status` says its counts
// in words, one as one ("1 ban waiting"), not "1 bans".
func TestStoreLineCounts(t *testing.T) {
	got := storeLine(&control.StoreStatus{Healthy: true, Backlog: 1, BacklogLimit: 10, Dropped: 1, Poisoned: 1, LastPoisoned: "x"})
	want := "healthy; 1 ban waiting to be written (limit 10); 1 ban dropped from a full backlog (enforced, not durable); 1 record the store can never hold dropped (last: x)"
	if got != want {
		t.Errorf("store line\n got %q\nwant %q", got, want)
	}
	got = storeLine(&control.StoreStatus{Healthy: true, CorruptDropped: 1, CorruptUnreadable: 2})
	if want := "healthy; 1 corrupt ban record ended and undecodable removed (see the log); 2 unreadable ban records kept and enforced until the end they show (see the log; guardctl list names them)"; got != want {
		t.Errorf("store line with corrupt records\n got %q\nwant %q", got, want)
	}
	got = storeLine(&control.StoreStatus{Healthy: true, Backlog: 2, BacklogLimit: 10})
	if want := "healthy; 2 bans waiting to be written (limit 10)"; got != want {
		t.Errorf("store line\n got %q\nwant %q", got, want)
	}
}

// TestStatusExitCodes: `guardctl status || alert` sees a stopped daemon
// (9) and a running one whose kernel backend or store fails (12); a
// healthy one exits 0. A running daemon that failed exited 0 before.
func TestStatusExitCodes(t *testing.T) {
	healthy := control.Status{Running: true, Backend: control.BackendStatus{Name: "nftables", Healthy: true}, Store: &control.StoreStatus{Healthy: true}}
	if err := statusExit(healthy, false); err != nil {
		t.Errorf("healthy daemon: %v, want exit 0", err)
	}
	if got := exitCodeOf(statusExit(control.Status{}, true)); got != exitDaemon {
		t.Errorf("daemon not running: exit %d, want %d", got, exitDaemon)
	}
	kernel := healthy
	kernel.Backend.Healthy, kernel.Backend.Error = false, "table guardctl missing"
	store := healthy
	store.Store = &control.StoreStatus{Healthy: false, Error: "write: no space left on device"}
	for name, st := range map[string]control.Status{"kernel backend": kernel, "store": store} {
		err := statusExit(st, false)
		if got := exitCodeOf(err); got != exitUnhealthy || !strings.Contains(err.Error(), name) {
			t.Errorf("%s failing: exit %d (%v), want %d naming it", name, got, err, exitUnhealthy)
		}
	}
}

// TestWriteStatusElementsUnknown: when the kernel's counters were not read
// (a kernel call stuck), status says the count is unknown, not "0 elements
// in the kernel" beside a kernel holding every ban (review of c20d560).
func TestWriteStatusElementsUnknown(t *testing.T) {
	st := control.Status{Running: true, Backend: control.BackendStatus{Name: "iptables", Error: "kernel read did not answer within 2s", ElementsUnknown: true}}
	var b strings.Builder
	if err := writeStatus(&b, st); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "elements in the kernel unknown") || strings.Contains(out, "0 elements") {
		t.Errorf("status text with the kernel unread:\n%s", out)
	}
	if got := inKernel(control.BanInfo{KernelUnknown: true}); got != "unknown" {
		t.Errorf("list's IN KERNEL with the kernel unread: %q, want unknown", got)
	}
}

// TestWriteStatusStoreNote (review rev-enforce s15 item 2): a healthy
// store's note (a wall-clock step found at start, an undecodable offset
// moved past) lives in its error field, which the store line prints only
// when failing: text status never said it. It gets a line of its own; a
// failing store's error stays on the store line, said once.
func TestWriteStatusStoreNote(t *testing.T) {
	const note = "at start: the wall clock went back 1h0m0s while the daemon was stopped (same boot: measured against the monotonic clock): 2 stored bans moved by it, so they keep the time they had left"
	for _, c := range []struct {
		store control.StoreStatus
		want  string
		notes int
	}{
		{control.StoreStatus{Healthy: true, Error: note}, "note:     store: " + note + "\n", 1},
		{control.StoreStatus{Healthy: false, Error: note}, "FAILING since", 0},
		{control.StoreStatus{Healthy: true}, "store:    healthy\n", 0},
	} {
		st := control.Status{Running: true, Backend: control.BackendStatus{Name: "nftables", Healthy: true}, Store: &c.store}
		var b strings.Builder
		if err := writeStatus(&b, st); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, c.want) {
			t.Errorf("status text lacks %q:\n%s", c.want, out)
		}
		if n := strings.Count(out, "note:"); n != c.notes {
			t.Errorf("%d note lines, want %d:\n%s", n, c.notes, out)
		}
		if n := strings.Count(out, "went back 1h0m0s"); c.store.Error != "" && n != 1 {
			t.Errorf("the note is said %d times, want once:\n%s", n, out)
		}
	}
}

// TestWriteStatusFightNotHealthy (review rev-enforce s15 item 5): during a
// fight the backend line said "nftables, healthy" and the next one
// "degraded: the kernel keeps changing from outside...". The backend line
// no longer says healthy then; without a fight it does.
func TestWriteStatusFightNotHealthy(t *testing.T) {
	fight := daemon.FightNote + ": repairs held back (38 within 10s, the last wait until 2026-12-07T19:00:00Z); bans may be undone"
	for _, c := range []struct {
		degraded []string
		healthy  bool
	}{
		{[]string{"list spamhaus: timeout", fight}, false},
		{[]string{"list spamhaus: timeout"}, true},
	} {
		st := control.Status{Running: true, Backend: control.BackendStatus{Name: "nftables", Healthy: true, Elements: 3}, Degraded: c.degraded}
		var b strings.Builder
		if err := writeStatus(&b, st); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		line := ""
		for l := range strings.Lines(out) {
			if strings.HasPrefix(l, "backend:") {
				line = l
			}
		}
		if got := strings.Contains(line, "healthy"); got != c.healthy {
			t.Errorf("backend line %q says healthy=%v, want %v:\n%s", line, got, c.healthy, out)
		}
		if !c.healthy && !strings.Contains(line, "LOSING A FIGHT") {
			t.Errorf("backend line %q does not name the fight", line)
		}
	}
}
