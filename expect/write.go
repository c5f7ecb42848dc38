package expect

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

// Baseline writes expectations that the report r satisfies: every banned
// client with its first reason and its ban length, unlisted clients declared
// not banned, and the summary counts. It is what `guardctl test --update`
// writes for a first baseline; a person should read it before committing.
// keep supplies the settings that are not verdicts (description, log_format,
// config), so rewriting an existing file replays the fixture the same way.
func Baseline(w io.Writer, r *report.Report, keep Settings) error {
	ew := &errw{w: w}
	ew.printf("# Expectations written by `guardctl test --update` from the verdicts of the\n")
	ew.printf("# current policy. Review them: they record what happens, not what should.\n")
	ew.printf("description = %s\n", strconv.Quote(keep.Description))
	if keep.LogFormat != "" {
		ew.printf("log_format = %s\n", strconv.Quote(keep.LogFormat))
	}
	if keep.Config != "" {
		ew.printf("config = %s\n", strconv.Quote(keep.Config))
	}
	ew.printf("unlisted_not_banned = true\n")
	for _, o := range r.Offenders {
		if o.Action != "ban" {
			continue
		}
		ew.printf("\n[[banned]]\nip = %s\n", strconv.Quote(o.IP))
		if len(o.Reasons) > 0 {
			ew.printf("rule = %s\n", strconv.Quote(o.Reasons[0]))
		}
		ew.printf("min_ban = %s\n", strconv.Quote(rules.FormatDuration(time.Duration(o.BanSeconds)*time.Second)))
	}
	s := r.Summary
	ew.printf("\n[summary]\nlines = %d\nparsed = %d\nskipped = %d\nbanned = %d\n", s.Lines, s.Parsed, s.Skipped, s.Banned)
	return ew.err
}

// Settings are the parts of an expectations file that say how to replay
// the fixture rather than what must happen.
type Settings struct {
	Description string
	LogFormat   string
	Config      string
}

type errw struct {
	w   io.Writer
	err error
}

func (e *errw) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
