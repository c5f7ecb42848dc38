package pipeline

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMarkEscapes: markEscapes marks exactly the lines that hold a
// backslash (at a line's start or end, several in one line, in lines next
// to too-long ones that the splitter dropped), over random batches.
func TestMarkEscapes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "\\", "bc", "\\x22", " ", "\r", "\"", strings.Repeat("z", 70)}
	for round := range 200 {
		var sb strings.Builder
		for range r.IntN(60) {
			for range r.IntN(8) {
				sb.WriteString(parts[r.IntN(len(parts))])
			}
			sb.WriteByte('\n')
		}
		sp := newSplitter(strings.NewReader(sb.String()), 100)
		b := &batch{}
		for range 1000 {
			b.reset()
			sp.fill(b, 1+r.IntN(7))
			markEscapes(b)
			if len(b.esc) != len(b.starts) {
				t.Fatalf("round %d: %d marks for %d lines", round, len(b.esc), len(b.starts))
			}
			for i := range b.starts {
				want := !b.tooLong[i] && bytes.IndexByte(b.line(i), '\\') >= 0
				if b.esc[i] != want {
					t.Fatalf("round %d: line %q marked %v", round, b.line(i), b.esc[i])
				}
			}
			if errors.Is(b.err, io.EOF) {
				break
			}
		}
	}
}
