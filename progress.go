package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progressBar draws bytes-read progress on a terminal's stderr. It exists
// only when stderr is a terminal and the inputs are regular files of a
// known total size, so redirected output and pipelines stay clean.
type progressBar struct {
	w     io.Writer
	total int64
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
	return &progressBar{w: w, total: total}
}

func (p *progressBar) update(read int64) {
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	pct := float64(read) / float64(p.total)
	if pct > 1 {
		pct = 1
	}
	const width = 40
	n := int(pct * width)
	bar := make([]byte, width)
	for i := range bar {
		if i < n {
			bar[i] = '#'
		} else {
			bar[i] = '.'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %3.0f%% %d/%d MiB", bar, pct*100, read>>20, p.total>>20)
	p.drawn = true
}

func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
