package input

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// FuzzLineReader compares LineReader with the obvious split on "\n": every
// line within the limit comes back byte for byte, every longer one is
// reported with its length, and nothing else is returned.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nlast"), uint16(0), false)
	f.Add([]byte("123456\n12345\r\n1234567"), uint16(5), true)
	f.Add(bytes.Repeat([]byte("x"), 70000), uint16(1000), false)
	f.Fuzz(func(t *testing.T, data []byte, max uint16, oneByte bool) {
		limit := int(max)
		if limit == 0 {
			limit = DefaultMaxLine
		}
		var want []string
		if len(data) > 0 {
			parts := bytes.Split(data, []byte("\n"))
			if len(parts[len(parts)-1]) == 0 {
				parts = parts[:len(parts)-1] // the newline ended the last line
			}
			for _, p := range parts {
				p = bytes.TrimSuffix(p, []byte("\r"))
				if len(p) > limit {
					want = append(want, "too long")
				} else {
					want = append(want, "line:"+string(p))
				}
			}
		}
		var src io.Reader = bytes.NewReader(data)
		if oneByte {
			src = iotest.OneByteReader(src)
		}
		r := NewLineReader(src, int(max))
		var got []string
		for i := 0; i <= len(want); i++ {
			line, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var tl *LineTooLongError
			switch {
			case errors.As(err, &tl):
				got = append(got, "too long")
			case err != nil:
				t.Fatalf("Next = %v", err)
			default:
				got = append(got, "line:"+string(line))
			}
		}
		if len(got) != len(want) {
			t.Fatalf("got %d lines, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("line %d = %.40q, want %.40q", i+1, got[i], want[i])
			}
		}
	})
}
