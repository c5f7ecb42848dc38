package parser

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"time"
)

// appParser reads application logs (Gitea, Grafana, Nextcloud, a Flask app
// ...) with a list of regexes, each naming the kind of event it reports:
//
//	kind = "auth_failure", regex = 'Failed login for (?P<user>\S+) from (?P<host>\S+)'
//
// Named groups: host or client (the address, required; "host" is
// fail2ban's word for it), time (optional), user (optional). Patterns are
// tried in order and the first that matches decides. A pattern without a
// time group is matched against the line with its timestamp cut out
// (located by locateTime), which is how fail2ban applies a failregex, so
// imported filters keep their anchors. Like the regex format it allocates
// per line (regexp); see BenchmarkParse.
type appParser struct {
	pats   []appPattern
	ignore []*regexp.Regexp
	layout string
	clk    localClock
	needTS bool   // some pattern has no time group
	cut    []byte // the line without its timestamp
}

type appPattern struct {
	re         *regexp.Regexp
	kind       Kind
	label      string // Pattern.Label: the events' Source when set
	unless     []*regexp.Regexp
	addr, time int // submatch indexes, 0 when absent
	user       int
	spare      []netip.Prefix // Pattern.IgnoreClients
}

// spares reports whether the pattern's IgnoreClients hold addr.
func (ap *appPattern) spares(addr netip.Addr) bool {
	for _, p := range ap.spare {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// vetoed reports whether one of the pattern's Unless regexes matches.
func (ap *appPattern) vetoed(subject []byte) bool {
	for _, re := range ap.unless {
		if re.Match(subject) {
			return true
		}
	}
	return false
}

// appGroups are the group names the app format understands.
var appGroups = []string{"host", "client", "time", "user"}

func newAppParser(spec Spec, ignore []*regexp.Regexp) (*appParser, error) {
	if len(spec.Patterns) == 0 {
		return nil, fmt.Errorf("log format app: no patterns given")
	}
	p := &appParser{ignore: ignore, layout: spec.TimeLayout, clk: newLocalClock(spec.Location)}
	for i, sp := range spec.Patterns {
		re, err := regexp.Compile(sp.Regex)
		if err != nil {
			return nil, fmt.Errorf("log format app: pattern %d: %w", i+1, err)
		}
		if sp.Kind >= numKinds {
			return nil, fmt.Errorf("log format app: pattern %d: unknown event kind %d", i+1, sp.Kind)
		}
		ap := appPattern{re: re, kind: sp.Kind, label: sp.Label}
		for _, c := range sp.IgnoreClients {
			ap.spare = append(ap.spare, c.Masked())
		}
		for _, u := range sp.Unless {
			ure, err := regexp.Compile(u)
			if err != nil {
				return nil, fmt.Errorf("log format app: pattern %d: unless: %w", i+1, err)
			}
			ap.unless = append(ap.unless, ure)
		}
		for k, name := range re.SubexpNames() {
			var slot *int
			switch name {
			case "":
				continue
			case "host", "client":
				slot = &ap.addr
			case "time":
				slot = &ap.time
			case "user":
				slot = &ap.user
			default:
				names := append([]string(nil), appGroups...)
				sort.Strings(names)
				return nil, fmt.Errorf("log format app: pattern %d: unknown group name %q; want one of %s", i+1, name, strings.Join(names, ", "))
			}
			if *slot != 0 {
				return nil, fmt.Errorf("log format app: pattern %d: group %q appears twice (host and client are one group)", i+1, name)
			}
			*slot = k
		}
		if ap.addr == 0 {
			return nil, fmt.Errorf("log format app: pattern %d: a (?P<host>...) group is required", i+1)
		}
		if ap.time == 0 {
			p.needTS = true
		}
		p.pats = append(p.pats, ap)
	}
	return p, nil
}

func (p *appParser) Format() string { return FormatApp }

func (p *appParser) Parse(line []byte, ev *Event) error {
	*ev = Event{}
	line = trimSpaceRight(line)
	if len(line) == 0 {
		return lineErr(ReasonEmpty, "")
	}
	var (
		lineTime time.Time
		haveTime bool
		cut      = line
		spared   bool // a pattern matched a client it spares
	)
	if p.needTS {
		if t, s, e, ok := locateTime(line, &p.clk); ok {
			lineTime, haveTime = t, true
			p.cut = append(append(p.cut[:0], line[:s]...), line[e:]...)
			cut = p.cut
		}
	}
	for i := range p.pats {
		ap := &p.pats[i]
		subject := cut
		if ap.time != 0 {
			subject = line
		}
		m := ap.re.FindSubmatchIndex(subject)
		if m == nil || ap.vetoed(subject) {
			continue
		}
		get := func(k int) []byte {
			if k == 0 || m[2*k] < 0 {
				return nil
			}
			return subject[m[2*k]:m[2*k+1]]
		}
		addr, ok := ParseHostAddr(get(ap.addr))
		if !ok {
			return lineErr(ReasonBadClient, "host group is not an IP address")
		}
		if ap.spares(addr) {
			spared = true
			continue
		}
		ev.Peer, ev.Client = addr, addr
		switch {
		case ap.time != 0:
			if ev.Time, ok = p.parseTime(get(ap.time)); !ok {
				return lineErr(ReasonBadTime, "time group is not a known timestamp")
			}
		case haveTime:
			ev.Time = lineTime
		default:
			return lineErr(ReasonBadTime, "no timestamp found in the line")
		}
		ev.Kind = ap.kind
		ev.Source = ap.label
		ev.User = get(ap.user)
		for _, re := range p.ignore {
			if re.Match(subject) {
				*ev = Event{}
				return lineErr(ReasonIgnored, "line matches an ignore regex")
			}
		}
		return nil
	}
	if spared {
		return lineErr(ReasonIgnored, "client in the matching pattern's ignore_clients")
	}
	return lineErr(ReasonNoEvent, "no pattern matches")
}

func (p *appParser) parseTime(b []byte) (time.Time, bool) {
	if p.layout != "" {
		if t, err := time.ParseInLocation(p.layout, string(b), p.clk.loc); err == nil {
			return t.UTC(), true
		}
	}
	if t, n, ok := timeAt(b, &p.clk); ok && n == len(b) {
		return t, true
	}
	return parseAnyTime(b)
}
