package pipeline

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// chunkReader returns r's bytes in reads of 1 to max bytes.
type chunkReader struct {
	r   io.Reader
	rng *rand.Rand
	max int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if n := 1 + c.rng.IntN(c.max); n < len(p) {
		p = p[:n]
	}
	return c.r.Read(p)
}

// piecesReader returns its pieces one read each (a piece larger than the
// caller's buffer over several).
type piecesReader struct{ pieces [][]byte }

func (pr *piecesReader) Read(p []byte) (int, error) {
	for len(pr.pieces) > 0 && len(pr.pieces[0]) == 0 {
		pr.pieces = pr.pieces[1:]
	}
	if len(pr.pieces) == 0 {
		return 0, io.EOF
	}
	n := copy(p, pr.pieces[0])
	pr.pieces[0] = pr.pieces[0][n:]
	return n, nil
}

// sameLines fails t unless the splitter, in batches of perBatch lines,
// gives what input.LineReader gives for the reader open returns.
func sameLines(t *testing.T, what string, open func() io.Reader, max, perBatch int) {
	t.Helper()
	want := linesOf(open(), max)
	got := splitOf(t, open(), max, perBatch)
	if len(got) != len(want) {
		t.Fatalf("%s, %d lines a batch: %d lines, LineReader %d", what, perBatch, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s, %d lines a batch: line %d %.60q (%d bytes), LineReader %.60q (%d bytes)",
				what, perBatch, i, got[i], len(got[i]), want[i], len(want[i]))
		}
	}
}

// TestSplitterBigLines: the splitter agrees with input.LineReader on
// inputs of several batches (batches ending on batchBytes, a line ending
// exactly there), lines of the limit and one byte either side of it up to
// the default 1 MiB, over-long lines spanning many reads, "\r\n" with the
// read ending between its two bytes, with and without a final newline,
// and before a failing read.
func TestSplitterBigLines(t *testing.T) {
	// The limit, "\r" and "\n" in separate reads: the line is not too
	// long, whatever the '\r' looked like when it came in alone.
	for _, max := range []int{1, 100, 4096, 1 << 20} {
		for _, extra := range []int{-1, 0, 1} {
			line := bytes.Repeat([]byte("c"), max+extra)
			open := func() io.Reader {
				return &piecesReader{pieces: [][]byte{bytes.Clone(line), []byte("\r"), []byte("\nnext\r"), []byte("\nlast")}}
			}
			for _, per := range []int{batchLines, 1} {
				sameLines(t, "split \\r\\n", open, max, per)
			}
		}
	}
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 3))
		max := []int{100, 3000, 70000, 1 << 20}[seed]
		var sb bytes.Buffer
		for sb.Len() < 3<<20 {
			n := rng.IntN(5000)
			if rng.IntN(100) == 0 {
				n = max + rng.IntN(3) - 1
			}
			if rng.IntN(300) == 0 {
				n = 200000
			}
			// a line that ends exactly at batchBytes (its newline the
			// batch's last byte)
			if sb.Len() < batchBytes && batchBytes-sb.Len() < 6000 && rng.IntN(2) == 0 {
				n = batchBytes - sb.Len() - 1
			}
			sb.WriteString(strings.Repeat(string(rune('a'+rng.IntN(26))), n))
			if rng.IntN(5) == 0 {
				sb.WriteString("\r\n")
			} else {
				sb.WriteString("\n")
			}
		}
		if seed == 1 {
			// lines of exactly the limit, then 1 MiB ones at the default
			for _, n := range []int{max, max + 1, 1 << 20, 1<<20 + 1} {
				sb.WriteString(strings.Repeat("m", n) + "\r\n")
			}
		}
		if seed%2 == 1 {
			sb.WriteString("tail-without-newline")
		}
		data := sb.Bytes()
		for _, fail := range []bool{false, true} {
			open := func() io.Reader {
				var src io.Reader = &chunkReader{r: bytes.NewReader(data), rng: rand.New(rand.NewPCG(seed, 9)), max: 257 + int(seed)*20000}
				if fail {
					src = &failAfter{r: src, err: errors.New("disk on fire")}
				}
				return src
			}
			for _, per := range []int{batchLines, 64} {
				sameLines(t, "random", open, max, per)
			}
		}
	}
}

// dataAndErr returns the bytes up to cut in reads of random sizes, the
// last of them together with err.
type dataAndErr struct {
	data []byte
	cut  int
	pos  int
	rng  *rand.Rand
	err  error
}

func (d *dataAndErr) Read(p []byte) (int, error) {
	n := min(len(p), 1+d.rng.IntN(5000), d.cut-d.pos)
	copy(p, d.data[d.pos:d.pos+n])
	d.pos += n
	if d.pos >= d.cut {
		return n, d.err
	}
	return n, nil
}

// zeroReads returns r's bytes, then (0, nil) forever.
type zeroReads struct{ r io.Reader }

func (z *zeroReads) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	if errors.Is(err, io.EOF) {
		return 0, nil
	}
	return n, err
}

// TestSplitterDataWithError: a read that returns bytes and an error
// (io.EOF or another) at once, anywhere in a line or its "\r\n", keeps
// its bytes, as input.LineReader does; and an input that stops returning
// anything, without an error, ends the way LineReader ends it.
func TestSplitterDataWithError(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var sb strings.Builder
	for i := range 3000 {
		sb.WriteString(strings.Repeat("z", rng.IntN(400)))
		if i%7 == 0 {
			sb.WriteString("\r")
		}
		sb.WriteString("\n")
	}
	data := []byte(sb.String())
	for k := range 30 {
		cut := rng.IntN(len(data))
		for _, e := range []error{io.EOF, io.ErrUnexpectedEOF} {
			open := func() io.Reader {
				return &dataAndErr{data: data, cut: cut, rng: rand.New(rand.NewPCG(uint64(k), 1)), err: e}
			}
			for _, max := range []int{50, 300, 1 << 20} {
				sameLines(t, "data with "+e.Error(), open, max, batchLines)
			}
		}
	}
	open := func() io.Reader { return &zeroReads{r: bytes.NewReader(data[:100000])} }
	sameLines(t, "zero reads", open, 1000, batchLines)
	if got := splitOf(t, open(), 1000, batchLines); !strings.HasPrefix(got[len(got)-1], "error: ") {
		t.Errorf("zero reads end with %q, want an error", got[len(got)-1])
	}
}
