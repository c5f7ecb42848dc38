package tailer

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"
)

type rotationCase struct {
	name string
	s    schedule
}

// rotationCases are the rotations logrotate performs, each four times while
// a writer appends 20,000 numbered lines at 10,000 lines/s.
func rotationCases() []rotationCase {
	base := schedule{
		lines:    20000,
		perTick:  50,
		tick:     5 * time.Millisecond,
		rotateAt: []int{4000, 8000, 12000, 16000},
	}
	rename := base
	rename.rotate = renameCreate
	rename.reopenAfter = 50
	copytrunc := base
	copytrunc.rotate = copyTruncate
	return []rotationCase{
		{"rename-create", rename},
		{"copytruncate", copytrunc},
	}
}

// testLogger writes the tailer's log records to the test log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p[:len(p)-1]))
	return len(p), nil
}

// tailerFollower follows path with this package, polling at poll (and
// without inotify when noInotify is set).
func tailerFollower(poll time.Duration, noInotify bool) follower {
	return func(ctx context.Context, t testing.TB, path string, add func(string, []byte)) {
		tl, err := New(Options{
			Patterns:  []string{path},
			FromStart: true,
			Poll:      poll,
			DrainIdle: time.Second,
		}, testLogger(t))
		if err != nil {
			t.Error(err)
			return
		}
		tl.noInotify = noInotify
		out := make(chan []Line, 16)
		done := make(chan error, 1)
		go func() { done <- tl.Run(ctx, out) }()
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Error(err)
				}
				return
			case batch := <-out:
				for _, l := range batch {
					if l.Data != nil {
						add(fmt.Sprintf("%d:%d", l.Pos.Dev, l.Pos.Inode), l.Data)
					}
				}
			}
		}
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name      string
		noInotify bool
	}{{"inotify", false}, {"poll-only", true}} {
		for _, rot := range rotationCases() {
			t.Run(mode.name+"/"+rot.name, func(t *testing.T) {
				t.Parallel()
				tl := runRotation(t, tailerFollower(50*time.Millisecond, mode.noInotify), rot.s, 20*time.Second)
				if !tl.perfect() {
					t.Errorf("%s %s: %s", mode.name, rot.name, tl.report())
				}
			})
		}
	}
}
