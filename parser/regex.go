package parser

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// regexParser is the escape hatch for formats guardctl does not know. It is
// slower than the fixed formats and allocates for every line (regexp's
// FindSubmatchIndex returns a fresh slice); see BenchmarkParse/regex.
type regexParser struct {
	re     *regexp.Regexp
	group  [numRegexGroups]int // submatch index per group, 0 when absent
	layout string
	s      scratch
}

type regexGroup int

const (
	rgClient regexGroup = iota
	rgTime
	rgMethod
	rgPath
	rgQuery
	rgRequest
	rgURI
	rgStatus
	rgSize
	rgReferer
	rgUA
	rgXFF
	rgHost
	rgUser
	numRegexGroups
)

var regexGroupNames = [numRegexGroups]string{
	"client", "time", "method", "path", "query", "request", "uri", "status", "size",
	"referer", "ua", "xff", "host", "user",
}

func newRegexParser(expr, layout string) (*regexParser, error) {
	if expr == "" {
		return nil, fmt.Errorf("log format regex: no regex given")
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("log format regex: %w", err)
	}
	p := &regexParser{re: re, layout: layout}
	for i, name := range re.SubexpNames() {
		if name == "" {
			continue
		}
		g := -1
		for k, n := range regexGroupNames {
			if n == name {
				g = k
			}
		}
		if g < 0 {
			names := append([]string(nil), regexGroupNames[:]...)
			sort.Strings(names)
			return nil, fmt.Errorf("log format regex: unknown group name %q; want one of %s", name, strings.Join(names, ", "))
		}
		if p.group[g] != 0 {
			return nil, fmt.Errorf("log format regex: group %q appears twice", name)
		}
		p.group[g] = i
	}
	for _, g := range []regexGroup{rgClient, rgTime} {
		if p.group[g] == 0 {
			return nil, fmt.Errorf("log format regex: a (?P<%s>...) group is required", regexGroupNames[g])
		}
	}
	return p, nil
}

func (p *regexParser) Format() string { return FormatRegex }

func (p *regexParser) Parse(line []byte, ev *Event) error {
	*ev = Event{}
	p.s.reset()
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	m := p.re.FindSubmatchIndex(line)
	if m == nil {
		return lineErr(ReasonNoMatch, "line does not match the regex")
	}
	get := func(g regexGroup) ([]byte, bool) {
		k := p.group[g]
		if k == 0 || m[2*k] < 0 {
			return nil, false
		}
		return line[m[2*k]:m[2*k+1]], true
	}

	c, _ := get(rgClient)
	addr, ok := ParseHostAddr(c)
	if !ok {
		return lineErr(ReasonBadClient, "client group is not an IP address")
	}
	ev.Peer, ev.Client = addr, addr

	t, _ := get(rgTime)
	if ev.Time, ok = p.parseTime(t); !ok {
		return lineErr(ReasonBadTime, "time group is not a known timestamp")
	}
	if b, ok := get(rgStatus); ok {
		if ev.Status, ok = parseStatus(b); !ok {
			return lineErr(ReasonBadStatus, "status group is not a number 0-999")
		}
	}
	if b, ok := get(rgSize); ok && len(b) > 0 {
		if ev.Size, ok = parseSize(b); !ok {
			return lineErr(ReasonBadSize, "size group is neither digits nor \"-\"")
		}
	}
	if b, ok := get(rgRequest); ok {
		splitRequest(p.s.unescape(b), ev)
	}
	if b, ok := get(rgMethod); ok && len(b) > 0 && ev.Method == nil {
		ev.Method = b
	}
	if b, ok := get(rgURI); ok && len(b) > 0 && ev.Path == nil {
		setURI(p.s.unescape(b), ev)
	}
	if b, ok := get(rgPath); ok && len(b) > 0 && ev.Path == nil {
		ev.Path = p.s.unescape(b)
	}
	if b, ok := get(rgQuery); ok && ev.Query == nil && len(b) > 0 {
		if b[0] == '?' {
			b = b[1:]
		}
		ev.Query = p.s.unescape(b)
	}
	if b, ok := get(rgReferer); ok {
		ev.Referer = p.s.field(b)
	}
	if b, ok := get(rgUA); ok {
		ev.UA = p.s.field(b)
	}
	if b, ok := get(rgXFF); ok {
		ev.XFF = p.s.field(b)
	}
	if b, ok := get(rgUser); ok {
		ev.User = p.s.field(b)
	}
	if b, ok := get(rgHost); ok && len(b) > 0 {
		ev.Host = hostOnly(b)
	}
	emptyToNil(&ev.Referer)
	emptyToNil(&ev.UA)
	emptyToNil(&ev.XFF)
	emptyToNil(&ev.User)
	return nil
}

func (p *regexParser) parseTime(b []byte) (time.Time, bool) {
	if p.layout != "" {
		t, err := time.Parse(p.layout, string(b))
		if err == nil {
			return t.UTC(), true
		}
	}
	return parseAnyTime(b)
}

func emptyToNil(b *[]byte) {
	if len(*b) == 0 {
		*b = nil
	}
}
