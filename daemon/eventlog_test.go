package daemon

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEventLogWriteAllocatesNothing(t *testing.T) {
	l := &eventLog{}
	e := event{Action: "ban", Prefix: "203.0.113.7/32", Reason: "trap:/wp-login.php (from a)", Rules: []string{"trap"}, Duration: "10m0s", Offence: 1, Origin: "auto"}
	now := time.Now()
	l.write(e, now)
	l.flush() // no file: the buffer is reset, its capacity kept
	if n := testing.AllocsPerRun(100, func() { l.write(e, now); l.flush() }); n != 0 {
		t.Errorf("%v allocations per event", n)
	}
}

// TestEventLogFailureReported: a write that fails (a full disk: /dev/full
// answers every write with ENOSPC) is logged once, with the path, and its
// recovery with the number of lines lost. The error was kept in a field
// nothing read: on a full disk the event log lost its lines without a word
// (operator audit).
func TestEventLogFailureReported(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	l, err := openEventLog("/dev/full", log)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer l.Close()
	e := event{Action: "ban", Prefix: "203.0.113.7/32", Origin: "manual"}
	for range 3 {
		l.write(e, time.Now())
		l.flush()
	}
	if n := strings.Count(logs.String(), "event log: write failed"); n != 1 || !strings.Contains(logs.String(), "/dev/full") || !strings.Contains(logs.String(), "no space left") {
		t.Fatalf("want one error naming /dev/full and ENOSPC, got %d:\n%s", n, logs.String())
	}
	l.path = filepath.Join(t.TempDir(), "events.jsonl")
	if err := l.reopen(); err != nil {
		t.Fatal(err)
	}
	l.write(e, time.Now())
	l.flush()
	if !strings.Contains(logs.String(), "event log: written again") || !strings.Contains(logs.String(), "lines_lost=3") {
		t.Errorf("want the recovery logged with 3 lines lost:\n%s", logs.String())
	}
}
