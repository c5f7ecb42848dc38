package rules

import (
	"regexp"
	"slices"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// validateEventSource checks the [[source]] keys of error, application
// and journald sources: patterns, ignore, time_zone, name, journal_*.
func (c *Config) validateEventSource(v *validator, at keyPath, i int, s SourceConfig) {
	format := s.Format
	if format == "" {
		format = "auto"
	}
	switch {
	case format == "app" && len(s.Patterns) == 0:
		v.fail(at.child("pattern"), "missing; format = \"app\" needs at least one [[source.pattern]] with a regex and a kind")
	case format != "app" && len(s.Patterns) > 0:
		v.fail(at.child("pattern"), "only applies with format = \"app\"")
	}
	for j, p := range s.Patterns {
		pp := at.child("pattern").entry(j+1, "")
		if p.Kind != "" {
			v.enum(pp.child("kind"), p.Kind, parser.KindNames())
		}
		if re := v.regex(pp.child("regex"), p.Regex); re != nil {
			v.appGroups(pp.child("regex"), re)
		}
		for k, u := range p.Unless {
			v.regex(pp.child("unless").entry(k+1, ""), u)
		}
		v.prefixes(pp.child("ignore_clients"), p.IgnoreClients)
	}
	if len(s.Ignore) > 0 && !slices.Contains([]string{"app", "nginx_error", "apache_error"}, format) {
		v.fail(at.child("ignore"), "only applies with format = \"app\", \"nginx_error\" or \"apache_error\"")
	}
	if format == "nginx_error" || format == "apache_error" || format == "app" {
		if s.TrailingXFF {
			v.fail(at.child("trailing_xff"), "only applies to the combined, common and vhost_combined formats")
		}
		if s.TimeLayout != "" && format != "app" {
			v.fail(at.child("time_layout"), "%s has its own timestamp; set time_zone if its zone is not the machine's", format)
		}
		if len(s.JSONFields) > 0 {
			v.fail(at.child("json_fields"), "only applies with format = \"json\"")
		}
	}
	for j, e := range s.Ignore {
		v.regex(at.child("ignore").entry(j+1, ""), e)
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			v.fail(at.child("time_zone"), "unknown time zone %q (want an IANA name such as \"Europe/Berlin\", \"UTC\" or \"Local\")", s.TimeZone)
		}
	}
	for j, m := range s.JournalMatches {
		if !journalMatchRE.MatchString(m) {
			v.fail(at.child("journal_matches").entry(j+1, ""), "%q is not a journal match FIELD=VALUE (FIELD in upper case, e.g. _SYSTEMD_UNIT=nginx.service) or +", m)
		}
	}
	for j, u := range s.JournalUnits {
		if u == "" || u[0] == '-' {
			v.fail(at.child("journal_units").entry(j+1, ""), "bad unit name %q", u)
		}
	}
	if s.Name != "" {
		for j, o := range c.Sources[:i] {
			if o.Name == s.Name {
				v.fail(at.child("name"), "duplicate: source %d is also named %q", j+1, s.Name)
				break
			}
		}
	}
}

var journalMatchRE = regexp.MustCompile(`^(?:\+|[A-Z0-9_]+=.*)$`)

// appGroups checks the named groups of an app pattern.
func (v *validator) appGroups(p keyPath, re *regexp.Regexp) {
	have := false
	for _, n := range re.SubexpNames() {
		switch n {
		case "":
		case "host", "client":
			have = true
		case "time", "user":
		default:
			v.fail(p, "unknown group name %q; want host (or client), time, user", n)
			return
		}
	}
	if !have {
		v.fail(p, "needs a (?P<host>...) group: the client's address")
	}
}
