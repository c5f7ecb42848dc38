// Package netset reads and normalises lists of IP networks: the text
// blocklists published as plain address lists, Spamhaus DROP/EDROP
// ("1.2.3.0/24 ; SBL123") and FireHOL .netset files, and turns any set of
// prefixes into the non-overlapping form a kernel interval set accepts.
package netset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/guardctl/guardctl/firewall"
)

// maxLine is the longest line read; longer lines are counted bad and
// skipped (a list is one entry a line, a few dozen bytes).
const maxLine = 4 << 10

// Stats says what a parse saw besides the entries.
type Stats struct {
	Lines    int      // lines read
	Entries  int      // prefixes returned
	Bad      int      // lines that were neither an entry, a comment nor blank
	Examples []string // the first few bad lines, for messages
}

// ErrMalformed is returned when a download does not look like a list:
// more bad lines than good ones (an HTML error page, a captive portal), or
// no entry at all.
var ErrMalformed = errors.New("not an address list")

// Parse reads a list: one entry a line, an IPv4/IPv6 address, a CIDR
// network or a range "a-b"; anything after the first blank or a "#" or
// ";" is a comment. A network with host bits set is a bad line, not
// masked: a line cut short ("203.0.113.0/24" to "203.0.113.0/2") would
// otherwise widen to a quarter of IPv4; FireHOL, Spamhaus and the cloud
// range documents publish proper networks. Bad lines are counted and
// skipped. Parse fails only on a read error or when the input is not a
// list at all (see ErrMalformed); an empty list is not an error here.
func Parse(r io.Reader) ([]netip.Prefix, Stats, error) { return parse(r, false) }

// ParseDownload is Parse for a downloaded body: an entry on a last line
// with no newline is counted bad and skipped, since a transfer cut short
// ends that way and the cut can leave a shorter, wider network. A file
// written by hand often lacks the final newline; use Parse for those.
func ParseDownload(r io.Reader) ([]netip.Prefix, Stats, error) { return parse(r, true) }

func parse(r io.Reader, download bool) ([]netip.Prefix, Stats, error) {
	var st Stats
	var out []netip.Prefix
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br)
		if len(line) > 0 || err == nil {
			st.Lines++
			if st.Lines == 1 {
				line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			}
			n := len(out)
			out = st.add(out, line)
			if download && err == io.EOF && len(out) > n {
				out = out[:n]
				st.bad("unterminated last line " + string(line))
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, st, fmt.Errorf("read list: %w", err)
		}
	}
	st.Entries = len(out)
	if st.Bad > 0 && st.Bad > st.Entries {
		return nil, st, fmt.Errorf("%w: %d bad lines and %d entries (first: %q)", ErrMalformed, st.Bad, st.Entries, st.Examples[0])
	}
	return out, st, nil
}

// readLine returns the next line without its end; an overlong line is
// returned as a marker that never parses.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = br.ReadSlice('\n')
		}
		if err == io.EOF {
			err = nil
		}
		return []byte("\x00overlong"), err
	}
	if len(line) > maxLine {
		line = []byte("\x00overlong")
	}
	return bytes.TrimRight(line, "\r\n"), err
}

func (st *Stats) add(out []netip.Prefix, line []byte) []netip.Prefix {
	if i := bytes.IndexAny(line, "#;"); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return out
	}
	if i := bytes.IndexAny(line, " \t,"); i >= 0 {
		line = line[:i] // "1.2.3.4 some-note", "1.2.3.4,label"
	}
	ps, err := ParseEntry(string(line))
	if err != nil {
		st.bad(string(line))
		return out
	}
	return append(out, ps...)
}

func (st *Stats) bad(line string) {
	st.Bad++
	if len(st.Examples) < 3 {
		st.Examples = append(st.Examples, truncate(line, 60))
	}
}

// ParseEntry reads one entry: an address, a CIDR network or a range
// "first-last". IPv4-mapped IPv6 is the IPv4 address. /0 is refused, and
// so is a network with host bits set (see Parse).
func ParseEntry(s string) ([]netip.Prefix, error) {
	if a, b, ok := strings.Cut(s, "-"); ok {
		first, err1 := netip.ParseAddr(a)
		last, err2 := netip.ParseAddr(b)
		if err1 != nil || err2 != nil || first.Zone() != "" || last.Zone() != "" {
			return nil, fmt.Errorf("bad range %q", s)
		}
		first, last = first.Unmap(), last.Unmap()
		ps := firewall.RangePrefixes(first, last)
		if len(ps) == 0 {
			return nil, fmt.Errorf("bad range %q", s)
		}
		for _, p := range ps {
			if p.Bits() == 0 {
				return nil, fmt.Errorf("range %q covers every address", s)
			}
		}
		return ps, nil
	}
	var p netip.Prefix
	if strings.Contains(s, "/") {
		var err error
		p, err = netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("bad network %q", s)
		}
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("bad address %q", s)
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	c, err := firewall.Canonical(p)
	if err != nil {
		return nil, err
	}
	if c.Addr() != p.Addr().Unmap() {
		return nil, fmt.Errorf("network %q has host bits set (a line cut short?)", s)
	}
	return []netip.Prefix{c}, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
