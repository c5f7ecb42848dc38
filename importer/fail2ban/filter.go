package fail2ban

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// filter is a fail2ban filter (filter.d/NAME.conf) resolved for one jail:
// its options applied, %(var)s and <tag> references expanded.
type filter struct {
	name         string
	failregex    []string
	ignoreregex  []string
	prefregex    string
	datepattern  string
	journalmatch string
	maxlines     string
	notes        []string // what could not be resolved, for the report
}

// tagRE finds innermost <tag> references: a tag name holds no '<', '>'
// or space, so "<mdre-<mode>>" resolves <mode> first.
var tagRE = regexp.MustCompile(`<([^<>\s]+)>`)

// maxTagRounds bounds tag expansion (values may refer to each other).
const maxTagRounds = 64

// loadFilter reads filter.d/name and resolves it with opts (the jail's
// filter = name[key=value, ...] options, and its own mode).
func loadFilter(dir, name string, opts map[string]string) (*filter, error) {
	c := newConf()
	if err := c.load(filepath.Join(dir, "filter.d", name), 0); err != nil {
		return nil, fmt.Errorf("filter %s: %w", name, err)
	}
	f := &filter{name: name}
	// Values a <tag> can name: [DEFAULT], [Definition], [Init] (in that
	// order, later wins), then the jail's options.
	vals := map[string]string{}
	for _, sec := range []string{"DEFAULT", "Definition", "Init"} {
		s := c.sections[strings.ToLower(sec)]
		if s == nil {
			continue
		}
		for _, k := range s.keys {
			v, missing := c.interp(sec, s.kv[k], opts)
			vals[k] = v
			for _, m := range missing {
				f.notes = append(f.notes, fmt.Sprintf("%s: %%(%s)s is defined nowhere", k, m))
			}
		}
	}
	for k, v := range opts {
		vals[k] = v
	}
	resolve := func(v string) string {
		for range maxTagRounds {
			changed := false
			v = tagRE.ReplaceAllStringFunc(v, func(m string) string {
				name := m[1 : len(m)-1]
				if r, ok := vals[name]; ok {
					changed = true
					return r
				}
				if i := strings.IndexByte(name, '/'); i > 0 { // <section/key>
					if r, ok := c.get(name[:i], name[i+1:]); ok {
						r, _ = c.interp(name[:i], r, opts)
						changed = true
						return r
					}
				}
				return m
			})
			if !changed {
				break
			}
		}
		return v
	}
	lines := func(k string) []string {
		var out []string
		for _, l := range strings.Split(resolve(vals[k]), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	f.failregex = lines("failregex")
	f.ignoreregex = lines("ignoreregex")
	f.prefregex = strings.TrimSpace(resolve(vals["prefregex"]))
	f.datepattern = strings.TrimSpace(resolve(vals["datepattern"]))
	f.journalmatch = strings.TrimSpace(resolve(vals["journalmatch"]))
	f.maxlines = strings.TrimSpace(vals["maxlines"])
	sort.Strings(f.notes)
	return f, nil
}

// parseFilterSpec splits a jail's filter value, "name[key=value, k2="v 2"]".
func parseFilterSpec(s string) (string, map[string]string) {
	s = strings.TrimSpace(s)
	opts := map[string]string{}
	i := strings.IndexByte(s, '[')
	if i < 0 || !strings.HasSuffix(s, "]") {
		return s, opts
	}
	name, body := strings.TrimSpace(s[:i]), s[i+1:len(s)-1]
	for _, part := range splitOptions(body) {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		opts[strings.TrimSpace(k)] = v
	}
	return name, opts
}

// splitOptions splits at commas outside quotes.
func splitOptions(s string) []string {
	var out []string
	var q byte
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
