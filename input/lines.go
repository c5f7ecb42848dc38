package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxLine is the longest line NewLineReader returns when given no
// limit. Real access-log lines are a few hundred bytes; 1 MiB leaves room
// for huge query strings and cookies while bounding memory.
const DefaultMaxLine = 1 << 20

// readBufSize is the size of the buffer lines are normally returned from;
// only longer lines are copied into LineReader's own buffer.
const readBufSize = 64 << 10

// ErrLineTooLong is matched (errors.Is) by the *LineTooLongError that
// LineReader.Next returns for a line over the limit.
var ErrLineTooLong = errors.New("line too long")

// LineTooLongError reports a line that was skipped because it exceeded the
// limit. Reading goes on with the next line; callers count it as skipped
// (parser.ReasonLineTooLong) and carry on.
type LineTooLongError struct {
	Line   int64 // 1-based number of the skipped line
	Length int64 // its length in bytes, without the line terminator
	Max    int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d: %d bytes, over the %d-byte limit", e.Line, e.Length, e.Max)
}

// Is makes errors.Is(err, ErrLineTooLong) true.
func (e *LineTooLongError) Is(target error) bool { return target == ErrLineTooLong }

// LineReader splits a stream into lines. It is not safe for concurrent use.
type LineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte // holds lines longer than the read buffer; at most max+2 bytes
	line int64
}

// NewLineReader returns a LineReader over r that returns lines of up to
// maxLine bytes (DefaultMaxLine when maxLine <= 0).
func NewLineReader(r io.Reader, maxLine int) *LineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	return &LineReader{br: bufio.NewReaderSize(r, readBufSize), max: maxLine}
}

// Line returns the number of lines returned or skipped so far, which is the
// 1-based number of the line Next returned last.
func (r *LineReader) Line() int64 { return r.line }

// Next returns the next line without its "\n" or "\r\n". The slice is valid
// until the next call. A last line without a newline is returned too; after
// it Next returns io.EOF.
//
// A line longer than the limit is consumed and discarded, and Next returns
// a *LineTooLongError (matching ErrLineTooLong); the following call returns
// the line after it. Memory stays bounded by the limit however long the
// line is.
//
// Any other read error is returned with the line number; an incomplete
// line read before the error is dropped (the error says how many bytes),
// since it cannot be told apart from a corrupt one.
func (r *LineReader) Next() ([]byte, error) {
	frag, err := r.br.ReadSlice('\n')
	if err == nil {
		r.line++
		return r.finish(frag, int64(len(frag)))
	}
	if errors.Is(err, bufio.ErrBufferFull) {
		return r.long(frag)
	}
	return r.atEnd(frag, int64(len(frag)), err)
}

// long collects a line that did not fit in the read buffer.
func (r *LineReader) long(frag []byte) ([]byte, error) {
	r.buf = append(r.buf[:0], frag...)
	total := int64(len(frag))
	over := false
	prev := frag[len(frag)-1] // last byte before the current fragment
	for {
		frag, err := r.br.ReadSlice('\n')
		total += int64(len(frag))
		if !over {
			if len(r.buf)+len(frag) > r.max+2 { // +2: room for "\r\n"
				over = true
				r.buf = r.buf[:0]
			} else {
				r.buf = append(r.buf, frag...)
			}
		}
		switch {
		case err == nil:
			r.line++
			if over {
				return nil, r.tooLong(total - terminatorLen(prev, frag))
			}
			return r.finish(r.buf, total)
		case errors.Is(err, bufio.ErrBufferFull):
			prev = frag[len(frag)-1]
			continue
		}
		if over && errors.Is(err, io.EOF) {
			r.line++
			return nil, r.tooLong(total)
		}
		return r.atEnd(r.buf, total, err)
	}
}

// atEnd handles the end of the stream or a read error, with the bytes of
// an unterminated line read so far.
func (r *LineReader) atEnd(partial []byte, total int64, err error) ([]byte, error) {
	if errors.Is(err, io.EOF) {
		if total == 0 {
			return nil, io.EOF
		}
		r.line++
		return r.finish(partial, total)
	}
	if total > 0 {
		return nil, fmt.Errorf("read line %d (dropped %d bytes of it): %w", r.line+1, total, err)
	}
	return nil, fmt.Errorf("read line %d: %w", r.line+1, err)
}

// finish strips the terminator and applies the limit; total is the line's
// length including the terminator.
func (r *LineReader) finish(b []byte, total int64) ([]byte, error) {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		total--
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
		total--
	}
	if total > int64(r.max) {
		return nil, r.tooLong(total)
	}
	return b, nil
}

func (r *LineReader) tooLong(total int64) error {
	return &LineTooLongError{Line: r.line, Length: total, Max: r.max}
}

// terminatorLen is the length of the "\n" or "\r\n" ending frag, the last
// fragment of a line; prev is the byte before frag.
func terminatorLen(prev byte, frag []byte) int64 {
	switch {
	case len(frag) >= 2 && frag[len(frag)-2] == '\r':
		return 2
	case len(frag) == 1 && prev == '\r':
		return 2
	}
	return 1
}
