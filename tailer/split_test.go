package tailer

import (
	"bytes"
	"fmt"
	"testing"
)

type splitLine struct {
	text    string
	end     int64
	tooLong bool
}

// splitAll feeds chunks to a splitter and returns the lines.
func splitAll(max int, skip bool, chunks ...string) []splitLine {
	s := splitter{max: max, skip: skip}
	var got []splitLine
	at := int64(0)
	for _, c := range chunks {
		ls, _ := s.feed(nil, Line{}, []byte(c), at, nil)
		at += int64(len(c))
		for _, l := range ls {
			if l.Data == nil {
				panic("nil Data for a line")
			}
			got = append(got, splitLine{string(l.Data), l.Pos.Offset, l.TooLong})
		}
	}
	return got
}

func TestSplitter(t *testing.T) {
	for _, tc := range []struct {
		name   string
		max    int
		skip   bool
		chunks []string
		want   []splitLine
	}{
		{"whole lines", 10, false, []string{"a\nbb\n"}, []splitLine{{"a", 2, false}, {"bb", 5, false}}},
		{"empty lines", 10, false, []string{"\n\nx\n"}, []splitLine{{"", 1, false}, {"", 2, false}, {"x", 4, false}}},
		{"partial held", 10, false, []string{"ab", "c", "d\ne"}, []splitLine{{"abcd", 5, false}}},
		{"exactly max", 4, false, []string{"abcd\n"}, []splitLine{{"abcd", 5, false}}},
		{"over max in one read", 4, false, []string{"abcdefg\nxy\n"}, []splitLine{{"abcd", 8, true}, {"xy", 11, false}}},
		{"over max across reads", 4, false, []string{"ab", "cdef", "gh", "i\nxy\n"}, []splitLine{{"abcd", 10, true}, {"xy", 13, false}}},
		{"max reached by part then newline", 4, false, []string{"abcd", "\n"}, []splitLine{{"abcd", 5, false}}},
		{"max by part then more", 4, false, []string{"abcd", "e\n"}, []splitLine{{"abcd", 6, true}}},
		{"skip to first newline", 10, true, []string{"tail of a line", "\nnext\n"}, []splitLine{{"next", 20, false}}},
		{"no newline yet", 10, false, []string{"abc"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitAll(tc.max, tc.skip, tc.chunks...)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSplitterOwnership: the consumer owns Data; later reads must not
// change lines already handed out, because the read buffer is reused.
func TestSplitterOwnership(t *testing.T) {
	s := splitter{max: 100}
	buf := []byte("one\ntw")
	ls, _ := s.feed(nil, Line{}, buf, 0, nil)
	copy(buf, "XXXXXX")
	ls, _ = s.feed(ls, Line{}, []byte("o\n"), 6, nil)
	copy(buf, "YYYYYY")
	if string(ls[0].Data) != "one" || string(ls[1].Data) != "two" {
		t.Errorf("got %q %q", ls[0].Data, ls[1].Data)
	}
}

// FuzzSplitter checks the splitter against a plain split of the whole
// input, whatever the read boundaries and the cap.
func FuzzSplitter(f *testing.F) {
	f.Add([]byte("a\nbb\n\nccc"), uint8(3), uint8(2))
	f.Add([]byte("0123456789\nx\n"), uint8(4), uint8(1))
	f.Add([]byte("\n\n\n"), uint8(0), uint8(0))
	f.Add(bytes.Repeat([]byte("abc\n"), 50), uint8(7), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, cut, max uint8) {
		m := int(max%16) + 1
		step := int(cut%32) + 1
		var want []splitLine
		start := 0
		for i, c := range data {
			if c != '\n' {
				continue
			}
			line := data[start:i]
			l := splitLine{string(line), int64(i + 1), len(line) > m}
			if l.tooLong {
				l.text = string(line[:m])
			}
			want = append(want, l)
			start = i + 1
		}
		var chunks []string
		for i := 0; i < len(data); i += step {
			chunks = append(chunks, string(data[i:min(i+step, len(data))]))
		}
		got := splitAll(m, false, chunks...)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("max %d step %d: got %v, want %v", m, step, got, want)
		}
	})
}
