package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/guardctl/guardctl/input"
)

// A splitter reads an input straight into the batches' arenas and splits
// it into lines there, as input.LineReader would return them: without
// "\n" or "\r\n", a last line without a newline included, a line over the
// limit skipped (marked too long) with memory bounded by the limit, and a
// read error after the lines before it, dropping the incomplete line.
//
// Reading through a LineReader cost a copy of every line out of its
// buffer into the batch, and a call per line; here only the bytes read
// past a batch's last line are copied, once, into the next batch.
type splitter struct {
	r   io.Reader
	max int
	// carry holds the bytes read past the last line a fill kept: the
	// start of the next batch.
	carry []byte
	err   error // the read error (io.EOF at the end) met after carry's bytes
	line  int64 // lines kept or skipped so far, for the error message
	// skipped counts the bytes dropped so far of an over-long line that
	// goes on into the next batch (skipping: such a line is open).
	skipped  int64
	skipping bool
}

// readChunk is the most a fill asks the input for at a time, minRead the
// least.
const (
	readChunk = 64 << 10
	minRead   = 4 << 10
)

// maxEmptyReads bounds the reads in a row that return nothing and no
// error (bufio gives up after as many, with io.ErrNoProgress).
const maxEmptyReads = 100

func newSplitter(r io.Reader, maxLine int) *splitter {
	if maxLine <= 0 {
		maxLine = input.DefaultMaxLine
	}
	return &splitter{r: r, max: maxLine}
}

// fill appends lines to b until it holds maxLines lines or batchBytes of
// them, or the input ends; then b.err is the read error (io.EOF at the
// end) and fill must not be called again.
func (s *splitter) fill(b *batch, maxLines int) {
	b.arena = append(b.arena, s.carry...)
	s.carry = s.carry[:0]
	start := 0 // of the line being looked at, in b.arena
	scan := 0  // where to look for its newline
	empty := 0
	for {
		for len(b.starts) < maxLines && start < batchBytes {
			nl := bytes.IndexByte(b.arena[scan:], '\n')
			if nl < 0 {
				break
			}
			end := scan + nl
			s.keep(b, start, end)
			start, scan = end+1, end+1
		}
		if len(b.starts) >= maxLines || start >= batchBytes {
			s.carry = append(s.carry, b.arena[start:]...)
			b.arena = b.arena[:start]
			return
		}
		// No newline after start: b.arena[start:] is the beginning of
		// a line. Past the limit (even if its last byte were the '\r' of
		// "\r\n"), it is too long: forget what was read of it.
		if n := len(b.arena) - start; n > s.max+1 {
			s.skipping = true
			s.skipped += int64(n)
			b.arena = b.arena[:start]
		}
		scan = len(b.arena)
		if s.err != nil {
			s.end(b, start)
			return
		}
		// Ask for about what the lines still wanted take (256 bytes
		// each), so that little is read past the batch's last line.
		want := min(max((maxLines-len(b.starts))*256, minRead), readChunk)
		if cap(b.arena)-len(b.arena) < want {
			b.arena = append(b.arena[:cap(b.arena)], make([]byte, readChunk)...)[:len(b.arena)]
		}
		n, err := s.r.Read(b.arena[len(b.arena) : len(b.arena)+want])
		b.arena = b.arena[:len(b.arena)+n]
		switch {
		case err != nil:
			s.err = err
		case n == 0:
			if empty++; empty >= maxEmptyReads {
				s.err = io.ErrNoProgress
			}
		default:
			empty = 0
		}
	}
}

// keep adds the line b.arena[start:end] (end at its newline or at the end
// of the input) to b, or marks it too long.
func (s *splitter) keep(b *batch, start, end int) {
	s.line++
	if end > start && b.arena[end-1] == '\r' {
		end--
	}
	if s.skipping || end-start > s.max {
		s.skipping, s.skipped = false, 0
		b.starts = append(b.starts, start)
		b.ends = append(b.ends, start)
		b.tooLong = append(b.tooLong, true)
		return
	}
	b.starts = append(b.starts, start)
	b.ends = append(b.ends, end)
	b.tooLong = append(b.tooLong, false)
}

// end handles the end of the input, or a read error, after the complete
// lines: b.arena[start:] is an unterminated last line.
func (s *splitter) end(b *batch, start int) {
	partial := int64(len(b.arena)-start) + s.skipped
	if errors.Is(s.err, io.EOF) {
		if partial > 0 || s.skipping {
			s.keep(b, start, len(b.arena))
		}
		b.err = io.EOF
		return
	}
	b.arena = b.arena[:start]
	if partial > 0 {
		b.err = fmt.Errorf("read line %d (dropped %d bytes of it): %w", s.line+1, partial, s.err)
		return
	}
	b.err = fmt.Errorf("read line %d: %w", s.line+1, s.err)
}
