package daemon

import (
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// sourceCheckWait bounds how long following the logs waits for
// checkSources. Its warnings are advice: a check stuck on a file system
// that does not answer (a hung NFS mount) must not hold the daemon's start
// or a reload, during which the main loop bans nothing.
const sourceCheckWait = 2 * time.Second

// checkSourcesBounded runs checkSources and waits for it at most wait; a
// check still running then finishes (and warns) on its own.
func checkSourcesBounded(log *slog.Logger, patterns []string, wait time.Duration) {
	waitBounded(log, patterns, wait, func() { checkSources(log, patterns) })
}

func waitBounded(log *slog.Logger, patterns []string, wait time.Duration, check func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		check()
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		log.Warn("source: checking the source files takes long (a file system not answering?); following them anyway", "sources", patterns, "waited", wait)
	}
}

// checkSources warns, when the logs are (re)followed, about a file source
// that cannot give a line: a pattern no file matches (yet), a match that
// is a directory or not a regular file, a file that cannot be opened. The
// tailer waits for such sources without a word, so a mistyped path left
// the daemon following nothing while status showed the source with 0
// lines and no reason (operator audit). They are warnings, not errors: a
// log may appear later (a site not yet deployed, logrotate between rename
// and create).
//
// Only regular files are opened, and without blocking: opening a named
// pipe nobody writes to waits for a writer forever, and at f0eb974 a
// pattern matching one (a log piped to another tool) hung the daemon's
// start before the control socket, SIGTERM unheard.
func checkSources(log *slog.Logger, patterns []string) {
	for _, p := range patterns {
		matches, err := filepath.Glob(p)
		if err != nil {
			log.Warn("source: bad file pattern; nothing is followed for it", "source", p, "err", err)
			continue
		}
		if len(matches) == 0 {
			log.Warn("source: no file matches it (yet); it is followed once one appears: check the path", "source", p)
			continue
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			switch {
			case err != nil:
				log.Warn("source: cannot read the file", "source", p, "file", m, "err", err)
			case st.IsDir():
				log.Warn("source: a directory, not a log file: nothing is read from it; name the file, or a pattern such as DIR/*.log", "source", p, "file", m)
			case !st.Mode().IsRegular():
				log.Warn("source: not a regular file (a named pipe, socket or device): it is skipped, nothing is read from it", "source", p, "file", m, "mode", st.Mode().Type().String())
			default:
				// O_NONBLOCK: the path may have been replaced by a pipe
				// since the Stat.
				f, err := os.OpenFile(m, os.O_RDONLY|syscall.O_NONBLOCK, 0)
				if err != nil {
					log.Warn("source: cannot open the file", "source", p, "file", m, "err", err)
					continue
				}
				f.Close()
			}
		}
	}
}
