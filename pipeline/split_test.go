package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/guardctl/guardctl/input"
)

// failAfter returns data, then err.
type failAfter struct {
	r   io.Reader
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if errors.Is(err, io.EOF) {
		return n, f.err
	}
	return n, err
}

// linesOf reads src as input.LineReader returns it: each line, "too
// long" for a skipped one, then "error: ..." unless it ends at EOF.
func linesOf(src io.Reader, max int) []string {
	lr := input.NewLineReader(src, max)
	var out []string
	for {
		line, err := lr.Next()
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.Is(err, input.ErrLineTooLong):
			out = append(out, "too long")
		case err != nil:
			return append(out, "error: "+err.Error())
		default:
			out = append(out, "line:"+string(line))
		}
	}
}

// splitOf reads src through a splitter in batches of at most perBatch
// lines, with the same notation as linesOf.
func splitOf(t *testing.T, src io.Reader, max, perBatch int) []string {
	sp := newSplitter(src, max)
	var out []string
	b := &batch{}
	for range 1 << 20 {
		b.reset()
		sp.fill(b, perBatch)
		if len(b.starts) > perBatch {
			t.Fatalf("a batch of %d lines, limit %d", len(b.starts), perBatch)
		}
		for i := range b.starts {
			if b.tooLong[i] {
				out = append(out, "too long")
			} else {
				out = append(out, "line:"+string(b.line(i)))
			}
		}
		switch {
		case errors.Is(b.err, io.EOF):
			return out
		case b.err != nil:
			return append(out, "error: "+b.err.Error())
		}
	}
	t.Fatal("no end")
	return nil
}

// FuzzSplitter: the replay's splitter gives the lines, over-long lines and
// read errors (with their message) that input.LineReader gives, whatever
// the batch size and however the input comes in pieces.
func FuzzSplitter(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nlast"), uint16(0), uint8(1), false, false)
	f.Add([]byte("123456\n12345\r\n1234567"), uint16(5), uint8(2), true, false)
	f.Add([]byte("12345\r\n123456\r\n1234567\r"), uint16(5), uint8(3), false, true)
	f.Add(bytes.Repeat([]byte("x"), 70000), uint16(1000), uint8(1), false, false)
	f.Add(append(bytes.Repeat([]byte("y"), 140000), "\nok\n"...), uint16(65535), uint8(1), false, true)
	f.Fuzz(func(t *testing.T, data []byte, limit uint16, perBatch uint8, oneByte, fail bool) {
		open := func() io.Reader {
			var src io.Reader = bytes.NewReader(data)
			if oneByte {
				src = iotest.OneByteReader(src)
			}
			if fail {
				src = &failAfter{r: src, err: errors.New("disk on fire")}
			}
			return src
		}
		want := linesOf(open(), int(limit))
		got := splitOf(t, open(), int(limit), max(int(perBatch), 1))
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("splitter:\n%q\nLineReader:\n%q", got, want)
		}
	})
}

// TestSplitterBatches: a file of many batches comes back line for line,
// each batch within its line and byte bounds, and the bytes read past a
// batch's last line start the next one.
func TestSplitterBatches(t *testing.T) {
	var sb strings.Builder
	for i := range 3*batchLines + 17 {
		fmt.Fprintf(&sb, "line %d %s\n", i, strings.Repeat("p", i%300))
	}
	sb.WriteString(strings.Repeat("q", 3000) + "\r\n") // over the limit
	sb.WriteString("last")
	data := sb.String()
	got := splitOf(t, strings.NewReader(data), 2048, batchLines)
	want := linesOf(strings.NewReader(data), 2048)
	if len(got) != 3*batchLines+19 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %d lines, want %d, the same as LineReader's", len(got), 3*batchLines+19)
	}
	if got[len(got)-2] != "too long" || got[len(got)-1] != "line:last" {
		t.Errorf("last lines %q", got[len(got)-2:])
	}
}
