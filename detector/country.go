package detector

import (
	"slices"

	"github.com/guardctl/guardctl/parser"
)

// Per-country throttles (fastapi-guard's geo_rate_limit): a throttle with
// countries = ["US", "CA"] counts only clients located there; one with
// "default" counts clients of every country no throttle names (and
// clients whose country is unknown). Throttles without countries count
// everyone, as before.

// scopeCountries records a throttle's countries in the compiled policy.
func (c *compiled) scopeCountries(ct *cthrottle, countries []string) {
	for _, cc := range countries {
		if cc == "default" {
			ct.dflt = true
			continue
		}
		ct.countries = append(ct.countries, cc)
		if c.named == nil {
			c.named = map[string]bool{}
		}
		c.named[cc] = true
	}
	if len(countries) > 0 {
		c.needCountry = true
	}
}

// countryOf is the event's client country, looked up only when a throttle
// needs it.
func (e *Engine) countryOf(ev *parser.Event) string {
	if !e.c.needCountry || e.country == nil {
		return ""
	}
	return e.country(ev.Client)
}

// inCountry reports whether a client of country cc is in the throttle's
// country scope.
func (th *cthrottle) inCountry(cc string, c *compiled) bool {
	if len(th.countries) == 0 && !th.dflt {
		return true
	}
	if cc != "" && slices.Contains(th.countries, cc) {
		return true
	}
	return th.dflt && !c.named[cc]
}
