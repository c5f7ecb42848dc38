package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gaissmai/bart"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// CompileOptions adjusts Compile.
type CompileOptions struct {
	// Dir is the directory relative list-file names are resolved against.
	// Empty means the directory of the file the Config was loaded from
	// (the working directory for a Config built in code).
	Dir string
}

// Compile validates c, reads its allow and deny list files and builds the
// immutable Policy. Every problem is reported at once as Errors: bad keys
// with their line in the policy file, bad list lines with theirs.
func (c *Config) Compile(opts CompileOptions) (*Policy, error) {
	errs := c.validate(nil)
	if len(errs) > 0 {
		return nil, errs.err()
	}
	dir := opts.Dir
	if dir == "" {
		dir = c.dir
	}
	p := &Policy{
		Mode:           c.Mode,
		IPv6Prefix:     c.IPv6Prefix,
		TrustedProxies: new(bart.Lite),
		Allow:          new(bart.Lite),
		Deny:           new(bart.Lite),
		DenyBan:        c.Deny.Ban,
		TrapBan:        c.Traps.Ban,
		Escalation: Escalation{
			Threshold:      c.Escalation.Threshold,
			Window:         c.Escalation.Window,
			BaseBan:        c.Escalation.Ban,
			Multiplier:     c.Escalation.Multiplier,
			MaxBan:         c.Escalation.MaxBan,
			BlacklistAfter: c.Escalation.BlacklistAfter,
			BlacklistBan:   c.Escalation.BlacklistBan,
			OffenceMemory:  c.Escalation.OffenceMemory,
		},
		Limits: Limits{MaxClients: c.Limits.MaxClients, IdleTTL: c.Limits.IdleTTL},
	}
	errs = append(errs, insertAll(p.TrustedProxies, c.TrustedProxies, keyPath{{key: "trusted_proxies"}}, c.src)...)
	errs = append(errs, insertAll(p.Allow, c.Allow.IPs, keyPath{{key: "allow"}}.child("ips"), c.src)...)
	errs = append(errs, insertAll(p.Deny, c.Deny.IPs, keyPath{{key: "deny"}}.child("ips"), c.src)...)
	errs = append(errs, c.readLists(p.Allow, c.Allow.Files, keyPath{{key: "allow"}}.child("files"), dir)...)
	errs = append(errs, c.readLists(p.Deny, c.Deny.Files, keyPath{{key: "deny"}}.child("files"), dir)...)

	for _, s := range c.Traps.Paths {
		p.Traps = append(p.Traps, PathMatch{Exact: s})
	}
	for _, s := range c.Traps.Prefixes {
		p.Traps = append(p.Traps, PathMatch{Prefix: s})
	}
	for _, s := range c.Traps.Regex {
		p.Traps = append(p.Traps, PathMatch{Regex: regexp.MustCompile(s)}) // validated above
	}

	for _, t := range c.Throttles {
		if t.Disabled {
			continue
		}
		p.Throttles = append(p.Throttles, c.throttle(t))
	}

	opts2 := patterns.Options{DisabledIDs: c.Patterns.DisableIDs}
	for _, cat := range c.Patterns.DisableCategories {
		opts2.DisabledCategories = append(opts2.DisabledCategories, patterns.Category(cat))
	}
	for _, cp := range c.Patterns.Custom {
		up := patterns.UserPattern{
			ID:       cp.ID,
			Category: patterns.Category(cp.Category),
			Field:    fieldOf(cp.Field),
			Regex:    cp.Regex,
			Weight:   cp.Weight,
		}
		if up.Category == "" {
			up.Category = patterns.Custom
		}
		if up.Weight == 0 {
			up.Weight = c.Escalation.Threshold
		}
		opts2.User = append(opts2.User, up)
	}
	m, err := patterns.Compile(opts2)
	if err != nil {
		errs = append(errs, c.src.errorAt(keyPath{{key: "patterns"}}, true, err))
	}
	p.Patterns = m
	c.compileBehaviour(p)
	if len(errs) > 0 {
		return nil, errs.err()
	}
	return p, nil
}

func (c *Config) throttle(t ThrottleConfig) Throttle {
	out := Throttle{
		ID:            t.ID,
		Limit:         t.Requests,
		Window:        t.Window,
		Statuses:      append([]int(nil), t.Statuses...),
		Distinct:      t.DistinctPaths,
		DistinctDepth: t.DistinctDepth,
		Weight:        t.Weight,
		Ban:           t.Ban,
		Countries:     append([]string(nil), t.Countries...),
		Sources:       append([]string(nil), t.Sources...),
	}
	if t.Event != "" {
		out.Event, _ = parser.ParseKind(t.Event) // validated
	}
	for _, m := range t.Methods {
		out.Methods = append(out.Methods, strings.ToUpper(m))
	}
	if out.Weight == 0 {
		out.Weight = c.Escalation.Threshold
	}
	switch {
	case t.Path != "":
		out.Path = &PathMatch{Exact: t.Path}
	case t.PathPrefix != "":
		out.Path = &PathMatch{Prefix: t.PathPrefix}
	case t.PathRegex != "":
		out.Path = &PathMatch{Regex: regexp.MustCompile(t.PathRegex)} // validated
	}
	return out
}

func fieldOf(s string) patterns.Field {
	switch s {
	case "path":
		return patterns.FieldPath
	case "query":
		return patterns.FieldQuery
	case "uri":
		return patterns.FieldURI
	case "ua":
		return patterns.FieldUA
	case "referer":
		return patterns.FieldReferer
	}
	return 0
}

// readLists reads list files into t; a file that cannot be opened is
// reported at its key in the policy, a bad line at its own line.
func (c *Config) readLists(t *bart.Lite, names []string, at keyPath, dir string) Errors {
	var errs Errors
	for i, name := range names {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		f, err := os.Open(path)
		if err != nil {
			errs = append(errs, c.src.errorAt(at.entry(i+1, ""), true, fmt.Errorf("list file: %w", err)))
			continue
		}
		_, err = ReadList(f, path, t)
		f.Close()
		if le, ok := err.(Errors); ok {
			errs = append(errs, le...)
		} else if err != nil {
			errs = append(errs, c.src.errorAt(at.entry(i+1, ""), true, err))
		}
	}
	return errs
}
