package tailer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// open starts following the file at m and decides where reading begins:
//   - the stored position for the file's identity, if its head still
//     matches and it did not shrink below it;
//   - otherwise, for a file truncated in place while we were stopped, its
//     beginning, after the rest of the old content is read from the copy;
//   - for a file present at start that nothing is stored for (neither it,
//     nor its path, nor any file of its pattern), its end unless FromStart;
//   - for anything else (a file that appeared later, the successor of a
//     file rotated while we were stopped, a file new to a pattern that was
//     followed before we stopped), its beginning.
func (r *run) open(m match, initial bool) (*file, error) {
	fh, fi, err := openRegular(m.path)
	if err != nil {
		return nil, err
	}
	id, ok := fileID(fi)
	if !ok {
		fh.Close()
		return nil, errors.New("no file identity")
	}
	head, err := readHead(fh, r.hbuf)
	if err != nil {
		fh.Close()
		return nil, err
	}
	f := &file{
		id:       id,
		path:     m.path,
		source:   m.source,
		f:        fh,
		sp:       splitter{max: r.opts.MaxLine},
		head:     slices.Clone(head),
		sum:      headHash(head),
		changed:  time.Now(),
		announce: true,
	}
	size := fi.Size()
	p, stored := r.stored[id]
	switch {
	case stored:
		delete(r.stored, id)
		if headMatches(head, p.HeadLen, p.HeadHash) && size >= p.Offset {
			f.off = p.Offset
			r.log.Debug("resuming", "path", m.path, "id", id, "offset", p.Offset)
			break
		}
		r.log.Info("file was truncated or replaced while stopped, reading it from its start", "path", m.path, "id", id, "stored_offset", p.Offset)
		if p.Offset > 0 {
			f.recover, f.unread = &p, -1
		}
	case initial && !r.storedPaths[m.path] && !r.known[m.source] && !r.opts.FromStart:
		f.off, f.sp.skip = r.endOffset(fh, size)
	default:
		r.log.Info("following from the start", "path", m.path, "id", id)
	}
	f.rd, f.size = f.off, f.off
	return f, nil
}

// endOffset is where reading from the end begins: after the last complete
// line, so a line being written now is delivered once complete. A last line
// longer than the look-back is skipped to its end instead.
func (r *run) endOffset(fh *os.File, size int64) (int64, bool) {
	if size == 0 {
		return 0, false
	}
	n := min(size, int64(len(r.rbuf)))
	k, err := fh.ReadAt(r.rbuf[:n], size-n)
	if err != nil && err != io.EOF {
		return size, true
	}
	if i := bytes.LastIndexByte(r.rbuf[:k], '\n'); i >= 0 {
		return size - int64(k) + int64(i) + 1, false
	}
	if int64(k) == size {
		return 0, false
	}
	return size, true
}

// openOrphans handles the stored positions whose file is no longer at any
// matched path: files rotated away while we were stopped (or while they
// were still being read). Each is looked for by identity next to where it
// was, and read from its position until idle like any rotated file; one
// that cannot be found is reported and its position dropped.
func (r *run) openOrphans(ms []match) {
	present := map[FileID]bool{}
	for _, m := range ms {
		present[m.id] = true
	}
	for _, p := range sortedPositions(r.stored) {
		if present[p.ID()] {
			continue
		}
		delete(r.stored, p.ID())
		if f := r.openOrphan(p); f != nil {
			r.files[f.id] = f
			continue
		}
		r.early = append(r.early, Line{Path: p.Path, Pos: p, Closed: true})
	}
}

func (r *run) openOrphan(p Position) *file {
	source, ok := r.sourceOf(p.Path)
	if !ok {
		r.log.Info("stored position is outside every pattern, dropped", "path", p.Path, "id", p.ID())
		return nil
	}
	path, ok := findByID(p.Path, p.ID())
	if !ok {
		r.log.Warn("file rotated while stopped was not found; lines written to it after the stored position are lost",
			"path", p.Path, "id", p.ID(), "offset", p.Offset)
		return nil
	}
	fh, fi, err := openRegular(path)
	if err != nil {
		r.log.Warn("open rotated file", "path", path, "err", err)
		return nil
	}
	id, _ := fileID(fi)
	head, err := readHead(fh, r.hbuf)
	if err != nil || id != p.ID() || fi.Size() < p.Offset || !headMatches(head, p.HeadLen, p.HeadHash) {
		fh.Close()
		r.log.Warn("file rotated while stopped has changed; position dropped", "path", path, "id", p.ID(), "err", err)
		return nil
	}
	r.log.Info("finishing file rotated while stopped", "path", p.Path, "now", path, "id", p.ID(), "offset", p.Offset)
	return &file{
		id:       id,
		path:     p.Path,
		source:   source,
		f:        fh,
		off:      p.Offset,
		rd:       p.Offset,
		size:     p.Offset,
		sp:       splitter{max: r.opts.MaxLine},
		head:     slices.Clone(head),
		sum:      headHash(head),
		draining: true,
		changed:  time.Now(),
	}
}

// findCopy looks for logrotate's copy of f as it was at old: a file next to
// it whose name starts with f's name, whose first bytes are old's, and that
// holds at least old.Offset bytes; the newest if several do. The copy is
// returned positioned at old.Offset.
// The second result says a followed file (a copy being finished after a
// restart) has old's head, so nothing needs to be read here.
func (r *run) findCopy(f *file, old Position) (*file, bool) {
	dir, base := filepath.Dir(old.Path), filepath.Base(old.Path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	buf := make([]byte, HeadBytes)
	followed := false
	var best *file
	var bestMod time.Time
	for _, e := range ents {
		if e.Name() == base || !strings.HasPrefix(e.Name(), base) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		fh, fi, err := openRegular(path)
		if err != nil {
			continue
		}
		id, _ := fileID(fi)
		head, err := readHead(fh, buf)
		if err != nil || id == f.id || !headMatches(head, old.HeadLen, old.HeadHash) {
			fh.Close()
			continue
		}
		if r.files[id] != nil {
			followed = true
			fh.Close()
			continue
		}
		if fi.Size() < old.Offset || (best != nil && !fi.ModTime().After(bestMod)) {
			fh.Close()
			continue
		}
		if best != nil {
			best.f.Close()
		}
		bestMod = fi.ModTime()
		best = &file{
			id:      id,
			path:    path,
			source:  f.source,
			f:       fh,
			off:     old.Offset,
			rd:      old.Offset,
			size:    old.Offset,
			sp:      splitter{max: r.opts.MaxLine},
			head:    slices.Clone(head),
			sum:     headHash(head),
			changed: time.Now(),
		}
	}
	return best, best == nil && followed
}
