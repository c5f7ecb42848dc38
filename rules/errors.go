package rules

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem in a policy file or in an allow/deny list file, with
// the place it was found.
type Error struct {
	File string // the file as named to Load, or the list file
	Line int    // 1-based; 0 when the place is not known
	// Key is the offending key, dotted, with array entries numbered from 1
	// in file order: "throttle[2].window", "allow.ips[3]". It is empty
	// for a syntax error. For an unknown key it is that key.
	Key string
	Err error

	// where is Key as shown to a person: the table part carries the
	// entry's id (`throttle[2] "login": window`). Used when placed is set
	// (it may then be empty: an unknown top-level key names itself).
	where  string
	placed bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
	}
	where := e.Key
	if e.placed {
		where = e.where
	}
	for _, part := range []string{where, errString(e.Err)} {
		if part == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(part)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Errors is every problem Load or Compile found, ordered by file and line,
// so a user fixes a file in one pass instead of one error per run.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.Is and errors.As look at every problem.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// err returns es as an error, or nil when it is empty (never a typed nil).
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	es.sort()
	return es
}

func (es Errors) sort() {
	// Problems without a line (a summary, a default the file did not
	// repeat) go after those with one.
	line := func(e *Error) int {
		if e.Line == 0 {
			return math.MaxInt
		}
		return e.Line
	}
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(line(a), line(b)),
		)
	})
}

// ErrUnknownKey is matched (errors.Is) by the error for a key the schema
// does not have.
var ErrUnknownKey = errors.New("unknown key")

// unknownKeyError names the key and suggests the closest known one.
type unknownKeyError struct {
	key   string
	known []string
}

func (e *unknownKeyError) Is(target error) bool { return target == ErrUnknownKey }

func (e *unknownKeyError) Error() string {
	msg := fmt.Sprintf("unknown key %q", e.key)
	if s := suggest(e.key, e.known); s != "" {
		return msg + fmt.Sprintf("; did you mean %q?", s)
	}
	if len(e.known) == 0 {
		return msg
	}
	return msg + "; want one of " + strings.Join(e.known, ", ")
}

// suggest returns the known word closest to s when it is close enough to
// be a typo, or "". Keys are short, so s may be capped: a 200-byte key is
// no typo of any of them.
func suggest(s string, known []string) string {
	if len(s) > 64 {
		return ""
	}
	best, bestDist := "", 0
	for _, k := range known {
		if strings.EqualFold(k, s) {
			return k
		}
		d := editDistance(strings.ToLower(s), k)
		if best == "" || d < bestDist {
			best, bestDist = k, d
		}
	}
	limit := max(1, min(len(s), len(best))/4)
	if best == "" || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b
// (bytes): Levenshtein plus adjacent transpositions, the commonest typo
// ("feild").
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// oneOf formats the accepted words of an enumeration for a message.
func oneOf(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	case 2:
		return q[0] + " or " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
