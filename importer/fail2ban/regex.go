package fail2ban

import (
	"fmt"
	"regexp"
	"strings"
)

// The address tags, as RE2. fail2ban's <HOST> also matches host names,
// which it resolves through DNS; guardctl never resolves (an attacker
// controls reverse DNS), so a host name yields no event (bad_client).
const (
	reIP4 = `(?:\d{1,3}\.){3}\d{1,3}`
	reIP6 = `(?:[0-9a-fA-F]{1,4}::?|::?){1,7}[0-9a-fA-F]{0,4}(?:%\w+)?`
	reDNS = `[\w\-.^_]*\w`
	// fail2ban allows brackets around either family ("[127.0.0.1]" of
	// monitorix): \[?(?:IP4|IP6)\]?, the group holding the bare address.
	// The whole is one group, so a stray backslash before the tag escapes
	// its "(" and the regex is refused, not read as a character class.
	reAddr = `(?:\[?(?:::f{4,6}:)?(?P<host>` + reIP4 + `|` + reIP6 + `)\]?)`
	reHost = `(?:\[?(?:::f{4,6}:)?(?P<host>` + reIP4 + `|` + reIP6 + `|` + reDNS + `)\]?)`
)

// fTagRE finds fail2ban's <F-NAME> and </F-NAME> group tags.
var fTagRE = regexp.MustCompile(`<(/?)F-([A-Z0-9_]+)>`)

// pyNamedRE finds Python named groups and references to them.
var (
	pyNamedRE = regexp.MustCompile(`\(\?P<([A-Za-z_][A-Za-z0-9_]*)>`)
	pyRefRE   = regexp.MustCompile(`\(\?P=\w+\)|\(\?\(\w+\)`)
	// nofailAltRE finds an F-NOFAIL alternative opening a group.
	nofailAltRE = regexp.MustCompile(`\(\?:<F-NOFAIL>[^<|()]*</F-NOFAIL>\|`)
	lookRE      = regexp.MustCompile(`\(\?<?[=!]`)
	backrefRE   = regexp.MustCompile(`\\[1-9]`)
	emptyMin    = regexp.MustCompile(`\{,(\d+)\}`)
	// unresolvedRE finds a <tag> left over (not a (?P<name> group).
	// Option names are lower case; upper-case <WORDS> are literal log text.
	unresolvedRE = regexp.MustCompile(`(^|[^P])<([a-z_][a-z0-9_\-/]*)>`)
)

// converted is a failregex turned into an app-format pattern.
type converted struct {
	regex string
	kind  string // "" = the jail's kind; "auth_success" for <F-MLFGAINED>
	// approx lists the negative look-aheads dropped: RE2 has none, so the
	// pattern may match lines fail2ban's would not.
	approx []string
	// unless are regexes vetoing the pattern: its negative look-aheads
	// (lookahead.go).
	unless []string
}

