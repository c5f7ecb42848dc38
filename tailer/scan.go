package tailer

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// match is a path one of the patterns matches, with the file there now.
type match struct {
	path, source string
	id           FileID
}

// matches globs every pattern and stats what it finds. It also (re)adds the
// inotify watches on the patterns' directories: adding is idempotent, and
// doing it on every scan heals a watch lost when a directory was removed
// and created again.
func (r *run) matches() []match {
	var ms []match
	seen := map[string]bool{}
	for _, pat := range r.opts.Patterns {
		if r.watcher != nil {
			dirs, _ := filepath.Glob(filepath.Dir(pat))
			for _, d := range dirs {
				r.report(d, "watch directory", r.watcher.Add(d))
			}
		}
		paths, _ := filepath.Glob(pat) // patterns were checked in New
		for _, p := range paths {
			if seen[p] {
				continue
			}
			seen[p] = true
			fi, err := os.Stat(p)
			if err != nil {
				r.report(p, "stat", err)
				continue
			}
			if !fi.Mode().IsRegular() {
				continue
			}
			id, ok := fileID(fi)
			if !ok {
				continue
			}
			ms = append(ms, match{path: p, source: pat, id: id})
		}
	}
	return ms
}

// scan matches the patterns again: it opens the files that are new, notes
// where followed files are now, and marks the ones no matched path points to
// any more as rotated away. The first scan also resolves the stored
// positions.
func (r *run) scan(initial bool) {
	ms := r.matches()
	if initial {
		r.openOrphans(ms)
	}
	clear(r.byPath)
	now := time.Now()
	seen := map[FileID]bool{}
	for _, m := range ms {
		f := r.files[m.id]
		if f == nil {
			nf, err := r.open(m, initial)
			r.report(m.path, "open", err)
			if err != nil {
				continue
			}
			if r.files[nf.id] != nil {
				// Replaced between stat and open by a file we follow.
				nf.f.Close()
				nf = r.files[nf.id]
			} else {
				r.files[nf.id] = nf
			}
			f = nf
		}
		if !seen[f.id] {
			seen[f.id] = true
			if f.draining {
				r.log.Info("rotated file is matched again", "path", m.path, "id", f.id)
				f.draining = false
			}
			f.path, f.source = m.path, m.source
		}
		r.byPath[m.path] = f
	}
	for id, f := range r.files {
		if !seen[id] && !f.draining {
			r.log.Info("file rotated away, reading it until it is idle", "path", f.path, "id", id, "offset", f.off)
			f.draining = true
			f.changed = now
		}
	}
}

// sourceOf names the pattern a path belongs to, for files found by identity
// rather than by pattern.
func (r *run) sourceOf(path string) (string, bool) {
	dir := filepath.Dir(path)
	for _, pat := range r.opts.Patterns {
		if ok, _ := filepath.Match(pat, path); ok {
			return pat, true
		}
	}
	for _, pat := range r.opts.Patterns {
		if ok, _ := filepath.Match(filepath.Dir(pat), dir); ok {
			return pat, true
		}
	}
	return "", false
}

// findByID looks for the file with id: at path, then next to it.
func findByID(path string, id FileID) (string, bool) {
	if fi, err := os.Stat(path); err == nil {
		if got, ok := fileID(fi); ok && got == id {
			return path, true
		}
	}
	dir := filepath.Dir(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if got, ok := fileID(fi); ok && got == id {
			return p, true
		}
	}
	return "", false
}

// sortedPositions returns the positions in a stable order, for logs and
// reproducible start-up.
func sortedPositions(m map[FileID]Position) []Position {
	ps := make([]Position, 0, len(m))
	for _, p := range m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b Position) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Dev, b.Dev), cmp.Compare(a.Inode, b.Inode))
	})
	return ps
}
