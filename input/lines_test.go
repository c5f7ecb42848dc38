package input

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll drains r and returns lines and errors in order, as a caller's
// loop would see them ("ERR:" entries for skipped lines).
func readAll(t *testing.T, r *LineReader) []string {
	t.Helper()
	var out []string
	for range 1000 { // bounded: no test input has more lines
		line, err := r.Next()
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.Is(err, ErrLineTooLong):
			out = append(out, "ERR:"+err.Error())
		case err != nil:
			out = append(out, "FATAL:"+err.Error())
			return out
		default:
			out = append(out, string(line))
		}
	}
	t.Fatal("reader did not reach EOF")
	return nil
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"empty input", "", 0, nil},
		{"lines", "a\nbb\nccc\n", 0, []string{"a", "bb", "ccc"}},
		{"crlf", "a\r\nb\r\n", 0, []string{"a", "b"}},
		{"blank lines kept", "\n\na\n", 0, []string{"", "", "a"}},
		{"final line without newline", "a\nlast", 0, []string{"a", "last"}},
		{"lone cr inside a line is kept", "a\rb\n", 0, []string{"a\rb"}},
		{"at the limit", "12345\n123456\n12345\r\n", 5, []string{"12345", "ERR:line 2: 6 bytes, over the 5-byte limit", "12345"}},
		{"too long final line", "ok\n123456", 5, []string{"ok", "ERR:line 2: 6 bytes, over the 5-byte limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, mode := range []string{"whole", "one byte at a time"} {
				var src io.Reader = strings.NewReader(tt.in)
				if mode != "whole" {
					src = iotest.OneByteReader(src)
				}
				got := readAll(t, NewLineReader(src, tt.max))
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("%s: lines = %q, want %q", mode, got, tt.want)
				}
			}
		})
	}
}

func TestLineReaderLongLines(t *testing.T) {
	long200K := strings.Repeat("a", 200<<10)
	long5M := strings.Repeat("b", 5<<20)
	in := "first\n" + long200K + "\n" + long5M + "\r\nafter\n" + long5M
	r := NewLineReader(strings.NewReader(in), 0)

	want := []struct {
		line    string
		tooLong int64 // expected Length when the line is skipped
	}{
		{line: "first"},
		{line: long200K},
		{tooLong: 5 << 20},
		{line: "after"},
		{tooLong: 5 << 20},
	}
	for i, w := range want {
		line, err := r.Next()
		if w.tooLong > 0 {
			var tl *LineTooLongError
			if !errors.As(err, &tl) || !errors.Is(err, ErrLineTooLong) {
				t.Fatalf("line %d: err = %v, want a LineTooLongError", i+1, err)
			}
			if tl.Length != w.tooLong || tl.Line != int64(i+1) || tl.Max != DefaultMaxLine {
				t.Errorf("line %d: %+v, want Length %d Line %d Max %d", i+1, tl, w.tooLong, i+1, DefaultMaxLine)
			}
		} else if err != nil || string(line) != w.line {
			t.Fatalf("line %d: got %d bytes (%.20q), %v; want %d bytes", i+1, len(line), line, err, len(w.line))
		}
		// Memory stays bounded by the limit, not by the 5 MiB lines.
		if c := cap(r.buf); c > 2*DefaultMaxLine {
			t.Fatalf("after line %d: buffer capacity %d, want at most %d", i+1, c, 2*DefaultMaxLine)
		}
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last line: err = %v, want io.EOF", err)
	}
	if r.Line() != 5 {
		t.Errorf("Line() = %d, want 5", r.Line())
	}
}

func TestLineReaderCRLFSplitAcrossBuffers(t *testing.T) {
	// A too-long line whose "\r\n" straddles the read buffer boundary must
	// report its length without the terminator.
	body := strings.Repeat("x", 2*readBufSize-1) // the \r ends the 2nd buffer
	r := NewLineReader(strings.NewReader(body+"\r\nnext\n"), readBufSize)
	_, err := r.Next()
	var tl *LineTooLongError
	if !errors.As(err, &tl) || tl.Length != int64(len(body)) {
		t.Fatalf("Next = %v, want LineTooLongError with Length %d", err, len(body))
	}
	if line, err := r.Next(); err != nil || string(line) != "next" {
		t.Errorf("Next = %q, %v; want next", line, err)
	}
}

func TestLineReaderReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	src := io.MultiReader(strings.NewReader("a\nb\npart"), iotest.ErrReader(boom))
	r := NewLineReader(src, 0)
	for _, want := range []string{"a", "b"} {
		if line, err := r.Next(); err != nil || string(line) != want {
			t.Fatalf("Next = %q, %v; want %q", line, err, want)
		}
	}
	_, err := r.Next()
	if !errors.Is(err, boom) {
		t.Fatalf("Next = %v, want the read error", err)
	}
	for _, want := range []string{"line 3", "dropped 4 bytes"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestLineReaderReusesBuffer(t *testing.T) {
	in := bytes.Repeat([]byte("203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n"), 1000)
	r := NewLineReader(bytes.NewReader(in), 0)
	if _, err := r.Next(); err != nil { // warm up
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(500, func() {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %v times per line, want 0", allocs)
	}
}

func BenchmarkLineReader(b *testing.B) {
	line := "203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] \"GET /index.html HTTP/1.1\" 200 1234 \"-\" \"Mozilla/5.0\"\n"
	data := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewLineReader(bytes.NewReader(data), 0)
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	}
}
