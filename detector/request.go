package detector

import (
	"bytes"

	"github.com/guardctl/guardctl/parser"
)

// request is the event being observed, with its path decoded on first use
// into a buffer the engine reuses.
type request struct {
	ev      *parser.Event
	buf     []byte
	decoded []byte
	done    bool
	cbuf    []byte // trapPath's cleaned path
}

func (r *request) reset(ev *parser.Event) {
	r.ev, r.decoded, r.done = ev, nil, false
}

// path is the request path with percent-escapes decoded once, which is
// what trap and throttle paths are written against ("/wp-login%2ephp" is
// "/wp-login.php"). Malformed escapes are kept as they are.
func (r *request) path() []byte {
	if r.done {
		return r.decoded
	}
	r.done = true
	r.decoded = r.ev.Path
	if bytes.IndexByte(r.ev.Path, '%') < 0 {
		return r.decoded
	}
	r.buf = percentDecode(r.buf[:0], r.ev.Path)
	r.decoded = r.buf
	return r.decoded
}

// trapPath is path() with empty and "." segments dropped and ".." ones
// resolved (never above the root): nginx serves "//HNAP1" (merge_slashes)
// and "/./HNAP1" as "/HNAP1", so a trap must not be evaded by them (they
// were only watched, by probe-router).
func (r *request) trapPath() []byte {
	p := r.path()
	if len(p) == 0 || p[0] != '/' || (bytes.Index(p, []byte("//")) < 0 && bytes.Index(p, []byte("/.")) < 0) {
		return p
	}
	r.cbuf = cleanPath(r.cbuf[:0], p)
	return r.cbuf
}

// cleanPath appends p (starting with '/') with empty and "." segments
// dropped and ".." segments resolved, keeping a final slash.
func cleanPath(dst, p []byte) []byte {
	dst = append(dst, '/')
	for i := 0; i < len(p); {
		for i < len(p) && p[i] == '/' {
			i++
		}
		j := i
		for j < len(p) && p[j] != '/' {
			j++
		}
		switch seg := p[i:j]; {
		case len(seg) == 0, string(seg) == ".":
		case string(seg) == "..":
			if len(dst) > 1 {
				dst = dst[:bytes.LastIndexByte(dst[:len(dst)-1], '/')+1]
			}
		default:
			dst = append(dst, seg...)
			if j < len(p) {
				dst = append(dst, '/')
			}
		}
		i = j
	}
	return dst
}

func percentDecode(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '%' && i+2 < len(src) {
			h, ok1 := unhex(src[i+1])
			l, ok2 := unhex(src[i+2])
			if ok1 && ok2 {
				dst = append(dst, h<<4|l)
				i += 2
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
