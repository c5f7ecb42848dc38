package tailer

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNewRejectsBadPatterns(t *testing.T) {
	for _, pats := range [][]string{nil, {""}, {"/var/log/[x.log"}} {
		if _, err := New(Options{Patterns: pats}, nil); err == nil {
			t.Errorf("New(%q) accepted", pats)
		}
	}
}

func TestStartPosition(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fromStart bool
		want      []string
	}{
		// From the end: old lines are skipped, but the line being written
		// at start is delivered whole once its newline arrives.
		{"end", false, append([]string{"partial-end"}, want("new", 0, 3)...)},
		{"start", true, append(append(want("old", 0, 5), "partial-end"), want("new", 0, 3)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			appendLines(t, path, "old", 0, 5)
			appendString(t, path, "partial-")
			opts := testOptions(path)
			opts.FromStart = tc.fromStart
			r := start(t, opts)
			appendString(t, path, "end\n")
			appendLines(t, path, "new", 0, 3)
			r.waitFor("lines", hasAll(len(tc.want)))
			r.settle()
			if got := r.texts(); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			// The first record says where reading began, before any line.
			first := r.lines()[0]
			wantOff := int64(0)
			if !tc.fromStart {
				wantOff = int64(len(strings.Join(want("old", 0, 5), "\n")) + 1)
			}
			if first.Data != nil || first.Pos.Offset != wantOff || first.Pos.Path != path {
				t.Errorf("first record %+v, want position %d with no data", first, wantOff)
			}
		})
	}
}

func TestFileAppearsLater(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "later", "access.log")
	r := start(t, testOptions(path))
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// Written before the tailer can have seen the file: a file that
	// appears after start is read from its beginning.
	appendLines(t, path, "l", 0, 20)
	r.waitFor("lines", hasAll(20))
	r.settle()
	if got := r.texts(); !slices.Equal(got, want("l", 0, 20)) {
		t.Errorf("got %q", got)
	}
}

func TestGlobPicksUpNewFiles(t *testing.T) {
	dir := t.TempDir()
	pat := filepath.Join(dir, "*access.log")
	a := filepath.Join(dir, "a.access.log")
	b := filepath.Join(dir, "b.access.log")
	appendLines(t, a, "a-old", 0, 3)
	r := start(t, testOptions(pat))
	appendLines(t, a, "a", 0, 3)
	appendLines(t, b, "b", 0, 4)
	appendLines(t, filepath.Join(dir, "error.log"), "err", 0, 2)
	r.waitFor("lines", hasAll(7))
	r.settle()
	byPath := map[string][]string{}
	for _, l := range r.lines() {
		if l.Source != pat {
			t.Errorf("line %q has source %q, want %q", l.Data, l.Source, pat)
		}
		if l.Data != nil {
			byPath[l.Path] = append(byPath[l.Path], string(l.Data))
		}
	}
	if !slices.Equal(byPath[a], want("a", 0, 3)) || !slices.Equal(byPath[b], want("b", 0, 4)) || len(byPath) != 2 {
		t.Errorf("got %q", byPath)
	}
}

// A glob that also matches the rotated names must not read a rotated file
// again as a new one: files are followed by identity.
func TestGlobMatchingRotatedNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	appendLines(t, path, "a", 0, 5)
	opts := testOptions(path + "*")
	opts.FromStart = true
	r := start(t, opts)
	r.waitFor("first lines", hasAll(5))
	if err := renameCreate(path); err != nil {
		t.Fatal(err)
	}
	appendLines(t, path+".1", "a", 5, 8)
	appendLines(t, path, "b", 0, 4)
	r.waitFor("rotated lines", hasAll(12))
	r.settle()
	got := r.texts()
	slices.Sort(got)
	w := append(want("a", 0, 8), want("b", 0, 4)...)
	slices.Sort(w)
	if !slices.Equal(got, w) {
		t.Errorf("got %q, want %q", got, w)
	}
}

func TestPartialLineWaitsForNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	appendString(t, path, "")
	r := start(t, testOptions(path))
	appendString(t, path, "12")
	r.settle()
	appendString(t, path, "34\n56")
	r.waitFor("first line", hasAll(1))
	r.settle()
	appendString(t, path, "\n")
	r.waitFor("second line", hasAll(2))
	r.settle()
	if got := r.texts(); !slices.Equal(got, []string{"1234", "56"}) {
		t.Fatalf("got %q", got)
	}
	var offs []int64
	for _, l := range r.lines() {
		if l.Data != nil {
			offs = append(offs, l.Pos.Offset)
		}
	}
	if !slices.Equal(offs, []int64{5, 8}) {
		t.Errorf("offsets %v, want [5 8]", offs)
	}
}

func TestLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	appendString(t, path, "")
	r := start(t, testOptions(path))
	// 3 MiB without a newline, in three writes the tailer sees apart, so
	// that the cut spans reads; only DefaultMaxLine bytes may be kept.
	long := bytes.Repeat([]byte("0123456789abcdef"), 3<<20/16)
	for i := range 3 {
		appendString(t, path, string(long[i<<20:(i+1)<<20]))
		r.settle()
	}
	if n := countData(r.lines()); n != 0 {
		t.Fatalf("%d lines delivered before the newline", n)
	}
	appendString(t, path, "\nafter\n")
	r.waitFor("lines", hasAll(2))
	r.settle()
	var ls []Line
	for _, l := range r.lines() {
		if l.Data != nil {
			ls = append(ls, l)
		}
	}
	if len(ls) != 2 {
		t.Fatalf("got %d lines", len(ls))
	}
	if !ls[0].TooLong || !bytes.Equal(ls[0].Data, long[:DefaultMaxLine]) || ls[0].Pos.Offset != int64(len(long))+1 {
		t.Errorf("long line: TooLong %v, %d bytes, offset %d", ls[0].TooLong, len(ls[0].Data), ls[0].Pos.Offset)
	}
	if ls[1].TooLong || string(ls[1].Data) != "after" {
		t.Errorf("next line %q TooLong %v", ls[1].Data, ls[1].TooLong)
	}
}

// TestDeletedFileIsDrained: a file unlinked while its writer still writes
// is read to the end, then closed and reported closed.
func TestDeletedFileIsDrained(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	w := openLogWriter(t, path)
	r := start(t, testOptions(path))
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for n := range 10 {
		if err := w.line(n); err != nil {
			t.Fatal(err)
		}
	}
	r.waitFor("lines", hasAll(10))
	r.waitDrained()
	r.waitFor("closed record", func(ls []Line) bool { return len(ls) > 0 && ls[len(ls)-1].Closed })
	for i, l := range r.lines() {
		if l.Data != nil {
			if n, ok := lineNumber(l.Data); !ok || n != countData(r.lines()[:i]) {
				t.Errorf("line %d: %q", i, l.Data)
			}
		}
	}
}
