package rules

import (
	"strconv"
	"strings"
)

// keyPath names a key in the policy file: "throttle[2].window". Array
// entries are numbered from 1 in file order, the way a person counts
// "the 2nd [[throttle]]". The decoder and the line scanner build the same
// strings, which is how a semantic error finds its line.
type keyPath []keySeg

type keySeg struct {
	key   string
	index int    // 1-based entry number; 0 when the key is not an array entry
	label string // the entry's id, shown in messages only
}

// child returns p extended by key k. It never aliases p.
func (p keyPath) child(k string) keyPath {
	out := make(keyPath, len(p), len(p)+1)
	copy(out, p)
	return append(out, keySeg{key: k})
}

// entry returns p with its last key numbered i (1-based) and labelled.
func (p keyPath) entry(i int, label string) keyPath {
	out := make(keyPath, len(p))
	copy(out, p)
	if len(out) > 0 {
		out[len(out)-1].index = i
		out[len(out)-1].label = label
	}
	return out
}

// String is the lookup form, without labels.
func (p keyPath) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quoteKey(s.key))
		if s.index > 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// display renders p for a person: the table part with entry ids, then the
// last key: `throttle[2] "login": window`. With leaf false the last key is
// left out (the message itself names it, as for unknown keys).
func (p keyPath) display(leaf bool) string {
	if len(p) == 0 {
		return ""
	}
	table, last := p[:len(p)-1], p[len(p)-1]
	var b strings.Builder
	for i, s := range table {
		if i > 0 {
			b.WriteByte('.')
		}
		writeSeg(&b, s, true)
	}
	if !leaf {
		return b.String()
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	writeSeg(&b, last, false)
	return b.String()
}

func writeSeg(b *strings.Builder, s keySeg, withLabel bool) {
	b.WriteString(quoteKey(s.key))
	if s.index > 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(s.index))
		b.WriteByte(']')
	}
	if withLabel && s.label != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(s.label))
	}
}

// quoteKey writes a key the way TOML would need it: bare when it can be.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !isBareKeyChar(k[i]) {
			return strconv.Quote(k)
		}
	}
	return k
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
