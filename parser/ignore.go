package parser

import (
	"fmt"
	"regexp"
)

// compileIgnore compiles a source's ignore regexes (fail2ban's
// ignoreregex): lines they match are never events.
func compileIgnore(exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for i, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("ignore regex %d: %w", i+1, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// ignoring wraps a parser: a line that parses into an event but matches an
// ignore regex is skipped. The regexes run only on lines that are events,
// so the cost falls on the few lines that matter.
type ignoring struct {
	Parser
	ignore []*regexp.Regexp
}

func withIgnore(p Parser, ignore []*regexp.Regexp) Parser {
	if len(ignore) == 0 {
		return p
	}
	return &ignoring{Parser: p, ignore: ignore}
}

func (p *ignoring) Parse(line []byte, ev *Event) error {
	if err := p.Parser.Parse(line, ev); err != nil {
		return err
	}
	for _, re := range p.ignore {
		if re.Match(line) {
			return lineErr(ReasonIgnored, "line matches an ignore regex")
		}
	}
	return nil
}
