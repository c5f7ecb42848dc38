package fail2ban

import (
	"regexp"
	"strings"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// fail2ban finds a line's date with the filter's datepattern, cuts it,
// and matches the failregex on the rest. guardctl locates the common
// timestamp shapes itself; for a plain strftime datepattern it does not
// locate (squirrelmail's "^%m/%d/%Y %H:%M:%S"), the importer puts the date
// into each pattern as a (?P<time>...) group parsed with the equivalent Go
// layout (the source's time_layout).

// strftime directives a datepattern may use here: their regex and Go layout.
var strftime = map[byte][2]string{
	'Y': {`\d{4}`, "2006"}, 'y': {`\d{2}`, "06"}, 'm': {`\d{2}`, "01"}, 'd': {`\d{2}`, "02"},
	'H': {`\d{2}`, "15"}, 'I': {`\d{2}`, "03"}, 'M': {`\d{2}`, "04"}, 'S': {`\d{2}`, "05"},
	'p': {`[AP]M`, "PM"}, 'b': {`[A-Z][a-z]{2}`, "Jan"}, 'a': {`[A-Z][a-z]{2}`, "Mon"},
}

// dateGroup turns an anchored strftime datepattern ("^%m/%d/%Y %H:%M:%S",
// "{^LN-BEG}..." or "^L %d/%m/%Y - ...": literal text, then directives
// and separators) into its literal, the regex that leads a pattern (the
// literal, then the date as the time group) and the Go layout of the date. False for
// anything else: regex syntax, {DATE}, %f, %z, or no year.
func dateGroup(dp string) (lit, lead, layout string, ok bool) {
	rest, anchored := strings.CutPrefix(dp, "{^LN-BEG}")
	if !anchored {
		if rest, anchored = strings.CutPrefix(dp, "^"); !anchored {
			return "", "", "", false
		}
	}
	first := strings.IndexByte(rest, '%')
	// "." is taken as the literal dot it stands for in "%d.%m.%Y"; other
	// regex syntax is refused.
	if first < 0 || strings.ContainsAny(rest, `\[](){}*+?|$^`) {
		return "", "", "", false
	}
	var re, lay strings.Builder
	year := false
	for i := first; i < len(rest); i++ {
		c := rest[i]
		if c != '%' {
			if strings.ContainsRune("0123456789", rune(c)) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
				return "", "", "", false // a letter or digit would read as a Go layout element
			}
			re.WriteString(regexp.QuoteMeta(string(c)))
			lay.WriteByte(c)
			continue
		}
		if i+1 >= len(rest) {
			return "", "", "", false
		}
		i++
		if strings.HasPrefix(rest[i:], "Ex") && i+2 < len(rest) { // %ExY, %Exy: fail2ban's checked year
			i += 2
		}
		d, known := strftime[rest[i]]
		if !known {
			return "", "", "", false
		}
		year = year || rest[i] == 'Y' || rest[i] == 'y'
		re.WriteString(d[0])
		lay.WriteString(d[1])
	}
	if !year {
		return "", "", "", false
	}
	lit = rest[:first]
	lead = "^" + regexp.QuoteMeta(lit) + "(?P<time>" + re.String() + ")"
	if _, err := regexp.Compile(lead); err != nil {
		return "", "", "", false // invalid UTF-8 in the literal (found by FuzzDateGroup)
	}
	return lit, lead, lay.String(), true
}

// locates reports whether guardctl's own timestamp search finds a date of
// this layout after the literal lit at the start of a line, and reads it
// right.
func locates(lit, layout string) bool {
	want := time.Date(2013, 10, 6, 15, 50, 41, 0, time.UTC)
	p, err := parser.New(parser.Spec{Format: parser.FormatApp, Location: time.UTC,
		Patterns: []parser.Pattern{{Regex: `probe from (?P<host>\S+)$`}}})
	if err != nil {
		return false
	}
	var ev parser.Event
	err = p.Parse([]byte(lit+want.Format(layout)+" probe from 192.0.2.1"), &ev)
	return err == nil && ev.Time.Equal(want)
}

// withDate puts the date group before a converted pattern: fail2ban
// matches the failregex on the line with the date cut, so "^X" follows
// the date directly and an unanchored regex anywhere after it.
func withDate(lead, re string) string {
	if inner, ok := strings.CutPrefix(re, "^"); ok {
		return lead + "(?:" + inner + ")"
	}
	return lead + ".*?(?:" + re + ")"
}

func layoutIf(ok bool, layout string) string {
	if ok {
		return layout
	}
	return ""
}
