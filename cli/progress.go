package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progressBar draws bytes-read progress, lines per second and the time
// left on a terminal's stderr. It exists only when stderr is a terminal and
// the inputs are regular files of a known total size, so redirected output
// and pipelines stay clean. finish erases it; callers call finish before
// writing the report, so the report never starts on the bar's line.
type progressBar struct {
	w     io.Writer
	total int64
	start time.Time
	last  time.Time
	drawn bool
}

// minProgressBytes: below this a bar would only flicker.
const minProgressBytes = 32 << 20

func newProgressBar(w io.Writer, inputs []string) *progressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return nil
		}
		st, err := os.Stat(in)
		if err != nil || !st.Mode().IsRegular() {
			return nil
		}
		total += st.Size()
	}
	if total < minProgressBytes {
		return nil
	}
	return newBar(w, total, time.Now())
}

func newBar(w io.Writer, total int64, now time.Time) *progressBar {
	return &progressBar{w: w, total: total, start: now}
}

// update redraws at most five times a second.
func (p *progressBar) update(read int64, lines uint64) {
	p.draw(read, lines, time.Now())
}

func (p *progressBar) draw(read int64, lines uint64, now time.Time) {
	if now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprint(p.w, "\r"+progressLine(read, p.total, lines, now.Sub(p.start))+"\033[K")
	p.drawn = true
}

// progressLine is one frame: "[####....]  57%  27/48 MiB  812k lines/s  ETA 3s".
func progressLine(read, total int64, lines uint64, elapsed time.Duration) string {
	pct := float64(read) / float64(total)
	pct = min(max(pct, 0), 1)
	const width = 30
	n := int(pct * width)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < n {
			bar[i] = '#'
		}
	}
	s := fmt.Sprintf("[%s] %3.0f%% %d/%d MiB", bar, pct*100, read>>20, total>>20)
	if secs := elapsed.Seconds(); secs >= 0.5 && read > 0 {
		s += "  " + humanRate(float64(lines)/secs) + " lines/s"
		left := time.Duration(float64(total-read) / float64(read) * float64(elapsed))
		s += "  ETA " + left.Round(time.Second).String()
	}
	return s
}

// humanRate prints 812345 as "812k" and 2.5e6 as "2.5M".
func humanRate(r float64) string {
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.1fM", r/1e6)
	case r >= 1e4:
		return fmt.Sprintf("%.0fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}

// finish erases the bar; safe to call more than once and on nil.
func (p *progressBar) finish() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
