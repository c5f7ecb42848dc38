package rules

import (
	"strconv"
	"strings"
)

// keyLines maps every key of a TOML document to the line it is written on,
// keyed by keyPath.String() ("throttle[2].window", "allow.ips[3]").
//
// BurntSushi/toml keeps key positions private and forgets which [[array]]
// entry a key belonged to, so semantic errors (bad duration, duplicate id,
// unknown key in the 2nd [[throttle]]) would have no line. This light scan
// of the source recovers both. It runs only on text the TOML parser already
// accepted, so it may be simple; on anything it does not follow it records
// less, it never fails.
func keyLines(text string) map[string]int {
	s := &lineScanner{s: text, line: 1, out: map[string]int{}, arrays: map[string]int{}}
	s.document()
	return s.out
}

type lineScanner struct {
	s      string
	i      int
	line   int
	out    map[string]int
	arrays map[string]int // array-of-tables path -> entries seen so far
}

func (s *lineScanner) record(p keyPath) {
	k := p.String()
	if _, ok := s.out[k]; !ok {
		s.out[k] = s.line
	}
}

func (s *lineScanner) eof() bool { return s.i >= len(s.s) }

func (s *lineScanner) hasPrefix(p string) bool { return strings.HasPrefix(s.s[s.i:], p) }

// advance moves over n bytes, counting newlines.
func (s *lineScanner) advance(n int) {
	end := min(s.i+n, len(s.s))
	s.line += strings.Count(s.s[s.i:end], "\n")
	s.i = end
}

