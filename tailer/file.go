package tailer

import (
	"io"
	"os"
	"time"
)

// file is one followed file: an open descriptor, so that a rename or an
// unlink does not take the unread bytes away, and how far it was read.
type file struct {
	id     FileID
	path   string
	source string
	f      *os.File

	off  int64 // where the next undelivered line starts
	rd   int64 // how far it was read; off..rd is held by sp
	size int64 // its size when last read
	sp   splitter

	head []byte   // its first bytes as read so far (at most HeadBytes)
	sum  [32]byte // headHash(head)

	// draining is set once no matched path points to the file any more; it
	// is read until it has not changed for DrainIdle.
	draining bool
	changed  time.Time
	// announce sends the position before the next lines, so that the
	// caller stores where a new file starts even if no line follows.
	announce bool
	// recover, when set, is the position the file had before it was
	// truncated in place: the bytes after it are read from logrotate's copy
	// before the file itself. unread is how many bytes after it had been
	// seen and not delivered, -1 if unknown (truncated while stopped).
	recover *Position
	unread  int64
}

func (f *file) pos() Position {
	return Position{
		Path:     f.path,
		Dev:      f.id.Dev,
		Inode:    f.id.Inode,
		Offset:   f.off,
		HeadLen:  len(f.head),
		HeadHash: f.sum,
	}
}

// record is a Line that carries only the file's position.
func (f *file) record(closed bool) Line {
	return Line{Source: f.source, Path: f.path, Pos: f.pos(), Closed: closed}
}

// pump delivers the lines appended to f since the last call. It notices a
// truncation first, and returns an error only when ctx is done.
func (r *run) pump(f *file) error {
	fi, err := f.f.Stat()
	if err != nil {
		r.report(f.path, "stat", err)
		return nil
	}
	size := fi.Size()
	head, err := readHead(f.f, r.hbuf)
	if err != nil {
		r.report(f.path, "read", err)
		return nil
	}
	// A file that shrank, or whose first bytes changed, was truncated in
	// place; the second test catches a truncated file that has already
	// grown past the old offset again.
	if size < f.rd || !samePrefix(head, f.head) {
		r.truncated(f)
	}
	if f.recover != nil {
		old := *f.recover
		f.recover = nil
		if err := r.recoverCopy(f, old); err != nil {
			return err
		}
		// recoverCopy reused the head buffer.
		if head, err = readHead(f.f, r.hbuf); err != nil {
			r.report(f.path, "read", err)
			return nil
		}
	}
	if len(head) > len(f.head) {
		f.head = append(f.head[:0], head...)
		f.sum = headHash(f.head)
	}

	if !f.announce && size <= f.rd {
		// Nothing new. A write after the Stat raises another event, and
		// the poll looks again anyway.
		return nil
	}
	a := r.arena()
	batch := a.batch()
	if f.announce {
		f.announce = false
		batch = append(batch, f.record(false))
	}
	tmpl := Line{Source: f.source, Path: f.path, Pos: f.pos()}
	n, unsent := 0, 0
	for {
		n, err = f.f.ReadAt(r.rbuf, f.rd)
		if n > 0 {
			var end int64
			batch, end = f.sp.feed(batch, tmpl, r.rbuf[:n], f.rd, a)
			f.rd += int64(n)
			if end >= 0 {
				f.off = end
			}
			f.changed = time.Now()
			unsent += n
			if len(batch) >= batchLines || unsent >= batchBytes {
				if err := r.sendArena(a, batch); err != nil {
					return err
				}
				a = r.arena()
				batch, unsent = a.batch(), 0
			}
		}
		if err != nil {
			if err != io.EOF {
				r.report(f.path, "read", err)
			}
			break
		}
	}
	f.size = max(size, f.rd)
	if len(batch) > 0 {
		return r.sendArena(a, batch)
	}
	if a != nil {
		a.lines = batch[:0] // kept for the next pump (r.cur), its capacity too
	}
	return nil
}

// truncated starts f over from its beginning after a truncation in place,
// and has the bytes after the old position read from logrotate's copy.
func (r *run) truncated(f *file) {
	old := f.pos()
	r.log.Info("file truncated in place", "path", f.path, "id", f.id, "offset", f.off)
	f.unread = max(f.size-f.off, 0)
	f.off, f.rd, f.size = 0, 0, 0
	f.sp.reset()
	f.head, f.sum = nil, headHash(nil)
	f.announce = true
	if old.Offset > 0 {
		f.recover = &old
	}
}

// recoverCopy reads what followed old (f's position before it was truncated
// in place) from logrotate's copy of f, if one can be found, then sends f's
// new position, then closes the copy.
//
// The order makes every prefix of what the caller stores safe to resume
// from: while the copy's lines are stored, f still has its old position, so
// a restart finds the truncation again and the copy by its head (or as a
// stored position of its own); once f's new position is stored, the copy's
// is stored too and is finished as a rotated file.
func (r *run) recoverCopy(f *file, old Position) error {
	c, followed := r.findCopy(f, old)
	switch {
	case followed:
		r.log.Info("the copy of the truncated file is already being finished", "path", f.path)
	case c == nil && f.unread == 0:
		// Everything seen was delivered; only lines written in the
		// moment before the truncation could be missing.
		r.log.Info("file was truncated and no copy of it was found", "path", f.path, "offset", old.Offset)
	case c == nil:
		r.log.Warn("file was truncated and no copy of it was found; lines written after the last delivered one and before the truncation are lost",
			"path", f.path, "offset", old.Offset, "unread_bytes_seen", f.unread)
	default:
		r.log.Info("reading the rest of the truncated file from its copy", "path", f.path, "copy", c.path, "offset", old.Offset)
		if err := r.pump(c); err != nil {
			c.f.Close()
			return err
		}
		if c.rd > c.off {
			r.log.Warn("copy of a truncated file ends with an incomplete line", "copy", c.path, "bytes", c.rd-c.off)
		}
	}
	f.announce = false
	if err := r.send([]Line{f.record(false)}); err != nil {
		if c != nil {
			c.f.Close()
		}
		return err
	}
	if c == nil {
		return nil
	}
	c.f.Close()
	return r.send([]Line{c.record(true)})
}
