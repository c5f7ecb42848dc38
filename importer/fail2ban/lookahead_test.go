package fail2ban

import (
	"regexp"
	"slices"
	"testing"
)

// A negative look-ahead becomes an unless regex made of the branch that
// leads to it; the pattern then matches exactly the lines fail2ban's does
// on these cases.
func TestLookaheadUnless(t *testing.T) {
	for _, tt := range []struct {
		pref, fail string
		unless     []string
		match      map[string]bool // line -> the pattern (with its vetoes) matches
	}{
		{
			// apache-auth in normal mode: mod_evasive lines are not failures.
			pref:   `^\[(:?error|(?!evasive)\S+:\S+)\] \[client <HOST>\] <F-CONTENT>.+</F-CONTENT>$`,
			fail:   `^client denied by server configuration\b`,
			unless: []string{`^\[((?:evasive))`},
			match: map[string]bool{
				"[authz_core:error] [client 192.0.2.1] client denied by server configuration: /x": true,
				"[error] [client 192.0.2.1] client denied by server configuration: /x":            true,
				"[evasive20:error] [client 192.0.2.1] client denied by server configuration: /x":  false,
			},
		},
		{
			// traefik-auth: a user "-" is no login attempt.
			fail:   `^<HOST> - (?!- )<F-USER>\S+</F-USER> \[`,
			unless: nil, // checked by match below
			match: map[string]bool{
				"192.0.2.1 - bob [06/Dec/2026:04:00:00 +0000]": true,
				"192.0.2.1 - - [06/Dec/2026:04:00:00 +0000]":   false,
			},
		},
		{
			// Inside a group with two alternatives, only the look-ahead's
			// branch is kept, the group closed.
			fail:   `^(?:root|user (?!admin)\S+) from <ADDR>$`,
			unless: []string{`^(?:user (?:admin))`},
			match: map[string]bool{
				"root from 192.0.2.1":       true,
				"user bob from 192.0.2.1":   true,
				"user admin from 192.0.2.1": false,
			},
		},
	} {
		cv, err := convertRegex(tt.pref, tt.fail)
		if err != nil {
			t.Fatalf("%q: %v", tt.fail, err)
		}
		if len(cv.approx) > 0 {
			t.Errorf("%q: look-aheads dropped %v, want them emulated", tt.fail, cv.approx)
		}
		if tt.unless != nil && !slices.Equal(cv.unless, tt.unless) {
			t.Errorf("%q: unless %q, want %q", tt.fail, cv.unless, tt.unless)
		}
		re := regexp.MustCompile(cv.regex)
		for line, want := range tt.match {
			got := re.MatchString(line)
			for _, u := range cv.unless {
				if regexp.MustCompile(u).MatchString(line) {
					got = false
				}
			}
			if got != want {
				t.Errorf("%q on %q: match %v, want %v (regex %q, unless %q)", tt.fail, line, got, want, cv.regex, cv.unless)
			}
		}
	}
}

// A look-ahead inside a character class's reach or an unbalanced place is
// dropped and listed, never turned into a wrong veto.
func TestLookaheadDropped(t *testing.T) {
	re, unless, dropped := resolveLookaheads(`a)` + laOpen + `x` + laClose + `b`)
	if re != `a)b` || len(unless) != 0 || !slices.Equal(dropped, []string{"(?!x)"}) {
		t.Errorf("unbalanced: %q %q %q", re, unless, dropped)
	}
}