// convertRegex turns one fail2ban failregex (prefregex applied, tags other
// than the F-/address ones already resolved) into RE2 for the app format,
// or says why it cannot be.
func convertRegex(prefregex, failregex string) (converted, error) {
	re, err := withPrefregex(prefregex, failregex)
	if err != nil {
		return converted{}, err
	}
	var out converted
	// "(?:<F-NOFAIL>publickey</F-NOFAIL>|\S+)": the NOFAIL alternative
	// only spares a case from counting; the rest of the group stays.
	re = nofailAltRE.ReplaceAllString(re, "(?:")
	switch {
	case strings.Contains(re, "<SKIPLINES>"):
		return out, fmt.Errorf("<SKIPLINES>: a multi-line match (guardctl matches one line at a time)")
	case strings.Contains(re, "<F-NOFAIL>"):
		return out, fmt.Errorf("<F-NOFAIL>: the line is not a failure by itself (fail2ban's multi-line bookkeeping); not needed")
	case strings.Contains(re, "<F-MLFFORGET>") && !strings.Contains(re, "<F-MLFGAINED>"):
		return out, fmt.Errorf("<F-MLFFORGET>: ends a multi-line session; not a failure")
	case strings.Contains(re, "<F-MLFGAINED>"):
		out.kind = "auth_success"
	}
	re, conds := approxConditionals(re)
	re, refs := approxBackrefs(re)
	re = hideLookaheads(re)
	out.approx = append(conds, refs...)
	if m := pyRefRE.FindString(re); m != "" {
		return out, fmt.Errorf("%s: named back-references are Python-only (RE2 has none)", m)
	}
	if m := lookRE.FindString(re); m != "" {
		return out, fmt.Errorf("%s...: look-ahead/look-behind is Python-only (RE2 has none)", m)
	}
	if m := backrefRE.FindString(re); m != "" {
		return out, fmt.Errorf("%s: back-references are Python-only (RE2 has none)", m)
	}
	// Python named groups are fail2ban's own bookkeeping; only the tags
	// below become guardctl's host and user groups.
	re = pyNamedRE.ReplaceAllStringFunc(re, func(m string) string {
		if n := pyNamedRE.FindStringSubmatch(m)[1]; n == "host" {
			return m
		}
		return "(?:"
	})
	user := false
	re = fTagRE.ReplaceAllStringFunc(re, func(m string) string {
		sm := fTagRE.FindStringSubmatch(m)
		if sm[1] == "/" {
			return ")"
		}
		if (sm[2] == "USER" || sm[2] == "ALT_USER") && !user {
			user = true
			return "(?P<user>"
		}
		return "(?:"
	})
	host := false
	for _, t := range []struct{ tag, re string }{{"<HOST>", reHost}, {"<ADDR>", reAddr},
		{"<IP4>", `(?P<host>` + reIP4 + `)`}, {"<IP6>", `\[?(?P<host>` + reIP6 + `)\]?`}, {"<DNS>", `(?P<host>` + reDNS + `)`},
		{"<CIDR>", `(?P<host>` + reIP4 + `|` + reIP6 + `)(?:/\d+)?`}, {"<SUBNET>", `(?P<host>` + reIP4 + `|` + reIP6 + `)(?:/\d+)?`}} {
		for strings.Contains(re, t.tag) {
			r := t.re
			if host {
				r = strings.Replace(r, "(?P<host>", "(?:", 1)
			}
			re = strings.Replace(re, t.tag, r, 1)
			host = true
		}
	}
	if !host && !strings.Contains(re, "(?P<host>") {
		return out, fmt.Errorf("no <HOST> or <ADDR>: the failure names no client")
	}
	re = strings.ReplaceAll(re, `\Z`, `\z`)
	re = emptyMin.ReplaceAllString(re, "{0,$1}")
	re = strings.ReplaceAll(re, "<F-PORT/>", "")
	if m := unresolvedRE.FindStringSubmatch(re); m != nil {
		return out, fmt.Errorf("<%s>: unresolved tag (an option this filter expects from its jail)", m[2])
	}
	re, unless, dropped := resolveLookaheads(re)
	out.approx = append(out.approx, dropped...)
	out.unless = unless
	if _, err := regexp.Compile(re); err != nil {
		return out, fmt.Errorf("not RE2: %v", err)
	}
	out.regex = re
	return out, nil
}

// withPrefregex puts a failregex (or an ignoreregex) where the
// prefregex's <F-CONTENT> group is: fail2ban matches it against what that
// group captured.
func withPrefregex(prefregex, re string) (string, error) {
	if prefregex == "" {
		return re, nil
	}
	const open, close = "<F-CONTENT>", "</F-CONTENT>"
	i, j := strings.Index(prefregex, open), strings.Index(prefregex, close)
	if i < 0 || j < i {
		return "", fmt.Errorf("prefregex has no <F-CONTENT> group")
	}
	// The regex searches what F-CONTENT captured: anchored at its start
	// only by its own ^ (which, inside the combined regex, would mean
	// "start of text"), free at its end unless it has $.
	inner, anchored := strings.CutPrefix(re, "^")
	lead, tail := "", ".*"
	if !anchored {
		lead = ".*?"
	}
	if strings.HasSuffix(inner, "$") && !strings.HasSuffix(inner, `\$`) {
		tail = ""
	}
	rest := prefregex[j+len(close):]
	if tail == "" && rest == "$" {
		rest = ""
	}
	return prefregex[:i] + lead + "(?:" + inner + ")" + tail + rest, nil
}

// convertIgnores turns an ignoreregex of a filter with a prefregex into
// the regexes that emulate fail2ban's two tests of it: against the line
// (the regex as written) and against the prefregex's content (the regex in
// the content's place).
func convertIgnores(prefregex, ignore string) ([]string, error) {
	plain, err := convertIgnore(ignore)
	if err != nil || prefregex == "" {
		return []string{plain}, err
	}
	in, err := withPrefregex(prefregex, ignore)
	if err != nil {
		return []string{plain}, nil
	}
	content, err := convertIgnore(in)
	if err != nil || content == plain {
		return []string{plain}, nil
	}
	return []string{plain, content}, nil
}

