package report

import (
	"strings"
	"unicode/utf8"
)

// column is one column of a width-aware table. Columns with a higher drop
// rank are removed first when the table is wider than the terminal; the
// last column is clipped instead of dropped when it alone does not fit.
type column struct {
	title string
	drop  int // 0: never dropped
	right bool
}

// table lays rows out to fit width (0: no limit), dropping the columns the
// reader can best do without, and returns the lines. Cells must already be
// printable (clip them first): widths count runes.
//
// paint, when not nil, decorates a cell (row -1 is the title line) after
// its width was measured, so colour escapes do not skew the layout.
func layoutTable(cols []column, rows [][]string, width int, paint func(col, row int, s string) string) []string {
	if paint == nil {
		paint = func(_, _ int, s string) string { return s }
	}
	keep := make([]bool, len(cols))
	for i := range keep {
		keep[i] = true
	}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = utf8.RuneCountInString(c.title)
		for _, r := range rows {
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	const gap = 2
	total := func() int {
		n := 0
		for i := range cols {
			if keep[i] {
				n += widths[i] + gap
			}
		}
		return n - gap
	}
	// The last column is clipped rather than dropped, so when choosing
	// what to drop it counts for no more than lastMin runes.
	const lastMin = 28
	fits := func() bool {
		n := total()
		if l := len(cols) - 1; keep[l] && widths[l] > lastMin {
			n -= widths[l] - lastMin
		}
		return n <= width
	}
	for width > 0 && !fits() {
		worst := -1
		for i, c := range cols {
			if keep[i] && c.drop > 0 && (worst < 0 || c.drop > cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		keep[worst] = false
	}
	last := -1
	for i := range cols {
		if keep[i] {
			last = i
		}
	}
	if width > 0 && last >= 0 {
		if over := total() - width; over > 0 {
			widths[last] = max(widths[last]-over, 8)
		}
	}
	line := func(row int, cells []string) string {
		var b strings.Builder
		for i, c := range cols {
			if !keep[i] {
				continue
			}
			s := cells[i]
			if i == last {
				s = clipRunes(s, widths[i])
				if c.right {
					b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(s)))
				}
				b.WriteString(paint(i, row, s))
				break
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(s))
			if c.right {
				b.WriteString(pad + paint(i, row, s))
			} else {
				b.WriteString(paint(i, row, s) + pad)
			}
			b.WriteString("  ")
		}
		return strings.TrimRight(b.String(), " ")
	}
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	out := []string{line(-1, titles)}
	for i, r := range rows {
		out = append(out, line(i, r))
	}
	return out
}

// clipRunes shortens an already printable s to n runes, marking the cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
