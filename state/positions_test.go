package state

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPositionsRoundTrip(t *testing.T) {
	now := epoch()
	dir := t.TempDir()
	s := openT(t, dir, Options{Now: fixedClock(&now)})
	a := Position{Path: "/var/log/nginx/b.log", Dev: 1, Inode: 2, Offset: 3, Size: 4, HeadLen: 5, HeadHash: [32]byte{6}}
	b := Position{Path: "/var/log/nginx/a.log", Dev: 7, Inode: 8, Offset: 9, Size: 10, HeadLen: HeadBytes, HeadHash: [32]byte{11}, Saved: now.Add(-time.Hour)}
	for _, p := range []Position{a, b} {
		if err := s.SavePosition(p); err != nil {
			t.Fatal(err)
		}
	}
	a.Offset = 300
	if err := s.SavePosition(a); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, dir, Options{Now: fixedClock(&now)})
	got, err := s.Positions()
	if err != nil {
		t.Fatal(err)
	}
	a.Saved = now
	want := []Position{b, a} // ordered by path
	if len(got) != 2 || !samePos(got[0], want[0]) || !samePos(got[1], want[1]) {
		t.Errorf("Positions() = %+v, want %+v", got, want)
	}
	if err := s.DeletePosition(a.ID()); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Position(a.ID()); ok || err != nil {
		t.Errorf("Position after delete = %v, %v; want absent", ok, err)
	}
	for _, bad := range []Position{{}, {Path: "/x", Offset: -1}, {Path: "/x", HeadLen: HeadBytes + 1}} {
		if err := s.SavePosition(bad); err == nil {
			t.Errorf("SavePosition(%+v) succeeded", bad)
		}
	}
}

