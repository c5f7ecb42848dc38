package fail2ban

import (
	"regexp"
	"strings"
)

// RE2 has no negative look-ahead. A failregex "A(?!X)B" becomes the
// pattern "AB" with an unless regex "A(?:X)" (only the alternative the
// look-ahead is in, its open groups closed): on a line where X follows A
// the pattern does not match, as fail2ban's does not, and the next pattern
// is tried. Where no such regex can be made, the look-ahead is dropped and
// listed (the pattern may match more than fail2ban's). The unless regex
// vetoes the whole line, also where A matches elsewhere without X after
// it (stricter than fail2ban); inside a repeated group ("(?:(?!X).)*") it
// tests X at the group's first position only (looser: vetoing X anywhere
// after A would veto real sshd failures). docs/fail2ban-import.md says so.

// The look-ahead travels through the rest of the conversion (tags, named
// groups) as a plain group between these markers, so its text is
// converted like the pattern's; resolveLookaheads takes it out at the end.
const laOpen, laClose = "(?:\x00", "\x01)"

// hideLookaheads turns every (?!X) into a marked group (?:\x00X\x01).
func hideLookaheads(re string) string {
	from := 0
	for {
		k := strings.Index(re[from:], "(?!")
		if k < 0 {
			return re
		}
		i := from + k
		if i > 0 && re[i-1] == '\\' {
			from = i + 3
			continue
		}
		end := groupEnd(re, i)
		if end < 0 {
			return re
		}
		re = re[:i] + laOpen + re[i+3:end-1] + laClose + re[end:]
		from = i + len(laOpen)
	}
}

// resolveLookaheads removes the marked look-aheads from re and returns
// the unless regexes that emulate them, and the look-aheads it could only
// drop.
func resolveLookaheads(re string) (out string, unless, dropped []string) {
	for {
		i := strings.Index(re, laOpen)
		if i < 0 {
			return re, unless, dropped
		}
		end := groupEnd(re, i)
		if end < 0 || !strings.HasSuffix(re[:end], laClose) {
			return strings.NewReplacer(laOpen, "(?:", laClose, ")").Replace(re), unless, dropped
		}
		x := stripLookaheads(re[i+len(laOpen) : end-len(laClose)])
		if e, open, ok := branchBefore(re, i); ok {
			e += "(?:" + x + ")" + strings.Repeat(")", open)
			if _, err := regexp.Compile(e); err == nil {
				unless = append(unless, e)
			} else {
				dropped = append(dropped, "(?!"+x+")")
			}
		} else {
			dropped = append(dropped, "(?!"+x+")")
		}
		re = re[:i] + re[end:]
	}
}

// stripLookaheads drops marked look-aheads nested in a look-ahead.
func stripLookaheads(x string) string {
	for {
		i := strings.Index(x, laOpen)
		if i < 0 {
			return x
		}
		end := groupEnd(x, i)
		if end < 0 {
			return strings.NewReplacer(laOpen, "(?:", laClose, ")").Replace(x)
		}
		x = x[:i] + x[end:]
	}
}

// branchBefore is the regex that leads to position i of re: the text
// before i, keeping in each group still open at i only the alternative i
// is in (and at the top level likewise), and how many groups are still
// open. False when i is inside a character class or the groups do not
// balance.
func branchBefore(re string, i int) (string, int, bool) {
	type frame struct{ open, body, alt int }
	var stack []frame
	topAlt := 0
	ok := true
	class := eachMeta(re, 0, i, func(j int) bool {
		switch re[j] {
		case '(': // a flag setting "(?i)" is closed by its own ')'
			body := groupBody(re, j)
			stack = append(stack, frame{open: j, body: body, alt: body})
		case ')':
			if len(stack) == 0 {
				ok = false
				return false
			}
			stack = stack[:len(stack)-1]
		case '|':
			if len(stack) == 0 {
				topAlt = j + 1
			} else {
				stack[len(stack)-1].alt = j + 1
			}
		}
		return true
	})
	if class || !ok {
		return "", 0, false
	}
	var b strings.Builder
	from := topAlt
	for _, f := range stack {
		// A malformed group head ("(?(?!x)": groupBody ran past a nested
		// group) leaves a body after the next group's start: no branch to
		// build (found by FuzzConvertRegex).
		if from > f.open || f.body > len(re) || (f.alt < f.body) {
			return "", 0, false
		}
		b.WriteString(re[from:f.open])
		b.WriteString(re[f.open:f.body])
		from = f.alt
	}
	if from > i {
		return "", 0, false
	}
	b.WriteString(re[from:i])
	return b.String(), len(stack), true
}

// groupBody is the index where the body of the group opened at j starts:
// after "(", "(?:", "(?i:", "(?P<name>" (for a flag setting "(?i)", its
// closing ")").
func groupBody(re string, j int) int {
	if j+1 >= len(re) || re[j+1] != '?' {
		return j + 1
	}
	if strings.HasPrefix(re[j:], "(?P<") {
		if k := strings.IndexByte(re[j:], '>'); k > 0 {
			return j + k + 1
		}
	}
	for k := j + 2; k < len(re); k++ {
		if re[k] == ':' {
			return k + 1
		}
		if re[k] == ')' {
			return k
		}
	}
	return j + 1
}
