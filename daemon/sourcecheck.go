package daemon

import (
	"log/slog"
	"os"
	"path/filepath"
)

// checkSources warns, when the logs are (re)followed, about a file source
// that cannot give a line: a pattern no file matches (yet), a match that
// is a directory, a file that cannot be opened. The tailer waits for such
// sources without a word, so a mistyped path left the daemon following
// nothing while status showed the source with 0 lines and no reason
// (operator audit). They are warnings, not errors: a log may appear later
// (a site not yet deployed, logrotate between rename and create).
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
			default:
				f, err := os.Open(m)
				if err != nil {
					log.Warn("source: cannot open the file", "source", p, "file", m, "err", err)
					continue
				}
				f.Close()
			}
		}
	}
}
