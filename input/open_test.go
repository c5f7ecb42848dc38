package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// openLines opens path and reads it with a LineReader, returning the lines
// and the first error other than io.EOF.
func openLines(t *testing.T, path string) ([]string, error) {
	t.Helper()
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := NewLineReader(rc, 0)
	var out []string
	for {
		line, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(line))
	}
}

func TestOpen(t *testing.T) {
	const text = "line one\nline two\nlast without newline"
	want := []string{"line one", "line two", "last without newline"}
	tests := []struct {
		name string
		file string
		data []byte
	}{
		{"plain", "access.log", []byte(text)},
		{"gzip without .gz name", "access.log.1", gz(t, text)},
		{"gzip with .gz name", "access.log.2.gz", gz(t, text)},
		{"plain text named .gz", "access.log.3.gz", []byte(text)},
		{"concatenated gzip members", "cat.gz", append(gz(t, "line one\nline "), gz(t, "two\nlast without newline")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := openLines(t, writeFile(t, tt.file, tt.data))
			if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("lines = %q, %v; want %q", got, err, want)
			}
		})
	}
}

func TestOpenEmptyAndTiny(t *testing.T) {
	for _, data := range []string{"", "x", "\x1f"} {
		got, err := openLines(t, writeFile(t, "f.log", []byte(data)))
		var want []string
		if data != "" {
			want = []string{data}
		}
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Open(%q): lines = %q, %v; want %q", data, got, err, want)
		}
	}
}

func TestOpenTruncatedGzip(t *testing.T) {
	var text strings.Builder
	for i := range 5000 {
		text.WriteString("203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] \"GET /page/")
		text.WriteString(strings.Repeat("x", i%50))
		text.WriteString(" HTTP/1.1\" 200 1 \"-\" \"-\"\n")
	}
	full := gz(t, text.String())
	path := writeFile(t, "access.log.gz", full[:len(full)/2])

	got, err := openLines(t, path)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want io.ErrUnexpectedEOF", err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "gunzip") {
		t.Errorf("error %q does not name the file and gunzip", err)
	}
	// Every complete line before the cut is delivered intact.
	all := strings.Split(text.String(), "\n")
	if len(got) < 1000 {
		t.Fatalf("got %d lines before the error, want most of the first half", len(got))
	}
	for i, l := range got {
		if l != all[i] {
			t.Fatalf("line %d = %q, want %q", i+1, l, all[i])
		}
	}
}

func TestOpenBadGzipHeader(t *testing.T) {
	path := writeFile(t, "bad.gz", []byte("\x1f\x8bnot really gzip at all"))
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Open(bad gzip) = %v, want an error naming %s", err, path)
	}
}

func TestOpenCorruptGzipBody(t *testing.T) {
	data := gz(t, strings.Repeat("some log line\n", 1000))
	data[len(data)-5] ^= 0xff // the CRC/size trailer
	_, err := openLines(t, writeFile(t, "corrupt.gz", data))
	if err == nil || !strings.Contains(err.Error(), "gunzip") {
		t.Errorf("reading a corrupt gzip: err = %v, want a gunzip error", err)
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope.log"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want fs.ErrNotExist", err)
	}
}

func TestOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Open(directory) = %v, want an error naming it", err)
	}
}

func TestOpenStdin(t *testing.T) {
	// "-" reads os.Stdin; point it at a gzip file for the test.
	f, err := os.Open(writeFile(t, "stdin.gz", gz(t, "from stdin\n")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	t.Cleanup(func() { os.Stdin = old })

	got, err := openLines(t, "-")
	if err != nil || len(got) != 1 || got[0] != "from stdin" {
		t.Errorf("Open(-) lines = %q, %v; want [from stdin]", got, err)
	}
	// Closing the source must not close the process's stdin.
	if _, err := f.Stat(); err != nil {
		t.Errorf("stdin was closed: %v", err)
	}
}
