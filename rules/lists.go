package rules

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gaissmai/bart"
)

// maxListErrors bounds the errors reported per list file: pointing the
// policy at the wrong file must give a readable message, not 100,000 lines.
const maxListErrors = 10

// maxListLine is the longest line a list file may have.
const maxListLine = 64 << 10

// ReadList adds the entries of an allow or deny list to t and returns how
// many it read. The format is one address or CIDR network per line (see
// ParsePrefix); blank lines are skipped and a "#" or ";" starts a comment,
// so published block lists such as Spamhaus DROP ("1.2.3.0/24 ; SBL123")
// load as they are. Every bad line is an *Error naming name and the line;
// all of them (up to a bound) are returned together as Errors, and t then
// holds only the good lines.
func ReadList(r io.Reader, name string, t *bart.Lite) (int, error) {
	var errs Errors
	n, bad := 0, 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxListLine)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // UTF-8 BOM
		}
		if i := bytes.IndexAny(b, "#;"); i >= 0 {
			b = b[:i]
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		p, err := ParsePrefix(string(b))
		if err != nil {
			bad++
			if bad <= maxListErrors {
				errs = append(errs, &Error{File: name, Line: line, Err: err})
			}
			continue
		}
		t.Insert(p)
		n++
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", maxListLine)
		}
		errs = append(errs, &Error{File: name, Line: line + 1, Err: err})
	}
	if bad > maxListErrors {
		errs = append(errs, &Error{File: name, Err: fmt.Errorf("%d more bad lines not shown", bad-maxListErrors)})
	}
	return n, errs.err()
}

// insertAll parses entries into t, reporting each bad one at its key.
func insertAll(t *bart.Lite, entries []string, at keyPath, src *source) Errors {
	var errs Errors
	for i, e := range entries {
		p, err := ParsePrefix(e)
		if err != nil {
			errs = append(errs, src.errorAt(at.entry(i+1, ""), true, err))
			continue
		}
		t.Insert(p)
	}
	return errs
}

// Proxies returns the trusted proxies of this source: its own
// trusted_proxies when the file set them (even to []), else top, the
// policy-wide table (Policy.TrustedProxies).
func (s *SourceConfig) Proxies(top *bart.Lite) *bart.Lite {
	if s.TrustedProxies == nil {
		return top
	}
	t := new(bart.Lite)
	for _, e := range s.TrustedProxies {
		if p, err := ParsePrefix(e); err == nil { // validated by Load
			t.Insert(p)
		}
	}
	return t
}
