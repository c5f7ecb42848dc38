package journald

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/journald/journaltest"
	"github.com/guardctl/guardctl/parser"
)

// collector gathers the lines Follow hands over.
type collector struct {
	mu    sync.Mutex
	lines []string
}

func (c *collector) add(l []byte) {
	c.mu.Lock()
	c.lines = append(c.lines, string(l))
	c.mu.Unlock()
}

func (c *collector) waitFor(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		got := append([]string(nil), c.lines...)
		c.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Fatalf("want %d lines, got %d: %q", n, len(c.lines), c.lines)
	return nil
}

func start(t *testing.T, opts Options) (*collector, func()) {
	t.Helper()
	c := &collector{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Follow(ctx, opts, c.add) }()
	return c, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Follow: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("Follow did not return after cancellation")
		}
	}
}

// A real journal file: entries of the followed unit only, in order, then
// the ones appended while following; after a restart, only the entries
// written since (the cursor file), and the lines read by the app format.
func TestFollowRealJournal(t *testing.T) {
	journaltest.Need(t)
	dir := t.TempDir()
	jf := filepath.Join(dir, "test.journal")
	cur := filepath.Join(dir, "gitea.cursor")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	fail := func(i int, ip string) journaltest.Entry {
		return journaltest.Entry{At: t0.Add(time.Duration(i) * time.Second), Unit: "gitea.service", Ident: "gitea", PID: 42,
			Message: fmt.Sprintf("Failed authentication attempt for u%d from %s:5000", i, ip)}
	}
	journaltest.Append(t, jf, fail(1, "203.0.113.7"),
		journaltest.Entry{At: t0.Add(1500 * time.Millisecond), Unit: "cron.service", Ident: "CRON", PID: 7, Message: "not followed"},
		fail(2, "203.0.113.7"))
	opts := Options{Units: []string{"gitea.service"}, Files: []string{jf}, CursorFile: cur, FromStart: true, SaveEvery: time.Millisecond}

	c, stop := start(t, opts)
	got := c.waitFor(t, 2)
	journaltest.Append(t, jf, fail(3, "2001:db8::7"))
	got = c.waitFor(t, 3)
	stop()
	want0 := t0.Add(time.Second).Format("2006-01-02T15:04:05.000000Z") + " web1 gitea[42]: Failed authentication attempt for u1 from 203.0.113.7:5000"
	if got[0] != want0 {
		t.Errorf("first line %q, want %q", got[0], want0)
	}
	for _, l := range got {
		if strings.Contains(l, "not followed") {
			t.Errorf("a line of another Unit: %q", l)
		}
	}
	if b, err := os.ReadFile(cur); err != nil || len(b) == 0 {
		t.Fatalf("no cursor saved: %v", err)
	}

	// Restart: the entries already handed over are not read again.
	journaltest.Append(t, jf, fail(4, "198.51.100.9"))
	c2, stop2 := start(t, opts)
	got2 := c2.waitFor(t, 1)
	time.Sleep(300 * time.Millisecond) // anything replayed would show up now
	stop2()
	c2.mu.Lock()
	got2 = append([]string(nil), c2.lines...)
	c2.mu.Unlock()
	if len(got2) != 1 || !strings.Contains(got2[0], "u4 from 198.51.100.9") {
		t.Fatalf("after restart got %q, want only the 4th entry", got2)
	}

	// The lines feed any format: here the app format of a gitea source.
	p, err := parser.New(parser.Spec{Format: parser.FormatApp, Patterns: []parser.Pattern{{Kind: parser.KindAuthFailure,
		Regex: `Failed authentication attempt for (?P<user>\S+) from (?P<host>\S+?)(?::\d+)?$`}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range append(got, got2...) {
		var ev parser.Event
		if err := p.Parse([]byte(l), &ev); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if want := t0.Add(time.Duration(i+1) * time.Second); !ev.Time.Equal(want) || ev.Kind != parser.KindAuthFailure {
			t.Errorf("line %q: time %v kind %s, want %v auth_failure", l, ev.Time, ev.Kind, want)
		}
	}
}

// Without a cursor and without FromStart, following starts at the end:
// history is not replayed on a first start.
func TestFollowStartsAtEnd(t *testing.T) {
	journaltest.Need(t)
	dir := t.TempDir()
	jf := filepath.Join(dir, "test.journal")
	t0 := time.Now().UTC().Add(-time.Minute)
	journaltest.Append(t, jf, journaltest.Entry{At: t0, Unit: "a.service", Ident: "a", PID: 1, Message: "old"})
	c, stop := start(t, Options{Units: []string{"a.service"}, Files: []string{jf}, CursorFile: filepath.Join(dir, "c")})
	time.Sleep(500 * time.Millisecond)
	journaltest.Append(t, jf, journaltest.Entry{At: t0.Add(time.Second), Unit: "a.service", Ident: "a", PID: 1, Message: "new"})
	got := c.waitFor(t, 1)
	stop()
	if len(got) != 1 || !strings.HasSuffix(got[0], "a[1]: new") {
		t.Fatalf("got %q, want only the new entry", got)
	}
}

func TestFollowNeedsScope(t *testing.T) {
	if err := Follow(context.Background(), Options{CursorFile: "x"}, func([]byte) {}); err == nil {
		t.Fatal("Follow without units or matches: no error")
	}
}