// convertIgnore turns an ignoreregex into RE2. Its tags (<HOST>) mean
// what they mean in a failregex, but no group is needed.
func convertIgnore(ignore string) (string, error) {
	re := ignore
	if m := pyRefRE.FindString(re); m != "" {
		return "", fmt.Errorf("%s: Python-only construct", m)
	}
	if m := lookRE.FindString(re); m != "" {
		return "", fmt.Errorf("%s...: look-ahead/look-behind is Python-only (RE2 has none)", m)
	}
	re = pyNamedRE.ReplaceAllString(re, "(?:")
	re = fTagRE.ReplaceAllStringFunc(re, func(m string) string {
		if strings.HasPrefix(m, "</") {
			return ")"
		}
		return "(?:"
	})
	for _, t := range []string{"<HOST>", "<ADDR>", "<IP4>", "<IP6>", "<DNS>"} {
		re = strings.ReplaceAll(re, t, strings.ReplaceAll(reHost, "(?P<host>", "(?:"))
	}
	re = strings.ReplaceAll(re, `\Z`, `\z`)
	re = emptyMin.ReplaceAllString(re, "{0,$1}")
	if _, err := regexp.Compile(re); err != nil {
		return "", fmt.Errorf("not RE2: %v", err)
	}
	return re, nil
}

// groupEnd is the index after the ')' closing the group opened at i.
func groupEnd(re string, i int) int {
	depth, end := 0, -1
	eachMeta(re, i, len(re), func(j int) bool {
		switch re[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				end = j + 1
				return false
			}
		}
		return true
	})
	return end
}

// eachMeta calls f with the index of every '(', ')' and '|' of
// re[from:to] outside escapes and character classes, until f returns
// false. It reports whether to fell inside a character class.
func eachMeta(re string, from, to int, f func(j int) bool) (inClass bool) {
	class := false
	for j := from; j < to; j++ {
		switch c := re[j]; {
		case c == '\\':
			j++
		case class:
			if c == ']' {
				class = false
			}
		case c == '[':
			class = true
		case c == '(' || c == ')' || c == '|':
			if !f(j) {
				return false
			}
		}
	}
	return class
}

// approxConditionals turns Python's conditional groups (?(name)A|B) into
// (?:A|B): either branch may match, whatever the named group did.
func approxConditionals(re string) (string, []string) {
	var done []string
	for {
		i := strings.Index(re, "(?(")
		if i < 0 || (i > 0 && re[i-1] == '\\') {
			return re, done
		}
		name := strings.IndexByte(re[i+3:], ')')
		end := groupEnd(re, i)
		if name < 0 || end < 0 {
			return re, done
		}
		done = append(done, re[i:i+3+name+1])
		re = re[:i] + "(?:" + re[i+3+name+1:end-1] + ")" + re[end:]
	}
}

// approxBackrefs turns each named back-reference (?P=name) into a copy of
// the pattern of the group it names ((?P<name>...) or fail2ban's
// <F-NAME>...</F-NAME>), its own groups made non-capturing: the line must
// hold something the group could match there, not necessarily the same
// text. roundcube's "user=(?P=user)" and openwebmail's
// "loginname=(?P=USER)" then match as fail2ban's do on every real line; a
// line repeating a different name there matches too (listed).
func approxBackrefs(re string) (string, []string) {
	var done []string
	for range 16 { // bounded: a filter has a handful at most
		loc := backrefNameRE.FindStringSubmatchIndex(re)
		if loc == nil {
			return re, done
		}
		name := re[loc[2]:loc[3]]
		body, ok := namedGroupPattern(re, name)
		if !ok {
			return re, done // left for convertRegex to refuse with its reason
		}
		body = pyNamedRE.ReplaceAllString(body, "(?:")
		body = fTagRE.ReplaceAllStringFunc(body, func(m string) string {
			if strings.HasPrefix(m, "</") {
				return ")"
			}
			return "(?:"
		})
		done = append(done, re[loc[0]:loc[1]])
		re = re[:loc[0]] + "(?:" + body + ")" + re[loc[1]:]
	}
	return re, done
}

// backrefNameRE finds a named back-reference and its name.
var backrefNameRE = regexp.MustCompile(`\(\?P=(\w+)\)`)

// namedGroupPattern is the pattern inside the group named name: a Python
// (?P<name>...) group, or fail2ban's <F-NAME>...</F-NAME> tag (whose group
// fail2ban names in lower case).
func namedGroupPattern(re, name string) (string, bool) {
	if i := strings.Index(re, "(?P<"+name+">"); i >= 0 {
		end := groupEnd(re, i)
		if end < 0 {
			return "", false
		}
		return re[i+len("(?P<"+name+">") : end-1], true
	}
	tag := strings.ToUpper(name)
	open, close := "<F-"+tag+">", "</F-"+tag+">"
	i := strings.Index(re, open)
	j := strings.Index(re, close)
	if i < 0 || j < i {
		return "", false
	}
	return re[i+len(open) : j], true
}
