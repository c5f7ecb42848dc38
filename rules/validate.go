package rules

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// Accepted words of the enumerations, in the order messages list them.
var (
	modes            = []string{string(Enforce), string(Passive)}
	patternFields    = []string{"path", "query", "uri", "ua", "referer"}
	sourceFormats    = []string{"auto", "combined", "common", "vhost_combined", "json", "regex", "nginx_error", "apache_error", "app"}
	firewallBackends = []string{"nftables", "iptables", "none"}
	firewallHooks    = []string{"input", "prerouting", "forward"}
	firewallActions  = []string{"drop", "reject"}
	iptablesModes    = []string{"auto", "nft", "legacy"}
	timeLayoutNames  = []string{"clf", "rfc3339", "iso8601", "unix", "unix_ms"}
	// sourceFields names what a regex group or a json_fields key may
	// capture: the parts of a parsed request.
	sourceFields = []string{"client", "time", "method", "path", "query", "uri", "request",
		"proto", "status", "size", "referer", "ua", "xff", "host", "user"}
)

// Bounds that are policy, not syntax.
const (
	minIPv6Prefix = 32 // shorter would judge a whole ISP as one client
	maxIDLength   = 64
)

var (
	idRE       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	categoryRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	tokenRE    = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$") // RFC 9110 token
	tableRE    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,23}$`)
	groupRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
)

// validator collects the semantic problems of a decoded Config.
type validator struct {
	src  *source
	bad  map[string]bool // paths the decoder already reported
	errs Errors
}

func (v *validator) fail(p keyPath, format string, args ...any) {
	for q := p; len(q) > 0; q = q[:len(q)-1] {
		if v.bad[q.String()] || v.bad[q.entry(0, "").String()] {
			return // one message per mistake: the decoder's is enough
		}
	}
	v.bad[p.String()] = true
	v.errs = append(v.errs, v.src.errorAt(p, true, fmt.Errorf(format, args...)))
}

func (v *validator) enum(p keyPath, val string, allowed []string) bool {
	if slices.Contains(allowed, val) {
		return true
	}
	if s := suggest(val, allowed); s != "" {
		v.fail(p, "unknown value %q; did you mean %q?", val, s)
	} else {
		v.fail(p, "unknown value %q; want %s", val, oneOf(allowed))
	}
	return false
}

func (v *validator) regex(p keyPath, expr string) *regexp.Regexp {
	if expr == "" {
		v.fail(p, "missing or empty regex")
		return nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		// The syntax error's own fields, without the "error parsing
		// regexp: " its text starts with.
		var se *syntax.Error
		if errors.As(err, &se) {
			v.fail(p, "bad regex: %s: `%s`", se.Code, se.Expr)
		} else {
			v.fail(p, "bad regex: %v", err)
		}
		return nil
	}
	return re
}

func (v *validator) prefixes(p keyPath, entries []string) {
	for i, e := range entries {
		if _, err := ParsePrefix(e); err != nil {
			v.fail(p.entry(i+1, ""), "%v", err)
		}
	}
}

func (v *validator) files(p keyPath, names []string) {
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			v.fail(p.entry(i+1, ""), "empty file name")
		}
	}
}

// requestPath checks a path written for a trap or a throttle scope.
func (v *validator) requestPath(p keyPath, s string) {
	switch {
	case s == "":
		v.fail(p, "empty path")
	case s[0] != '/':
		v.fail(p, "path %q must start with \"/\"", s)
	case strings.ContainsAny(s, "?#"):
		v.fail(p, "path %q must not contain a query or fragment: paths are matched without the query string", s)
	}
}

func (v *validator) positive(p keyPath, d time.Duration, what string) {
	if d <= 0 {
		v.fail(p, "%s must be longer than 0", what)
	}
}

func pathOf(at keyPath, key string, i int, label string) keyPath {
	if len(at) > 0 {
		return at
	}
	return keyPath{{key: key, index: i, label: label}}
}

// validate checks everything that makes a Config unusable. bad holds the
// paths the decoder already reported (nil when there is no decoder).
func (c *Config) validate(bad map[string]bool) Errors {
	if bad == nil {
		bad = map[string]bool{}
	}
	v := &validator{src: c.src, bad: bad}
	root := keyPath(nil)

	v.enum(root.child("mode"), string(c.Mode), modes)
	if c.IPv6Prefix < minIPv6Prefix || c.IPv6Prefix > 128 {
		v.fail(root.child("ipv6_prefix"), "%d is out of range; want %d..128 (64 is one subscriber's LAN)", c.IPv6Prefix, minIPv6Prefix)
	}
	v.prefixes(root.child("trusted_proxies"), c.TrustedProxies)

	v.prefixes(keyPath{{key: "allow"}}.child("ips"), c.Allow.IPs)
	v.files(keyPath{{key: "allow"}}.child("files"), c.Allow.Files)
	deny := keyPath{{key: "deny"}}
	v.prefixes(deny.child("ips"), c.Deny.IPs)
	v.files(deny.child("files"), c.Deny.Files)
	v.positive(deny.child("ban"), c.Deny.Ban, "ban")

	traps := keyPath{{key: "traps"}}
	for i, s := range c.Traps.Paths {
		v.requestPath(traps.child("paths").entry(i+1, ""), s)
	}
	for i, s := range c.Traps.Prefixes {
		v.requestPath(traps.child("prefixes").entry(i+1, ""), s)
	}
	for i, s := range c.Traps.Regex {
		v.regex(traps.child("regex").entry(i+1, ""), s)
	}
	v.positive(traps.child("ban"), c.Traps.Ban, "ban")

	c.validateEscalation(v)
	c.validatePatterns(v)
	c.validateThrottles(v)
	c.validateBehaviour(v)
	c.validateSources(v)
	c.validateFirewall(v)
	c.validateDaemon(v)
	c.validateCluster(v)
	c.validateEnrich(v)
	c.validateMetrics(v)
	return v.errs
}

func (c *Config) validateEscalation(v *validator) {
	e := c.Escalation
	p := keyPath{{key: "escalation"}}
	if e.Threshold < 1 {
		v.fail(p.child("threshold"), "must be at least 1, got %d", e.Threshold)
	}
	v.positive(p.child("window"), e.Window, "window")
	v.positive(p.child("ban"), e.Ban, "ban")
	if e.Multiplier < 1 {
		v.fail(p.child("multiplier"), "must be at least 1 (1 keeps every ban the same length), got %v", e.Multiplier)
	}
	if e.MaxBan < e.Ban {
		v.fail(p.child("max_ban"), "%s is shorter than the first ban (ban = %q)", FormatDuration(e.MaxBan), FormatDuration(e.Ban))
	}
	if e.BlacklistAfter < 0 {
		v.fail(p.child("blacklist_after"), "must not be negative, got %d", e.BlacklistAfter)
	}
	if e.BlacklistAfter > 0 && e.BlacklistBan < e.Ban {
		v.fail(p.child("blacklist_ban"), "%q is shorter than the first ban (ban = %q); it must be set when blacklist_after is",
			FormatDuration(e.BlacklistBan), FormatDuration(e.Ban))
	}
	v.positive(p.child("offence_memory"), e.OffenceMemory, "offence_memory")

	l := keyPath{{key: "limits"}}
	if c.Limits.MaxClients < 1 {
		v.fail(l.child("max_clients"), "must be at least 1, got %d", c.Limits.MaxClients)
	}
	v.positive(l.child("idle_ttl"), c.Limits.IdleTTL, "idle_ttl")
	if _, err := ParseMemoryLimit(c.Limits.MemoryLimit); err != nil {
		v.fail(l.child("memory_limit"), "%v", err)
	}
	if c.Limits.IdleTTL > 0 && e.Window > c.Limits.IdleTTL {
		v.fail(l.child("idle_ttl"), "%s is shorter than escalation.window %s: a client's points would be dropped before they expire",
			FormatDuration(c.Limits.IdleTTL), FormatDuration(e.Window))
	}
}

func (c *Config) validatePatterns(v *validator) {
	p := keyPath{{key: "patterns"}}
	// Every category the catalogue has can be disabled: a list kept here
	// fell behind when the catalogue grew (ssti, nosqli, ldap ...).
	categories := patterns.Categories()
	catNames := make([]string, len(categories))
	for i, cat := range categories {
		catNames[i] = string(cat)
	}
	for i, cat := range c.Patterns.DisableCategories {
		v.enum(p.child("disable_categories").entry(i+1, ""), cat, catNames)
	}
	builtin := map[string]bool{}
	for _, info := range patterns.Catalogue() {
		builtin[info.ID] = true
	}
	custom := map[string]bool{}
	for _, cp := range c.Patterns.Custom {
		custom[cp.ID] = true
	}
	for i, id := range c.Patterns.DisableIDs {
		if !builtin[id] && !custom[id] {
			v.fail(p.child("disable_ids").entry(i+1, ""), "no pattern has id %q (see `guardctl patterns` for the catalogue)", id)
		}
	}
	throttleIDs := map[string]bool{}
	for _, t := range c.Throttles {
		throttleIDs[t.ID] = true
	}
	seen := map[string]bool{}
	for i, cp := range c.Patterns.Custom {
		at := cp.at
		if len(at) == 0 {
			at = p.child("custom").entry(i+1, cp.ID)
		}
		switch {
		case !v.id(at.child("id"), cp.ID):
		case builtin[cp.ID]:
			v.fail(at.child("id"), "id %q is already a built-in pattern; choose another", cp.ID)
		case throttleIDs[cp.ID]:
			v.fail(at.child("id"), "id %q is already a throttle's; ids name rules in reports and must be unique", cp.ID)
		case seen[cp.ID]:
			v.fail(at.child("id"), "duplicate id %q", cp.ID)
		}
		seen[cp.ID] = true
		if cp.Field == "" {
			v.fail(at.child("field"), "missing; want %s", oneOf(patternFields))
		} else {
			v.enum(at.child("field"), cp.Field, patternFields)
		}
		v.regex(at.child("regex"), cp.Regex)
		if cp.Category != "" && !categoryRE.MatchString(cp.Category) {
			v.fail(at.child("category"), "bad category %q: want lower-case letters, digits, '-' and '_'", cp.Category)
		}
		if cp.Weight < 0 {
			v.fail(at.child("weight"), "must not be negative, got %d", cp.Weight)
		}
	}
}

// id checks a rule id and reports whether it is usable.
func (v *validator) id(p keyPath, id string) bool {
	switch {
	case id == "":
		v.fail(p, "missing; every entry needs an id that names it in reports")
	case len(id) > maxIDLength:
		v.fail(p, "id is longer than %d characters", maxIDLength)
	case !idRE.MatchString(id):
		v.fail(p, "bad id %q: want letters, digits, '.', '-' and '_', starting with a letter or digit", id)
	default:
		return true
	}
	return false
}

func (c *Config) validateThrottles(v *validator) {
	builtin := map[string]bool{}
	for _, info := range patterns.Catalogue() {
		builtin[info.ID] = true
	}
	seen := map[string]bool{}
	for i, t := range c.Throttles {
		at := pathOf(t.at, "throttle", 0, t.ID)
		if len(t.at) == 0 && t.ID == "" {
			at = keyPath{{key: "throttle", index: i + 1}}
		}
		if v.id(at.child("id"), t.ID) {
			switch {
			case seen[t.ID]:
				v.fail(at.child("id"), "duplicate id %q", t.ID)
			case builtin[t.ID]:
				v.fail(at.child("id"), "id %q is already a built-in pattern; ids name rules in reports and must be unique", t.ID)
			}
			seen[t.ID] = true
		}
		if t.Requests < 1 {
			v.fail(at.child("requests"), "missing; the number of requests allowed per window")
		}
		if t.Window <= 0 {
			v.fail(at.child("window"), "missing; the time in which the requests are allowed, e.g. \"1m\"")
		} else if c.Limits.IdleTTL > 0 && t.Window > c.Limits.IdleTTL && !t.Disabled {
			v.fail(at.child("window"), "%s is longer than limits.idle_ttl %s: the client's count would be dropped before the window ends",
				FormatDuration(t.Window), FormatDuration(c.Limits.IdleTTL))
		}
		for j, m := range t.Methods {
			if !tokenRE.MatchString(m) {
				v.fail(at.child("methods").entry(j+1, ""), "bad method %q", m)
			}
		}
		for j, s := range t.Statuses {
			if s < 100 || s > 599 {
				v.fail(at.child("statuses").entry(j+1, ""), "status %d is not an HTTP status (100..599)", s)
			}
		}
		var scopes []string
		if t.Path != "" {
			scopes = append(scopes, "path")
			v.requestPath(at.child("path"), t.Path)
		}
		if t.PathPrefix != "" {
			scopes = append(scopes, "path_prefix")
			v.requestPath(at.child("path_prefix"), t.PathPrefix)
		}
		if t.PathRegex != "" {
			scopes = append(scopes, "path_regex")
			v.regex(at.child("path_regex"), t.PathRegex)
		}
		if len(scopes) > 1 {
			v.fail(at.child(scopes[1]), "set only one of path, path_prefix and path_regex (this entry sets %s)", strings.Join(scopes, " and "))
		}
		if t.Event != "" {
			v.enum(at.child("event"), t.Event, parser.KindNames())
		}
		c.validateThrottleSources(v, at, t)
		if t.DistinctDepth < 0 {
			v.fail(at.child("distinct_depth"), "must not be negative, got %d", t.DistinctDepth)
		} else if t.DistinctDepth > 0 && !t.DistinctPaths {
			v.fail(at.child("distinct_depth"), "only applies with distinct_paths = true")
		}
		if t.Weight < 0 {
			v.fail(at.child("weight"), "must not be negative, got %d", t.Weight)
		}
		if t.Ban < 0 {
			v.fail(at.child("ban"), "must not be negative")
		}
	}
}

func (c *Config) validateSources(v *validator) {
	seen := map[string]int{}
	for i, s := range c.Sources {
		at := pathOf(s.at, "source", i+1, s.Path)
		c.validateEventSource(v, at, i, s)
		switch {
		case s.Path == "" && s.IsJournal():
		case s.Path != "" && s.IsJournal():
			v.fail(at.child("path"), "a journald source (journal_units/journal_matches) has no path")
		case s.Path == "":
			v.fail(at.child("path"), "missing; the log file (or glob) to follow")
		case !filepath.IsAbs(s.Path):
			v.fail(at.child("path"), "%q is not absolute", s.Path)
		default:
			if _, err := filepath.Match(s.Path, ""); err != nil {
				v.fail(at.child("path"), "bad glob %q: %v", s.Path, err)
			}
			if prev, dup := seen[s.Path]; dup {
				v.fail(at.child("path"), "duplicate: source %d already follows %q", prev, s.Path)
			}
			seen[s.Path] = i + 1
		}
		format := s.Format
		if format == "" {
			format = "auto"
		}
		v.enum(at.child("format"), format, sourceFormats)
		switch {
		case format == "regex" && s.Regex == "":
			v.fail(at.child("regex"), "missing; format = \"regex\" needs a regex with named groups")
		case format != "regex" && s.Regex != "":
			v.fail(at.child("regex"), "only applies with format = \"regex\"")
		case s.Regex != "":
			if re := v.regex(at.child("regex"), s.Regex); re != nil {
				v.groups(at.child("regex"), re)
			}
		}
		if len(s.JSONFields) > 0 && format != "json" && format != "auto" {
			v.fail(at.child("json_fields"), "only applies with format = \"json\"")
		}
		keys := make([]string, 0, len(s.JSONFields))
		for k := range s.JSONFields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			kp := at.child("json_fields").child(k)
			if !slices.Contains(sourceFields, k) {
				if sug := suggest(k, sourceFields); sug != "" {
					v.fail(kp, "unknown field; did you mean %q?", sug)
				} else {
					v.fail(kp, "unknown field; want one of %s", strings.Join(sourceFields, ", "))
				}
			} else if s.JSONFields[k] == "" {
				v.fail(kp, "empty JSON key")
			}
		}
		if s.TimeLayout != "" && !slices.Contains(timeLayoutNames, s.TimeLayout) {
			if err := checkLayout(s.TimeLayout); err != nil {
				v.fail(at.child("time_layout"), "%v", err)
			}
		}
		v.prefixes(at.child("trusted_proxies"), s.TrustedProxies)
		if s.TrailingXFF && (format == "json" || format == "regex") {
			v.fail(at.child("trailing_xff"), "only applies to the combined, common and vhost_combined formats")
		}
	}
}

// groups checks the named groups of a source regex.
func (v *validator) groups(p keyPath, re *regexp.Regexp) {
	have := map[string]bool{}
	for _, n := range re.SubexpNames() {
		if n == "" {
			continue
		}
		if !slices.Contains(sourceFields, n) {
			if s := suggest(n, sourceFields); s != "" {
				v.fail(p, "unknown group name %q; did you mean %q?", n, s)
			} else {
				v.fail(p, "unknown group name %q; want names from %s", n, strings.Join(sourceFields, ", "))
			}
			return
		}
		have[n] = true
	}
	switch {
	case !have["client"]:
		v.fail(p, "needs a (?P<client>...) group")
	case !have["time"]:
		v.fail(p, "needs a (?P<time>...) group: the engine runs on the log's own timestamps")
	case !have["request"] && !have["uri"] && !have["path"]:
		v.fail(p, "needs a (?P<request>...), (?P<uri>...) or (?P<path>...) group")
	}
}

// checkLayout accepts a Go time layout that has at least one date or time
// element and reads back what it writes.
func checkLayout(layout string) error {
	ref := time.Date(2024, time.March, 9, 14, 5, 6, 0, time.UTC)
	s := ref.Format(layout)
	if s == layout {
		return fmt.Errorf("bad time_layout %q: no date or time elements; want a Go layout such as %q or one of %s",
			layout, "02/Jan/2006:15:04:05 -0700", strings.Join(timeLayoutNames, ", "))
	}
	if _, err := time.Parse(layout, s); err != nil {
		return fmt.Errorf("bad time_layout %q: %v", layout, err)
	}
	return nil
}

func (c *Config) validateFirewall(v *validator) {
	f := c.Firewall
	p := keyPath{{key: "firewall"}}
	v.enum(p.child("backend"), f.Backend, firewallBackends)
	if !tableRE.MatchString(f.Table) {
		v.fail(p.child("table"), "bad table name %q: want a letter, then up to 23 letters, digits, '-' or '_'", f.Table)
	}
	hookOK := v.enum(p.child("hook"), f.Hook, firewallHooks)
	actionOK := v.enum(p.child("action"), f.Action, firewallActions)
	if hookOK && actionOK && f.Action == "reject" && f.Hook == "prerouting" {
		v.fail(p.child("action"), "\"reject\" is not possible in the prerouting hook; use \"drop\" or hook = \"input\"")
	}
	if hookOK && f.Forward && f.Hook != "input" {
		v.fail(p.child("forward"), "only applies with hook = \"input\"; the %s hook sees forwarded traffic itself", f.Hook)
	}
	v.enum(p.child("iptables_mode"), f.IPTablesMode, iptablesModes)
}

func (c *Config) validateDaemon(v *validator) {
	d := c.Daemon
	p := keyPath{{key: "daemon"}}
	for _, kv := range []struct{ key, val string }{{"state_dir", d.StateDir}, {"socket", d.Socket}} {
		if kv.val == "" {
			v.fail(p.child(kv.key), "missing")
		} else if !filepath.IsAbs(kv.val) {
			v.fail(p.child(kv.key), "%q is not absolute", kv.val)
		}
	}
	if d.EventLog != "" && !filepath.IsAbs(d.EventLog) {
		v.fail(p.child("event_log"), "%q is not absolute", d.EventLog)
	}
	if g := d.SocketGroup; g != "" {
		if _, err := strconv.Atoi(g); err != nil && !groupRE.MatchString(g) {
			v.fail(p.child("socket_group"), "bad group %q: want a group name or number", g)
		}
	}
}