// TestPositionsKeyedByFile: during a rotation the old file, still being
// drained, and its successor share a path; each keeps its own position, and
// a finished file is dropped in the same batch that saves the other.
func TestPositionsKeyedByFile(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	const path = "/var/log/nginx/access.log"
	old := Position{Path: path, Dev: 9, Inode: 100, Offset: 5000, Size: 5000, HeadLen: HeadBytes, HeadHash: [32]byte{1}}
	succ := Position{Path: path, Dev: 9, Inode: 101, Offset: 40, Size: 40, HeadLen: 40, HeadHash: [32]byte{2}}
	if _, err := s.Write(Batch{Positions: []Position{old, succ}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PositionsOf(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Inode != 100 || got[1].Inode != 101 || got[0].Offset != 5000 || got[1].Offset != 40 {
		t.Fatalf("PositionsOf(%s) = %+v, want both files with their own offsets", path, got)
	}
	succ.Offset = 80
	if _, err := s.Write(Batch{DropPositions: []FileID{old.ID()}, Positions: []Position{succ}}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Positions()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID() != succ.ID() || got[0].Offset != 80 {
		t.Errorf("after dropping the drained file: %+v, want only inode 101 at 80", got)
	}
}

func samePos(a, b Position) bool {
	eq := a.Saved.Equal(b.Saved)
	a.Saved, b.Saved = time.Time{}, time.Time{}
	return eq && a == b
}

// logLines returns n access-log-like lines starting at number first; the
// timestamp makes every file's head different, as real logs are.
func logLines(first, n int, stamp string) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "192.0.2.%d - - [%s] \"GET /page/%d HTTP/1.1\" 200 512 \"-\" \"curl/8\"\n", i%250, stamp, i)
	}
	return b.String()
}

func appendFile(t *testing.T, path, s string) {
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

// saveAfterReading identifies the file at path as a tailer would, reads it
// to its end and stores the position through the store.
func saveAfterReading(t *testing.T, s *Store, path string) Position {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Identify(path, f)
	if err != nil {
		t.Fatal(err)
	}
	p.Offset = p.Size
	if err := s.SavePosition(p); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Position(p.ID())
	if err != nil || !ok {
		t.Fatalf("Position(%s) = %v, %v", path, ok, err)
	}
	return got
}

func resume(t *testing.T, p Position, path string) (int64, ResumeKind) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	off, kind, err := p.Resume(f)
	if err != nil {
		t.Fatal(err)
	}
	return off, kind
}

// TestResumeAfterRotation plays what logrotate and writers do to a file
// while the daemon is down, on real files, and checks where a restart
// resumes: the stored position must lead to every new line exactly once.
func TestResumeAfterRotation(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	const stamp1, stamp2 = "14/Mar/2025:15:09:26 +0000", "15/Mar/2025:00:00:01 +0000"

	t.Run("appended", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "access.log")
		appendFile(t, path, logLines(0, 10, stamp1))
		p := saveAfterReading(t, s, path)
		appendFile(t, path, logLines(10, 5, stamp1))
		off, kind := resume(t, p, path)
		if kind != ResumeSame || off != p.Offset {
			t.Fatalf("Resume = %d, %v; want %d, same", off, kind, p.Offset)
		}
		rest := readFrom(t, path, off)
		if rest != logLines(10, 5, stamp1) {
			t.Errorf("resumed read %q, want exactly the 5 new lines", rest)
		}
	})

	t.Run("rename and create", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "access.log")
		appendFile(t, path, logLines(0, 10, stamp1))
		p := saveAfterReading(t, s, path)
		appendFile(t, path, logLines(10, 3, stamp1)) // written before the rotation
		if err := os.Rename(path, path+".1"); err != nil {
			t.Fatal(err)
		}
		appendFile(t, path, logLines(13, 4, stamp2))
		off, kind := resume(t, p, path)
		if kind != ResumeReplaced || off != 0 {
			t.Fatalf("Resume = %d, %v; want 0, replaced", off, kind)
		}
		// The tailer drains the old file from the saved offset: find it.
		var old string
		for _, cand := range []string{path + ".2", path + ".1"} {
			f, err := os.Open(cand)
			if err != nil {
				continue
			}
			same, err := p.SameFile(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if same {
				old = cand
			}
		}
		if old != path+".1" {
			t.Fatalf("SameFile found the old file at %q, want %s.1", old, path)
		}
		got := readFrom(t, old, p.Offset) + readFrom(t, path, off)
		if got != logLines(10, 3, stamp1)+logLines(13, 4, stamp2) {
			t.Errorf("old tail + new file = %q, want lines 10..16 once", got)
		}
	})

	t.Run("copytruncate", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "access.log")
		appendFile(t, path, logLines(0, 10, stamp1))
		p := saveAfterReading(t, s, path)
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		// More bytes than before get written after the truncation, so
		// size alone cannot tell; the head hash does.
		appendFile(t, path, logLines(100, 20, stamp2))
		off, kind := resume(t, p, path)
		if kind != ResumeTruncated || off != 0 {
			t.Fatalf("Resume = %d, %v; want 0, truncated", off, kind)
		}
	})

	t.Run("copytruncate, shorter", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "access.log")
		appendFile(t, path, logLines(0, 10, stamp1))
		p := saveAfterReading(t, s, path)
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		appendFile(t, path, logLines(100, 1, stamp2))
		if off, kind := resume(t, p, path); kind != ResumeTruncated || off != 0 {
			t.Fatalf("Resume = %d, %v; want 0, truncated", off, kind)
		}
	})

	t.Run("short head grows", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "access.log")
		appendFile(t, path, "x\n")
		p := saveAfterReading(t, s, path)
		if p.HeadLen != 2 {
			t.Fatalf("HeadLen = %d, want 2", p.HeadLen)
		}
		appendFile(t, path, logLines(0, 10, stamp1))
		if off, kind := resume(t, p, path); kind != ResumeSame || off != 2 {
			t.Fatalf("Resume = %d, %v; want 2, same", off, kind)
		}
		if p = saveAfterReading(t, s, path); p.HeadLen != HeadBytes {
			t.Errorf("re-identified HeadLen = %d, want %d", p.HeadLen, HeadBytes)
		}
	})

	t.Run("empty file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "access.log")
		appendFile(t, path, "")
		p := saveAfterReading(t, s, path)
		appendFile(t, path, logLines(0, 2, stamp1))
		if off, kind := resume(t, p, path); kind != ResumeSame || off != 0 {
			t.Fatalf("Resume = %d, %v; want 0, same", off, kind)
		}
	})

	names := []string{}
	for _, k := range []ResumeKind{ResumeSame, ResumeTruncated, ResumeReplaced} {
		names = append(names, k.String())
	}
	if !slices.Equal(names, []string{"same", "truncated", "replaced"}) {
		t.Errorf("ResumeKind names = %v", names)
	}
}

func readFrom(t *testing.T, path string, off int64) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if off > int64(len(b)) {
		t.Fatalf("offset %d past the end of %s (%d bytes)", off, path, len(b))
	}
	return string(b[off:])
}
