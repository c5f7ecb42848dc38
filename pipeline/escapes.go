package pipeline

import (
	"bytes"

	"github.com/guardctl/guardctl/parser"
)

// markEscapes sets b.esc[i] for each line i of b that holds a backslash
// (a log escape, \x22 ...). One scan of the whole arena costs a few cycles
// a line; it spares a parser.Clean a search of each line's fields (most
// logs have no backslash at all).
func markEscapes(b *batch) {
	n := len(b.starts)
	if cap(b.esc) < n {
		b.esc = make([]bool, n)
	}
	b.esc = b.esc[:n]
	clear(b.esc)
	a := b.arena
	i := 0 // the first line that may hold the next backslash
	for pos := 0; pos < len(a); {
		j := bytes.IndexByte(a[pos:], '\\')
		if j < 0 {
			return
		}
		pos += j
		for i < n && b.ends[i] <= pos {
			i++
		}
		if i == n {
			return
		}
		if b.starts[i] <= pos {
			b.esc[i] = true
			pos = b.ends[i] // the rest of line i need not be looked at
			i++
			continue
		}
		pos++ // outside every line
	}
}

// cleanParser is a parser.Clean seen as a Parser whose lines hold no
// backslash.
type cleanParser struct {
	parser.Parser
	c parser.Clean
}

func (p cleanParser) Parse(line []byte, ev *parser.Event) error { return p.c.ParseClean(line, ev) }
