package tailer

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// whileStopped is what happens to the log between two runs of the tailer.
// The first run has delivered old-0..old-9. It returns the lines the second
// run must deliver, in order.
type whileStopped struct {
	name string
	do   func(t *testing.T, path string) []string
}

var stoppedCases = []whileStopped{
	{"appended", func(t *testing.T, path string) []string {
		appendLines(t, path, "old", 10, 15)
		return want("old", 10, 15)
	}},
	{"rename-create", func(t *testing.T, path string) []string {
		appendLines(t, path, "old", 10, 15)
		if err := renameCreate(path); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 5)
		return append(want("old", 10, 15), want("new", 0, 5)...)
	}},
	{"rename-create-twice-shifted", func(t *testing.T, path string) []string {
		// The old file was shifted once more (access.log.1 -> .2) after a
		// rotation that happened before it: found by inode all the same.
		appendLines(t, path, "old", 10, 15)
		if err := renameCreate(path); err != nil {
			t.Fatal(err)
		}
		if err := shift(path, 3); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 5)
		return append(want("old", 10, 15), want("new", 0, 5)...)
	}},
	{"copytruncate", func(t *testing.T, path string) []string {
		appendLines(t, path, "old", 10, 15)
		if err := copyTruncate(path); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 5)
		return append(want("old", 10, 15), want("new", 0, 5)...)
	}},
	{"copytruncate-regrown", func(t *testing.T, path string) []string {
		// The truncated file grew past the stored offset again: only its
		// changed first bytes tell.
		appendLines(t, path, "old", 10, 15)
		if err := copyTruncate(path); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 40)
		return append(want("old", 10, 15), want("new", 0, 40)...)
	}},
	{"truncated-copy-gone", func(t *testing.T, path string) []string {
		// logrotate compressed the copy at once: old-10..14 are gone, but
		// the new lines must neither be skipped nor mixed with old ones.
		appendLines(t, path, "old", 10, 15)
		if err := copyTruncate(path); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(path + ".1"); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 5)
		return want("new", 0, 5)
	}},
	{"replaced", func(t *testing.T, path string) []string {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		appendLines(t, path, "new", 0, 5)
		return want("new", 0, 5)
	}},
}

// firstRun writes old-0..old-9, follows them and returns the positions a
// caller stores.
func firstRun(t *testing.T, path string) map[FileID]Position {
	t.Helper()
	appendLines(t, path, "old", 0, 10)
	r := start(t, testOptions(path))
	appendLines(t, path, "old", 10, 10) // nothing: the file is read from its end
	r.settle()
	r.stop()
	stored := positions(nil, r.lines())
	if len(stored) != 1 {
		t.Fatalf("first run stored %v", stored)
	}
	return stored
}

func TestResume(t *testing.T) {
	for _, tc := range stoppedCases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			stored := firstRun(t, path)
			wantLines := tc.do(t, path)

			opts := testOptions(path)
			opts.Start = values(stored)
			r := start(t, opts)
			r.waitFor("missing lines", hasAll(len(wantLines)))
			r.settle()
			r.waitDrained()
			r.stop()
			if got := r.texts(); !slices.Equal(got, wantLines) {
				t.Fatalf("got %q, want %q", got, wantLines)
			}

			// The positions after the second run resume to nothing more,
			// and to exactly what is appended next.
			opts.Start = values(positions(stored, r.lines()))
			r3 := start(t, opts)
			appendLines(t, path, "more", 0, 2)
			r3.waitFor("more", hasAll(2))
			r3.settle()
			if got := r3.texts(); !slices.Equal(got, want("more", 0, 2)) {
				t.Errorf("third run got %q", got)
			}
		})
	}
}