// skipSpace skips blanks and, when newlines is set, newlines and comments.
func (s *lineScanner) skipSpace(newlines bool) {
	for !s.eof() {
		switch c := s.s[s.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
		case c == '\n' && newlines:
			s.i++
			s.line++
		case c == '#' && newlines:
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine moves to the start of the next line.
func (s *lineScanner) skipLine() {
	if j := strings.IndexByte(s.s[s.i:], '\n'); j >= 0 {
		s.i += j + 1
		s.line++
		return
	}
	s.i = len(s.s)
}

func (s *lineScanner) document() {
	var table keyPath
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		start := s.i
		switch {
		case s.hasPrefix("[["):
			s.i += 2
			keys := s.key()
			p := s.resolve(keys)
			if len(p) > 0 {
				n := s.arrays[p.String()] + 1
				s.arrays[p.String()] = n
				p = p.entry(n, "")
				s.record(p)
			}
			table = p
		case s.hasPrefix("["):
			s.i++
			p := s.resolve(s.key())
			if len(p) > 0 {
				s.record(p)
			}
			table = p
		default:
			keys := s.key()
			if len(keys) == 0 {
				break
			}
			p := table
			for _, k := range keys {
				p = p.child(k)
				s.record(p) // a.b = 1 also writes table a
			}
			s.skipSpace(false)
			if s.hasPrefix("=") {
				s.i++
				s.skipSpace(false)
				s.value(p, 0)
			}
		}
		// Whatever follows on the line is a comment or the rest of a
		// header; a line the scan did not understand is skipped whole.
		if s.i == start || !s.eof() && s.s[s.i] != '\n' {
			s.skipLine()
		}
	}
}

// resolve turns the keys of a table header into a path, numbering the
// parents that are arrays of tables with their current entry.
func (s *lineScanner) resolve(keys []string) keyPath {
	var p keyPath
	for i, k := range keys {
		p = p.child(k)
		if i == len(keys)-1 {
			break
		}
		if n := s.arrays[p.String()]; n > 0 {
			p = p.entry(n, "")
		}
	}
	return p
}

// key reads a dotted key (bare or quoted parts) and stops after it.
func (s *lineScanner) key() []string {
	var keys []string
	for {
		s.skipSpace(false)
		if s.eof() {
			return keys
		}
		switch c := s.s[s.i]; {
		case c == '"':
			str, ok := s.basicString()
			if !ok {
				return keys
			}
			keys = append(keys, str)
		case c == '\'':
			str, ok := s.literalString()
			if !ok {
				return keys
			}
			keys = append(keys, str)
		case isBareKeyChar(c):
			j := s.i
			for j < len(s.s) && isBareKeyChar(s.s[j]) {
				j++
			}
			keys = append(keys, s.s[s.i:j])
			s.i = j
		default:
			return keys
		}
		s.skipSpace(false)
		if !s.hasPrefix(".") {
			return keys
		}
		s.i++
	}
}

// basicString reads "..." on one line and returns its (unescaped) content.
func (s *lineScanner) basicString() (string, bool) {
	j := s.i + 1
	for j < len(s.s) && s.s[j] != '"' && s.s[j] != '\n' {
		if s.s[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(s.s) || s.s[j] != '"' {
		s.i = min(j, len(s.s))
		return "", false
	}
	raw := s.s[s.i : j+1]
	s.i = j + 1
	if str, err := strconv.Unquote(raw); err == nil {
		return str, true
	}
	return raw[1 : len(raw)-1], true
}

// literalString reads '...' on one line.
func (s *lineScanner) literalString() (string, bool) {
	rest := s.s[s.i+1:]
	j := strings.IndexAny(rest, "'\n")
	if j < 0 {
		s.i = len(s.s)
		return "", false
	}
	if rest[j] != '\'' {
		s.i += 1 + j // stop at the newline, which the caller counts
		return "", false
	}
	s.i += j + 2
	return rest[:j], true
}

// maxNesting bounds recursion on hostile input (arrays in arrays ...).
const maxNesting = 64

// value skips one value, recording the lines of array elements and of
// inline-table keys under p.
func (s *lineScanner) value(p keyPath, depth int) {
	if s.eof() || depth > maxNesting {
		return
	}
	switch {
	case s.hasPrefix(`"""`):
		s.multiline(`"""`, true)
	case s.hasPrefix(`'''`):
		s.multiline(`'''`, false)
	case s.s[s.i] == '"':
		s.basicString()
	case s.s[s.i] == '\'':
		s.literalString()
	case s.s[s.i] == '[':
		s.i++
		for n := 1; ; n++ {
			s.skipSpace(true)
			if s.eof() {
				return
			}
			if s.s[s.i] == ']' {
				s.i++
				return
			}
			before := s.i
			el := p.entry(n, "")
			s.record(el)
			s.value(el, depth+1)
			s.skipSpace(true)
			if s.hasPrefix(",") {
				s.i++
			} else if s.i == before {
				return // not a value the scan understands
			}
		}
	case s.s[s.i] == '{':
		s.i++
		for {
			s.skipSpace(false)
			if s.eof() {
				return
			}
			if s.s[s.i] == '}' {
				s.i++
				return
			}
			before := s.i
			kp := p
			for _, k := range s.key() {
				kp = kp.child(k)
				s.record(kp)
			}
			s.skipSpace(false)
			if s.hasPrefix("=") {
				s.i++
				s.skipSpace(false)
				s.value(kp, depth+1)
			}
			s.skipSpace(false)
			if s.hasPrefix(",") {
				s.i++
			} else if s.i == before {
				return
			}
		}
	default:
		// A bare scalar: number, boolean, date. It ends at a delimiter.
		j := strings.IndexAny(s.s[s.i:], ",]}#\n")
		if j < 0 {
			s.i = len(s.s)
			return
		}
		s.i += j
	}
}

// multiline skips a multi-line string (basic or literal), counting its
// newlines.
func (s *lineScanner) multiline(delim string, escapes bool) {
	j := s.i + len(delim)
	for j < len(s.s) {
		if escapes && s.s[j] == '\\' {
			j += 2
			continue
		}
		if strings.HasPrefix(s.s[j:], delim) {
			j += len(delim)
			// Up to two more quotes may belong to the content.
			for k := 0; k < 2 && j < len(s.s) && s.s[j] == delim[0]; k++ {
				j++
			}
			break
		}
		j++
	}
	s.advance(j - s.i)
}
