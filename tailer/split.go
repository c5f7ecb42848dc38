package tailer

import (
	"bytes"
	"slices"
)

// splitter cuts the bytes read from one file into complete lines. A writer
// may have written half a line when the file is read, so the incomplete end
// is held until its newline arrives; and a line may be endless, so no more
// than max bytes of it are ever held.
type splitter struct {
	max  int
	part []byte // the incomplete line so far, at most max bytes
	long bool   // the incomplete line passed max: bytes after part are dropped
	skip bool   // reading began inside a line: drop up to its newline
}

// keepCap bounds the capacity of part kept between lines, so that one long
// line does not pin a large buffer for the life of the file.
const keepCap = 64 << 10

// feed splits data, read at file offset at, and appends a Line (a copy of
// tmpl with Data, TooLong and Pos.Offset set) to dst for each line it
// completes. It returns the offset just past the last newline in data, or
// -1 if data completes no line. The lines of one call share one buffer,
// taken from a (the batch's arena; nil allocates one) and owned by the
// consumer until it releases the batch.
func (s *splitter) feed(dst []Line, tmpl Line, data []byte, at int64, a *arena) ([]Line, int64) {
	last := bytes.LastIndexByte(data, '\n')
	if last < 0 {
		s.hold(data)
		return dst, -1
	}
	first := bytes.IndexByte(data, '\n')
	buf := a.take(len(s.part) + last)
	dst = slices.Grow(dst, bytes.Count(data[first:last+1], []byte{'\n'}))

	emit := func(line []byte, end int, tooLong bool) {
		l := tmpl
		l.Data = line
		l.TooLong = tooLong
		l.Pos.Offset = at + int64(end) + 1
		dst = append(dst, l)
	}

	switch {
	case s.skip:
	case s.long:
		// part is handed to the consumer; the next line starts a new one.
		emit(s.part, first, true)
		s.part = nil
	default:
		buf = append(buf, s.part...)
		tooLong := len(buf)+first > s.max
		buf = append(buf, data[:min(first, s.max-len(buf))]...)
		emit(buf[:len(buf):len(buf)], first, tooLong)
	}
	s.part, s.long, s.skip = s.part[:0], false, false
	if cap(s.part) > keepCap {
		s.part = nil
	}

	for i := first + 1; i <= last; {
		j := i + bytes.IndexByte(data[i:last+1], '\n')
		line := data[i:j]
		tooLong := len(line) > s.max
		if tooLong {
			line = line[:s.max]
		}
		start := len(buf)
		buf = append(buf, line...)
		emit(buf[start:len(buf):len(buf)], j, tooLong)
		i = j + 1
	}
	s.hold(data[last+1:])
	return dst, at + int64(last) + 1
}

// hold keeps b, which holds no newline, as the start of the next line.
func (s *splitter) hold(b []byte) {
	if s.skip || s.long {
		return
	}
	if room := s.max - len(s.part); len(b) > room {
		s.part = append(s.part, b[:room]...)
		s.long = true
		return
	}
	s.part = append(s.part, b...)
}

// reset forgets any incomplete line.
func (s *splitter) reset() {
	s.part, s.long, s.skip = nil, false, false
}
