package daemon

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCheckSourcesWarns: a source path that matches no file, or matches a
// directory, is named in a warning (the daemon followed them without a
// word: operator audit); a readable file gets none.
func TestCheckSourcesWarns(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "access.log")
	if err := os.WriteFile(good, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	checkSources(slog.New(slog.NewTextHandler(&out, nil)), []string{good, filepath.Join(dir, "missing.log"), dir, filepath.Join(dir, "[")})
	logs := out.String()
	for _, want := range []string{"no file matches it (yet)", "missing.log", "a directory, not a log file", "bad file pattern"} {
		if !strings.Contains(logs, want) {
			t.Errorf("warnings lack %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "source="+good+" ") {
		t.Errorf("a readable file was warned about:\n%s", logs)
	}
}

// TestCheckSourcesFIFO (review of f0eb974): a source pattern that matches a
// named pipe (a log piped to another tool) next to the real log. The tailer
// skips non-regular files; checkSources opened the pipe with a blocking
// open, so the daemon hung at start (no control socket, SIGTERM unheard)
// and a reload changing the sources stopped the main loop. The pipe is now
// skipped with a warning naming it, and the regular log is not warned about.
func TestCheckSourcesFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.log"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "access.log"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs syncBuilder
	done := make(chan struct{})
	go func() {
		checkSources(slog.New(slog.NewTextHandler(&logs, nil)), []string{filepath.Join(dir, "*.log")})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		// unblock the open so the goroutine ends
		if f, err := os.OpenFile(filepath.Join(dir, "pipe.log"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("checkSources blocks on a FIFO that matches a source pattern (daemon start hangs)")
	}
	out := logs.String()
	if !strings.Contains(out, "pipe.log") || !strings.Contains(out, "not a regular file") {
		t.Errorf("a FIFO the tailer skips is not warned about:\n%s", out)
	}
	if strings.Contains(out, "access.log") {
		t.Errorf("the regular log was warned about:\n%s", out)
	}
}

// TestCheckSourcesBoundedReturns: following the logs waits for the check at
// most its bound, then says so; the check's own warnings still come.
func TestCheckSourcesBoundedReturns(t *testing.T) {
	dir := t.TempDir()
	var logs syncBuilder
	checkSourcesBounded(slog.New(slog.NewTextHandler(&logs, nil)), []string{filepath.Join(dir, "missing.log")}, time.Minute)
	if out := logs.String(); !strings.Contains(out, "missing.log") || strings.Contains(out, "takes long") {
		t.Errorf("a quick check: want its warning and no 'takes long':\n%s", out)
	}
	var stuck syncBuilder
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	waitBounded(slog.New(slog.NewTextHandler(&stuck, nil)), []string{"/stuck/*.log"}, 100*time.Millisecond, func() { <-release })
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("a stuck check held following the logs %v", d)
	}
	if out := stuck.String(); !strings.Contains(out, "takes long") {
		t.Errorf("a stuck check is not reported:\n%s", out)
	}
}

// syncBuilder is a strings.Builder safe for a logger writing from another
// goroutine while the test reads it.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
