package rules

import "slices"

// validateThrottleSources checks a throttle's sources: each must name a
// [[source]] of this config (its name, else its path: SourceConfig.Label)
// or a [[source.pattern]] label, so a typo cannot leave a throttle that
// silently counts nothing.
func (c *Config) validateThrottleSources(v *validator, at keyPath, t ThrottleConfig) {
	for j, name := range t.Sources {
		p := at.child("sources").entry(j+1, "")
		if name == "" {
			v.fail(p, "empty source name")
			continue
		}
		found := false
		for i := range c.Sources {
			s := &c.Sources[i]
			if s.Label() == name || slices.ContainsFunc(s.Patterns, func(p SourcePattern) bool { return p.Label == name }) {
				found = true
				break
			}
		}
		if !found {
			v.fail(p, "no [[source]] is named %q (a source is named by its name, else its path)", name)
		}
		for _, o := range t.Sources[:j] {
			if o == name {
				v.fail(p, "%q is listed twice", name)
				break
			}
		}
	}
}
