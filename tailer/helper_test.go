package tailer

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitLimit bounds every wait in the tests; waits end as soon as their
// condition holds, so this is only reached when a test fails.
const waitLimit = 15 * time.Second

// running is a Tailer under test with everything it delivered.
type running struct {
	t      testing.TB
	tl     *Tailer
	cancel context.CancelFunc
	done   chan error

	mu       sync.Mutex
	got      []Line
	passes   int
	draining int
	changed  chan struct{}
}

// testOptions are quick enough for tests: poll and drain in milliseconds.
func testOptions(patterns ...string) Options {
	return Options{Patterns: patterns, Poll: 20 * time.Millisecond, DrainIdle: 300 * time.Millisecond}
}

func start(t testing.TB, opts Options) *running {
	t.Helper()
	tl, err := New(opts, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{t: t, tl: tl, cancel: cancel, done: make(chan error, 1), changed: make(chan struct{}, 1)}
	tl.afterPass = func(draining int) {
		r.mu.Lock()
		r.passes++
		r.draining = draining
		r.mu.Unlock()
		r.notify()
	}
	out := make(chan []Line)
	go func() { r.done <- tl.Run(ctx, out) }()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case b := <-out:
				r.mu.Lock()
				r.got = append(r.got, b...)
				r.mu.Unlock()
				r.notify()
			}
		}
	}()
	t.Cleanup(r.stop)
	select {
	case <-tl.Ready():
	case <-time.After(waitLimit):
		t.Fatal("tailer not ready")
	}
	return r
}

func (r *running) notify() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// stop ends Run and checks it returned nil.
func (r *running) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	if err := <-r.done; err != nil {
		r.t.Errorf("Run: %v", err)
	}
}

// waitFor waits until cond (called with the lines so far) holds.
func (r *running) waitFor(what string, cond func(got []Line) bool) {
	r.t.Helper()
	deadline := time.After(waitLimit)
	for {
		r.mu.Lock()
		ok := cond(r.got)
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			r.t.Fatalf("timed out waiting for %s; got %q", what, r.texts())
		}
	}
}

// settle waits until the tailer has looked at every file twice more, so
// that whatever it would deliver for the files as they are now has been
// delivered.
func (r *running) settle() {
	r.t.Helper()
	r.mu.Lock()
	want := r.passes + 2
	r.mu.Unlock()
	deadline := time.After(waitLimit)
	for {
		r.mu.Lock()
		ok := r.passes >= want
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			r.t.Fatal("tailer made no pass")
		}
	}
}

// waitDrained waits until no rotated-away file is open.
func (r *running) waitDrained() {
	r.t.Helper()
	deadline := time.After(waitLimit)
	for {
		r.mu.Lock()
		ok := r.draining == 0
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			r.t.Fatal("rotated files not closed")
		}
	}
}

func (r *running) lines() []Line {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// texts is the data lines as strings.
func (r *running) texts() []string {
	return texts(r.lines())
}

func texts(ls []Line) []string {
	var s []string
	for _, l := range ls {
		if l.Data != nil {
			s = append(s, string(l.Data))
		}
	}
	return s
}

func countData(ls []Line) int {
	n := 0
	for _, l := range ls {
		if l.Data != nil {
			n++
		}
	}
	return n
}

// positions is what a caller following the contract stores after ls: the
// latest position per file, forgotten when the file is closed.
func positions(stored map[FileID]Position, ls []Line) map[FileID]Position {
	stored = maps(stored)
	for _, l := range ls {
		if l.Closed {
			delete(stored, l.Pos.ID())
		} else {
			stored[l.Pos.ID()] = l.Pos
		}
	}
	return stored
}

func maps(m map[FileID]Position) map[FileID]Position {
	c := make(map[FileID]Position, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func values(m map[FileID]Position) []Position {
	var ps []Position
	for _, p := range m {
		ps = append(ps, p)
	}
	return ps
}

// appendLines appends lines "prefix-N" for N in [from, to) to path.
func appendLines(t testing.TB, path, prefix string, from, to int) {
	t.Helper()
	var b strings.Builder
	for n := from; n < to; n++ {
		fmt.Fprintf(&b, "%s-%d\n", prefix, n)
	}
	appendString(t, path, b.String())
}

func appendString(t testing.TB, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// want is the texts appendLines writes.
func want(prefix string, from, to int) []string {
	var s []string
	for n := from; n < to; n++ {
		s = append(s, fmt.Sprintf("%s-%d", prefix, n))
	}
	return s
}

func hasAll(n int) func([]Line) bool {
	return func(ls []Line) bool { return countData(ls) >= n }
}