// TestResumeAfterAnyPrefix stops the caller after every record of a run
// that finishes a rotated file: whatever prefix of the records the caller
// had stored when it died, a restart must deliver exactly the rest. This
// is what the order of records in recoverCopy and the draining of rotated
// files promise.
func TestResumeAfterAnyPrefix(t *testing.T) {
	for _, tc := range stoppedCases {
		if tc.name == "appended" || tc.name == "replaced" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			stored := firstRun(t, path)
			wantLines := tc.do(t, path)

			opts := testOptions(path)
			opts.Start = values(stored)
			r := start(t, opts)
			r.waitFor("missing lines", hasAll(len(wantLines)))
			r.settle()
			r.waitDrained()
			r.stop()
			records := r.lines()

			for k := 0; k <= len(records); k++ {
				opts.Start = values(positions(stored, records[:k]))
				rk := start(t, opts)
				rk.settle()
				rk.stop()
				got := append(texts(records[:k]), rk.texts()...)
				if !slices.Equal(got, wantLines) {
					t.Fatalf("stopped after %d of %d records %+v: got %q, want %q", k, len(records), records[:k], got, wantLines)
				}
			}
		})
	}
}

// TestResumeWhileDraining stops the tailer while a rotated file is still
// being read (its writer has not reopened the path yet); both files have
// positions, and the restart delivers what both got meanwhile.
func TestResumeWhileDraining(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	w := openLogWriter(t, path)
	opts := testOptions(path)
	opts.DrainIdle = waitLimit * 2 // still draining when stopped
	r := start(t, opts)
	for n := range 10 {
		mustLine(t, w, n)
	}
	if err := renameCreate(path); err != nil {
		t.Fatal(err)
	}
	mustLine(t, w, 10) // to the renamed file
	appendLines(t, path, "new", 0, 3)
	r.waitFor("lines", hasAll(14))
	r.stop()
	stored := positions(nil, r.lines())
	if len(stored) != 2 {
		t.Fatalf("stored %v, want positions of both files", stored)
	}

	mustLine(t, w, 11) // the writer is late to reopen
	appendLines(t, path, "new", 3, 5)
	opts.Start = values(stored)
	opts.DrainIdle = testOptions().DrainIdle
	r2 := start(t, opts)
	r2.waitFor("lines", hasAll(3))
	r2.settle()
	r2.waitDrained()
	got := r2.texts()
	if len(got) != 3 || got[0] != numbered(11)[:len(numbered(11))-1] || !slices.Equal(got[1:], want("new", 3, 5)) {
		t.Errorf("got %q", got)
	}
}

// TestInodeReused: a stored position whose identity matches the file at the
// path but whose head does not is another file (the inode was reused): it
// is read from its start.
func TestInodeReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	appendLines(t, path, "x", 0, 5)
	stored := firstRun(t, path)
	var p Position
	for _, p = range stored {
	}
	p.HeadHash[0]++ // what a different file with the same inode looks like
	opts := testOptions(path)
	opts.Start = []Position{p}
	r := start(t, opts)
	r.waitFor("lines", hasAll(15))
	r.settle()
	if got := r.texts(); !slices.Equal(got, append(want("x", 0, 5), want("old", 0, 10)...)) {
		t.Errorf("got %q", got)
	}
}

// TestResumeGlobNewFile: a file that appeared while the tailer was stopped,
// matching a pattern that was followed before, is read from its start even
// though it has no position of its own.
func TestResumeGlobNewFile(t *testing.T) {
	dir := t.TempDir()
	pat := filepath.Join(dir, "*.log")
	a, b := filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log")
	appendLines(t, a, "a", 0, 3)
	r := start(t, testOptions(pat))
	r.settle()
	r.stop()
	stored := positions(nil, r.lines())

	appendLines(t, a, "a", 3, 5)
	appendLines(t, b, "b", 0, 4)
	appendLines(t, filepath.Join(t.TempDir(), "c.log"), "c", 0, 1) // another pattern's dir: not ours
	opts := testOptions(pat)
	opts.Start = values(stored)
	r2 := start(t, opts)
	r2.waitFor("lines", hasAll(6))
	r2.settle()
	got := r2.texts()
	slices.Sort(got)
	if w := append(want("a", 3, 5), want("b", 0, 4)...); !slices.Equal(got, w) {
		t.Errorf("got %q, want %q", got, w)
	}
}

func mustLine(t *testing.T, w *logWriter, n int) {
	t.Helper()
	if err := w.line(n); err != nil {
		t.Fatal(err)
	}
}
