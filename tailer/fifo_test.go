package tailer

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestOpenFIFOSwappedIn: scan stats a matched path and then opens it; a
// FIFO put there in between must be refused at once. A blocking open of a
// FIFO for reading waits for a writer forever, and it would do so on the
// goroutine that follows every file.
func TestOpenFIFOSwappedIn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	appendLines(t, path, "old", 0, 3)
	tl, err := New(testOptions(path), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(context.Background(), tl, make(chan []Line))
	ms := r.matches()
	if len(ms) != 1 {
		t.Fatalf("matches %v", ms)
	}
	// The swap, after the stat and before the open.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := r.open(ms[0], true)
		if f != nil {
			f.f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a FIFO was opened as a log file")
		}
		t.Logf("refused: %v", err)
	case <-time.After(5 * time.Second):
		// Release the stuck open so the test binary can end.
		if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("open of a FIFO swapped in after the stat blocked (waiting for a writer)")
	}
}

// TestFIFOAtPatternIsSkipped: a FIFO matched by a pattern from the start is
// skipped and the regular file next to it is still followed.
func TestFIFOAtPatternIsSkipped(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "a.log"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "b.log")
	appendLines(t, path, "old", 0, 1)
	opts := testOptions(filepath.Join(dir, "*.log"))
	opts.FromStart = true
	r := start(t, opts)
	appendLines(t, path, "new", 0, 3)
	r.waitFor("lines of the regular file", hasAll(4))
	r.stop()
}
