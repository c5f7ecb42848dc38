package parser

import "bytes"

// Servers escape quoted fields differently: apache writes \" and \\ and
// \xHH for other bytes it will not print; nginx (escape=default) writes
// \xHH for '"', '\' and every non-printable byte; both write \n, \t etc. in
// some versions. unescapeLog undoes all of them so that rules see the bytes
// the client really sent, whichever server logged them. An unknown escape is
// kept as written: guessing would change what the attacker sent.

// appendUnescaped appends src with its log escapes undone to dst.
func appendUnescaped(dst, src []byte) []byte {
	for {
		i := bytes.IndexByte(src, '\\')
		if i < 0 || i == len(src)-1 {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		c := src[i+1]
		n := 2
		switch c {
		case '"', '\\':
			dst = append(dst, c)
		case 'n':
			dst = append(dst, '\n')
		case 't':
			dst = append(dst, '\t')
		case 'r':
			dst = append(dst, '\r')
		case 'x':
			if i+3 < len(src) {
				hi, ok1 := hexDigit(src[i+2])
				lo, ok2 := hexDigit(src[i+3])
				if ok1 && ok2 {
					dst = append(dst, hi<<4|lo)
					n = 4
					break
				}
			}
			dst = append(dst, '\\', 'x')
		default:
			dst = append(dst, '\\', c)
		}
		src = src[i+n:]
	}
}

// field returns b with log escapes undone, using the scratch buffer only
// when there is a backslash, and nil for the "-" that stands for "absent".
func (s *scratch) field(b []byte) []byte {
	if len(b) == 1 && b[0] == '-' {
		return nil
	}
	return s.unescape(b)
}

// unescape is field without the "-" rule (a request line of "-" is handled
// by the caller, a path of "-" is a path).
func (s *scratch) unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	start := len(s.buf)
	s.buf = appendUnescaped(s.buf, b)
	// Cap the capacity so a later append to the returned slice by a caller
	// cannot overwrite the next field in the buffer.
	return s.buf[start:len(s.buf):len(s.buf)]
}

// scratch owns the bytes that unescaped fields point into. It is reset at
// the start of every Parse; slices handed out earlier stay valid even when
// an append moves the buffer, because they keep the old array alive.
type scratch struct{ buf []byte }

func (s *scratch) reset() { s.buf = s.buf[:0] }
