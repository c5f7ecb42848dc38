package patterns

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// maxDecodeRounds bounds repeated URL decoding. Three rounds undo the double
// and triple encodings scanners use (%252e -> %2e -> .); a fourth catches
// mixed forms such as %%32%65 (Apache CVE-2021-42013). More rounds only help
// an attacker make us burn CPU.
const maxDecodeRounds = 4

// Normalized is the form the matcher compares signatures against, for
// explain output. Every field but the method is URL-decoded until stable (at most
// maxDecodeRounds rounds), has NUL bytes and overlong UTF-8 encodings of
// ASCII removed, and is ASCII lower-cased. The path also has backslashes
// turned into slashes and runs of slashes collapsed; the query has '+' read
// as a space.
type Normalized struct {
	Method  string
	Path    string
	Query   string
	Params  []Param // the query split on '&', each name and value decoded alone
	UA      string
	Referer string
}

// Param is one decoded query parameter.
type Param struct {
	Name  string
	Value string
}

// Normalize returns the normalised forms of r's fields. It allocates; the
// matcher uses the same code on reused buffers.
func Normalize(r *Request) Normalized {
	var a, b []byte
	n := Normalized{
		Method:  string(r.Method),
		Path:    string(normPath(nil, r.Path, &a, &b)),
		Query:   string(normQuery(nil, r.Query, &a, &b)),
		UA:      string(normText(nil, r.UA, &a, &b)),
		Referer: string(normText(nil, r.Referer, &a, &b)),
	}
	forEachParam(r.Query, func(name, value []byte) {
		n.Params = append(n.Params, Param{
			Name:  string(normValue(nil, name, &a, &b)),
			Value: string(normValue(nil, value, &a, &b)),
		})
	})
	return n
}

// forEachParam calls fn for each '&'-separated parameter of a raw query,
// split at its first '='; a parameter without '=' has an empty name. Only Normalize uses the callback form; the hot path
// inlines the same loop to stay allocation-free.
func forEachParam(q []byte, fn func(name, value []byte)) {
	for len(q) > 0 {
		var p []byte
		if i := bytes.IndexByte(q, '&'); i >= 0 {
			p, q = q[:i], q[i+1:]
		} else {
			p, q = q, nil
		}
		if len(p) == 0 {
			continue
		}
		name, value := []byte(nil), p // a bare parameter is all value, as the matcher sees it
		if i := bytes.IndexByte(p, '='); i >= 0 {
			name, value = p[:i], p[i+1:]
		}
		fn(name, value)
	}
}

// pathIsNormal reports whether p is already in normal form apart from
// letter case, so the matcher can compare it in place.
func pathIsNormal(p []byte) bool {
	var f uint16
	prev, prev2 := byte(0), byte(0)
	for _, c := range p {
		f |= byteTab[c]
		if c == '/' && (prev == '/' || prev == '.' && prev2 == '/') {
			return false
		}
		prev2, prev = prev, c
	}
	if prev == '.' && prev2 == '/' {
		return false // a trailing "/." segment
	}
	return f&flDirtyPath == 0
}

func queryIsNormal(q []byte) bool { return byteFlags(q)&flDirtyQuery == 0 }

// textIsNormal reports whether a user agent or referer has nothing to
// decode. IndexByte is vectorised, which beats the table loop on long ones.
func textIsNormal(t []byte) bool {
	if len(t) < 48 {
		return byteFlags(t)&(flDirtyText|flHigh) == 0
	}
	return bytes.IndexByte(t, '%') < 0 && bytes.IndexByte(t, '\\') < 0 && bytes.IndexByte(t, 0) < 0 &&
		!hasHighByte(t)
}

