package cluster

import (
	"net/netip"
	"strconv"
	"strings"
)

// The marks are read with a plain ZRANGE ... BYSCORE ... WITHSCORES,
// its reply taken as go-redis's raw RESP bytes (RawCmd) and walked in
// place: go-redis's []redis.Z was a string and an interface value a mark
// (two allocations, about 420 ns of the node's CPU a mark with learning
// it hot, BenchmarkFetchHot), and near the limit every client is marked
// once a window. The reply is not built by a script on Redis's side (as
// 7ef7bbc did): a script runs whole and blocks the shared Redis for
// every node while it runs, and building the string cost Redis 1,250-
// 1,550 ns a mark against ZRANGE's 225, read by every node
// (TestFetchHotRunsNoScript).
//
// markReply is such a reply: RESP2's flat array (member, score as a bulk
// string, ...) or RESP3's array of [member, score as a double] pairs.
// Every member is read by its length, so one holding any byte (CR, LF,
// RESP's own markers) is read whole.
type markReply struct {
	rest   string
	nested bool // RESP3: each mark is an array of two
	n      int  // marks left
}

// readMarkReply reads the head of a raw ZRANGE WITHSCORES reply: the
// number of marks, or Redis's error line (WRONGTYPE for a hot key of
// another type) as errLine; ok false for anything else.
func readMarkReply(raw string) (m markReply, errLine string, ok bool) {
	line, rest, ok := cutLine(raw)
	if !ok || len(line) == 0 {
		return markReply{}, "", false
	}
	switch line[0] {
	case '-':
		return markReply{}, line[1:], true
	case '*':
	default:
		return markReply{}, "", false
	}
	n, err := strconv.Atoi(line[1:])
	if err != nil || n < 0 {
		return markReply{}, "", false
	}
	m = markReply{rest: rest, n: n}
	if n > 0 && strings.HasPrefix(rest, "*") {
		m.nested = true
	} else if n%2 != 0 {
		return markReply{}, "", false
	} else {
		m.n = n / 2
	}
	return m, "", true
}

// next cuts the next mark off the reply: its score (Redis's text of it)
// and member, both parts of the reply (nothing copied); ok false at the
// end or when the rest is not a whole mark (the rest is then dropped).
func (m *markReply) next() (score, member string, ok bool) {
	if m.n == 0 {
		return "", "", false
	}
	b := m.rest
	if m.nested {
		var line string
		if line, b, ok = cutLine(b); !ok || line != "*2" {
			m.n = 0
			return "", "", false
		}
	}
	if member, b, ok = cutBulk(b); !ok {
		m.n = 0
		return "", "", false
	}
	if strings.HasPrefix(b, ",") { // RESP3 double
		score, b, ok = cutLine(b)
		score = score[min(1, len(score)):]
	} else {
		score, b, ok = cutBulk(b)
	}
	if !ok {
		m.n = 0
		return "", "", false
	}
	m.rest, m.n = b, m.n-1
	return score, member, true
}

// cutLine cuts one CRLF-ended line off b.
func cutLine(b string) (line, rest string, ok bool) {
	i := strings.Index(b, "\r\n")
	if i < 0 {
		return "", "", false
	}
	return b[:i], b[i+2:], true
}

// cutBulk cuts one bulk string ("$<length>\r\n<bytes>\r\n") off b.
func cutBulk(b string) (s, rest string, ok bool) {
	line, b, ok := cutLine(b)
	if !ok || len(line) < 2 || line[0] != '$' {
		return "", "", false
	}
	n, err := strconv.Atoi(line[1:])
	if err != nil || n < 0 || n+2 > len(b) || b[n:n+2] != "\r\n" {
		return "", "", false
	}
	return b[:n], b[n+2:], true
}

// markKey is the client a mark names, if the name is a canonical prefix
// (what the script writes: netip.Prefix's text of a masked prefix). An
// IPv4 prefix in its canonical form ("a.b.c.d/n", no leading zeros) is
// read by parseIPv4Prefix (netip.ParsePrefix makes its error value, and
// so a copy of the name, escape: the name would be copied for every
// mark); anything else goes through netip.ParsePrefix, as every name did
// before (FuzzMarkKey: the same answer either way).
func markKey(name string) (countKey, bool) {
	if p, ok := parseIPv4Prefix(name); ok {
		return keyOf(p), p == p.Masked()
	}
	p, err := netip.ParsePrefix(name)
	if err != nil || p != p.Masked() {
		return countKey{}, false
	}
	return keyOf(p), true
}

// parseIPv4Prefix reads "a.b.c.d/n" with every number in decimal without
// a leading zero, a, b, c, d <= 255 and n <= 32; false for anything
// else (the caller then asks netip).
func parseIPv4Prefix(s string) (netip.Prefix, bool) {
	var a [4]byte
	i := 0
	num := func(max int) (int, bool) {
		start, v := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 3 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		n := i - start
		if n == 0 || (n > 1 && s[start] == '0') || v > max {
			return 0, false
		}
		return v, true
	}
	for k := range 4 {
		v, ok := num(255)
		if !ok {
			return netip.Prefix{}, false
		}
		a[k] = byte(v)
		sep := byte('.')
		if k == 3 {
			sep = '/'
		}
		if i >= len(s) || s[i] != sep {
			return netip.Prefix{}, false
		}
		i++
	}
	bits, ok := num(32)
	if !ok || i != len(s) {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(netip.AddrFrom4(a), bits), true
}
