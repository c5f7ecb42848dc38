package tailer

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The rotation harness is shared by the tests of this package and by the
// nxadm/tail measurement (nxadm_test.go), so both followers meet exactly the
// same writer and the same rotations.

// logWriter appends numbered lines to one path the way a web server does: an
// O_APPEND descriptor that it keeps across a rename until told to reopen.
type logWriter struct {
	path string
	f    *os.File
}

func openLogWriter(t testing.TB, path string) *logWriter {
	t.Helper()
	w := &logWriter{path: path}
	if err := w.reopen(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.f.Close() })
	return w
}

func (w *logWriter) reopen() error {
	if w.f != nil {
		w.f.Close()
	}
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", w.path, err)
	}
	w.f = f
	return nil
}

// numbered is the text of line n: a fixed-width number, then a filler that
// makes lines look like access-log lines in length.
func numbered(n int) string {
	return fmt.Sprintf("%08d GET /index.html?q=%d HTTP/1.1 200 612 \"-\" \"harness\"\n", n, n)
}

func (w *logWriter) line(n int) error {
	_, err := io.WriteString(w.f, numbered(n))
	return err
}

// lineNumber reads the number back from a delivered line.
func lineNumber(data []byte) (int, bool) {
	s, _, _ := strings.Cut(string(data), " ")
	n, err := strconv.Atoi(s)
	return n, err == nil && string(data)+"\n" == numbered(n)
}

// shift moves path.N to path.N+1 for N from keep-1 down to 1, dropping the
// oldest, as logrotate does before it rotates path itself.
func shift(path string, keep int) error {
	os.Remove(fmt.Sprintf("%s.%d", path, keep))
	for n := keep - 1; n >= 1; n-- {
		err := os.Rename(fmt.Sprintf("%s.%d", path, n), fmt.Sprintf("%s.%d", path, n+1))
		if err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// renameCreate is logrotate's default: rename the log away, create an empty
// one in its place. The writer keeps writing to the renamed file until it is
// told to reopen (postrotate), which the schedule does some lines later.
func renameCreate(path string) error {
	if err := shift(path, 3); err != nil {
		return err
	}
	if err := os.Rename(path, path+".1"); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// copyTruncate is logrotate's copytruncate: copy the log, then truncate it in
// place. The writer is paused meanwhile (the schedule runs it between two
// lines), because lines written between the copy and the truncation are lost
// by logrotate itself, whatever the follower does.
func copyTruncate(path string) error {
	if err := shift(path, 3); err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(path + ".1")
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	return os.Truncate(path, 0)
}

// schedule says what the writer does: lines in total, lines per tick, the
// tick, and the rotations.
type schedule struct {
	lines    int
	perTick  int
	tick     time.Duration
	rotateAt []int // line numbers before which a rotation happens
	rotate   func(path string) error
	// reopenAfter is how many lines the writer still writes to a renamed
	// file before it reopens the path (nginx between the rename and USR1).
	reopenAfter int
}

// write runs the schedule against w and returns after the last line.
func (s schedule) write(ctx context.Context, w *logWriter) error {
	tick := time.NewTicker(s.tick)
	defer tick.Stop()
	next, reopenAt := 0, -1
	for n := 0; n < s.lines; n++ {
		if n%s.perTick == 0 && n > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-tick.C:
			}
		}
		if next < len(s.rotateAt) && n == s.rotateAt[next] {
			next++
			if err := s.rotate(w.path); err != nil {
				return fmt.Errorf("rotate before line %d: %w", n, err)
			}
			reopenAt = n + s.reopenAfter
		}
		if n == reopenAt {
			if err := w.reopen(); err != nil {
				return err
			}
		}
		if err := w.line(n); err != nil {
			return err
		}
	}
	return nil
}

// tally checks what a follower delivered: every number exactly once, and in
// order within each file.
type tally struct {
	mu      sync.Mutex
	seen    []int          // delivery count per number
	last    map[string]int // last number per file identity
	dups    int
	order   int
	foreign []string // lines that are not numbered lines (split or torn)
	count   int      // distinct numbers seen
	all     chan struct{}
}

func newTally(n int) *tally {
	return &tally{seen: make([]int, n), last: map[string]int{}, all: make(chan struct{})}
}

func (t *tally) add(file string, data []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := lineNumber(data)
	if !ok || n < 0 || n >= len(t.seen) {
		if len(t.foreign) < 10 {
			t.foreign = append(t.foreign, string(data))
		} else {
			t.foreign = append(t.foreign[:10], "...")
		}
		return
	}
	t.seen[n]++
	if t.seen[n] > 1 {
		t.dups++
	} else {
		t.count++
		if t.count == len(t.seen) {
			close(t.all)
		}
	}
	if last, ok := t.last[file]; ok && n <= last {
		t.order++
	}
	t.last[file] = n
}

// missing lists the numbers never delivered as ranges, for the report.
func (t *tally) missing() (int, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	lost := 0
	for n := 0; n < len(t.seen); n++ {
		if t.seen[n] > 0 {
			continue
		}
		m := n
		for m+1 < len(t.seen) && t.seen[m+1] == 0 {
			m++
		}
		lost += m - n + 1
		if b.Len() < 400 {
			fmt.Fprintf(&b, " %d-%d", n, m)
		}
		n = m
	}
	return lost, b.String()
}

func (t *tally) report() string {
	lost, ranges := t.missing()
	t.mu.Lock()
	defer t.mu.Unlock()
	return fmt.Sprintf("lost %d of %d (ranges:%s), duplicated %d, out of order %d, torn/foreign %d %q",
		lost, len(t.seen), ranges, t.dups, t.order, len(t.foreign), t.foreign)
}

func (t *tally) perfect() bool {
	lost, _ := t.missing()
	t.mu.Lock()
	defer t.mu.Unlock()
	return lost == 0 && t.dups == 0 && t.order == 0 && len(t.foreign) == 0
}

// follower follows path from its beginning and feeds every delivered line to
// add, with a key for the file it came from ("" if the follower cannot tell).
// It returns when ctx is done.
type follower func(ctx context.Context, t testing.TB, path string, add func(file string, data []byte))

// runRotation drives one schedule against a follower and returns the tally.
// It waits for every line or for the deadline, then a short quiet period so
// late duplicates are seen too.
func runRotation(t testing.TB, follow follower, s schedule, deadline time.Duration) *tally {
	t.Helper()
	path := t.TempDir() + "/access.log"
	w := openLogWriter(t, path)
	tl := newTally(s.lines)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		follow(ctx, t, path, tl.add)
	}()
	began := time.Now()
	werr := s.write(ctx, w)
	wrote := time.Since(began)
	select {
	case <-tl.all:
		t.Logf("writer took %v, all lines delivered after %v", wrote, time.Since(began))
		time.Sleep(200 * time.Millisecond) // let late duplicates arrive
	case <-time.After(deadline):
	}
	cancel()
	wg.Wait()
	if werr != nil {
		t.Fatal(werr)
	}
	return tl
}