// hasHighByte reports a byte >= 0x80 (a possible overlong UTF-8 form),
// eight bytes at a time.
func hasHighByte(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// normPath appends the normal form of a raw path to dst. a and b are scratch
// buffers for the decoding rounds.
//
// A "." segment (/./, /%2e/, a trailing /.) is removed, as nginx and
// Apache remove it before routing: /apps/zxtm/./wizard.fcgi reaches
// wizard.fcgi, and every literal path rule would miss it otherwise. ".."
// is kept: the traversal checks read it. In place, one pass, no allocation.
func normPath(dst, src []byte, a, b *[]byte) []byte {
	d := decodeRounds(src, false, a, b)
	start := len(dst)
	for _, c := range d {
		switch {
		case c == '\\':
			c = '/'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if c == '/' {
			if n := len(dst) - start; n >= 2 && dst[len(dst)-1] == '.' && dst[len(dst)-2] == '/' {
				dst = dst[:len(dst)-1] // "/." + "/": drop the "." segment
			}
			if len(dst) > start && dst[len(dst)-1] == '/' {
				continue
			}
		}
		dst = append(dst, c)
	}
	if n := len(dst) - start; n >= 2 && dst[len(dst)-1] == '.' && dst[len(dst)-2] == '/' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// normQuery appends the normal form of a whole raw query string to dst.
// Backslashes become slashes (Windows paths, ThinkPHP's \think\app) but runs
// of slashes stay, so "http://" in a parameter survives.
func normQuery(dst, src []byte, a, b *[]byte) []byte {
	d := decodeRounds(src, true, a, b)
	for _, c := range d {
		switch {
		case c == '\\':
			c = '/'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// normValue appends the normal form of one raw query parameter name or
// value: decoded with '+' as space and lower-cased, backslashes kept (they
// matter to SQL and shell parsing).
func normValue(dst, src []byte, a, b *[]byte) []byte {
	return lowerASCII(dst, decodeRounds(src, true, a, b))
}

// normText appends the normal form of a user agent or referer.
func normText(dst, src []byte, a, b *[]byte) []byte {
	return lowerASCII(dst, decodeRounds(src, false, a, b))
}

func lowerASCII(dst, src []byte) []byte {
	for _, c := range src {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// decodeRounds decodes src until it stops changing or maxDecodeRounds is
// reached, alternating between the scratch buffers *a and *b (which it may
// grow). The result aliases one of them, or src when nothing changed. '+' is
// read as a space only in the first round: a '+' that decoding produced was
// written as %2B and is a literal plus.
func decodeRounds(src []byte, plus bool, a, b *[]byte) []byte {
	cur := src
	for round := 0; round < maxDecodeRounds; round++ {
		buf := a
		if round%2 == 1 {
			buf = b
		}
		out, changed := decodeOnce((*buf)[:0], cur, plus && round == 0)
		*buf = out
		if !changed {
			break
		}
		cur = out
	}
	return cur
}

// decodeOnce appends one round of decoding of src to dst: %XX, IIS-style
// %uXXXX, the \xHH escapes nginx and Apache write into logs, '+' as space
// when plus is set, dropping NUL bytes and folding overlong UTF-8 encodings
// of ASCII (0xC0 0xAE is '.'). Invalid escapes are kept as they are.
func decodeOnce(dst, src []byte, plus bool) ([]byte, bool) {
	changed := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '%' && i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]):
			c = unhex(src[i+1])<<4 | unhex(src[i+2])
			i += 2
			changed = true
			if c == 0 {
				continue
			}
		case c == '%' && i+5 < len(src) && (src[i+1] == 'u' || src[i+1] == 'U') &&
			isHex(src[i+2]) && isHex(src[i+3]) && isHex(src[i+4]) && isHex(src[i+5]):
			r := rune(unhex(src[i+2]))<<12 | rune(unhex(src[i+3]))<<8 |
				rune(unhex(src[i+4]))<<4 | rune(unhex(src[i+5]))
			i += 5
			changed = true
			if r >= 0xFF01 && r <= 0xFF5E {
				r -= 0xFEE0 // full-width forms of ASCII, an old IIS bypass
			}
			r = bestFitSlash(r)
			if r == 0 {
				continue
			}
			if r < utf8.RuneSelf {
				dst = append(dst, byte(r))
			} else {
				dst = utf8.AppendRune(dst, r)
			}
			continue
		case c == '\\' && i+3 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') &&
			isHex(src[i+2]) && isHex(src[i+3]):
			c = unhex(src[i+2])<<4 | unhex(src[i+3])
			i += 3
			changed = true
			if c == 0 {
				continue
			}
		case c == '+' && plus:
			c = ' '
			changed = true
		case c == 0:
			changed = true
			continue
		case (c == 0xC0 || c == 0xC1) && i+1 < len(src) && src[i+1] < 0x80 && isPathByte((c&0x1F)<<6|src[i+1]&0x3F):
			// Malformed two-byte forms old IIS decoded anyway (C1 1C is
			// '\\', C0 2E is '.'): only those that make a path separator
			// or a dot are folded.
			c = (c&0x1F)<<6 | src[i+1]&0x3F
			i++
			changed = true
		case (c == 0xC0 || c == 0xC1) && i+1 < len(src) && src[i+1]&0xC0 == 0x80:
			// Overlong two-byte form of an ASCII byte.
			c = (c&0x1F)<<6 | src[i+1]&0x3F
			i++
			changed = true
			if c == 0 {
				continue
			}
		case c >= 0xF0 && c <= 0xFC && overlongLen(c) > 0 && i+overlongLen(c) < len(src) &&
			isOverlongASCII(src[i+1:i+1+overlongLen(c)]):
			// Four- to six-byte overlong forms (F0 80 80 AF is '/'), which
			// no valid UTF-8 has and dotdotpwn-style scanners send.
			n := overlongLen(c)
			c = src[i+n-1]&0x03<<6 | src[i+n]&0x3F
			i += n
			changed = true
			if c == 0 {
				continue
			}
		case c == 0xE0 && i+2 < len(src) && (src[i+1] == 0x80 || src[i+1] == 0x81) &&
			src[i+2]&0xC0 == 0x80:
			// Overlong three-byte form of an ASCII byte (E0 80 AE is '.').
			c = (src[i+1]&0x3F)<<6 | src[i+2]&0x3F
			i += 2
			changed = true
			if c == 0 {
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst, changed
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// bestFitSlash maps the code points IIS's best-fit conversion turned into
// a slash or backslash (DIVISION SLASH, SET MINUS and two private-use
// points dotdotpwn sends), so traversals written with them are seen.
func bestFitSlash(r rune) rune {
	switch r {
	case 0x2215, 0xEFC8, 0xF025:
		return '/'
	case 0x2216:
		return '\\'
	}
	return r
}

// overlongLen is how many continuation bytes follow lead byte c in the
// four- to six-byte UTF-8 forms, 0 for other bytes.
func overlongLen(c byte) int {
	switch {
	case c == 0xF0:
		return 3
	case c == 0xF8:
		return 4
	case c == 0xFC:
		return 5
	}
	return 0
}

// isOverlongASCII reports continuation bytes that, after an F0/F8/FC lead,
// encode a value below 0x80: all 0x80 but the last two, which carry it.
func isOverlongASCII(cont []byte) bool {
	for i, b := range cont {
		if b&0xC0 != 0x80 {
			return false
		}
		if i < len(cont)-2 && b != 0x80 {
			return false
		}
	}
	return cont[len(cont)-2]&0x3E == 0
}

func isPathByte(c byte) bool { return c == '.' || c == '/' || c == '\\' }
