// Package fail2ban converts a fail2ban configuration (jails and the
// filters they use) into a guardctl policy: ignoreip becomes allow,
// maxretry/findtime/bantime become throttles on event kinds and the
// escalation, logpath and backend=systemd become sources, failregex and
// ignoreregex become app-format patterns. Everything that cannot be
// converted is reported with the reason; nothing is dropped silently.
package fail2ban

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// Options select what Import converts.
type Options struct {
	Dir   string   // the fail2ban directory, usually /etc/fail2ban
	All   bool     // convert disabled jails too (to try filters out)
	Jails []string // only these jails (enabled or not); empty = every enabled jail
}

// Note is one thing Import did not convert, or converted with a caveat.
type Note struct {
	Where string // "jail sshd", "filter apache-auth failregex 3", "[DEFAULT]"
	What  string // the key or value concerned
	Why   string
}

func (n Note) String() string {
	if n.What == "" {
		return n.Where + ": " + n.Why
	}
	return n.Where + ": " + n.What + ": " + n.Why
}

// Jail is one converted jail.
type Jail struct {
	Name     string
	Filter   string
	Kind     string
	MaxRetry int
	FindTime time.Duration
	BanTime  time.Duration // 0 when permanent (bantime < 0), see Notes
	Patterns []Pattern
	Ignore   []string
	// Spare is the jail's own ignoreip (set in its section, not inherited
	// from [DEFAULT]): its patterns' ignore_clients, so the addresses are
	// spared by this jail only, as in fail2ban.
	Spare    []string
	LogPaths []string // file sources
	Journal  []string // journal matches (backend = systemd)
}

// Pattern is a converted failregex and the event kind it reports.
type Pattern struct {
	Kind  string
	Regex string
	// Unless are regexes that veto the pattern: its negative look-aheads
	// (RE2 has none), each as the text before it followed by what it
	// forbids.
	Unless []string
	// layout is the Go layout of the pattern's time group, when the
	// importer made one from the datepattern (datepattern.go).
	layout string
}

// Result is what Import found and made.
type Result struct {
	Jails      []Jail
	AllowIPs   []string
	Escalation Escalation
	Notes      []Note
}

// Escalation is the converted bantime.increment family.
type Escalation struct {
	Increment  bool
	Factor     float64
	MaxBan     time.Duration
	BaseBan    time.Duration
	Multiplier float64
	// Memory is fail2ban's dbpurgeage (fail2ban.conf, default 1d): how
	// long its database remembers a ban that later ones grow from.
	Memory time.Duration
}

// fail2banVersion stands in for %(fail2ban_version)s.
const fail2banVersion = "1.0.2"

// known jail keys and what becomes of them; keys not listed are reported.
var actionKeys = map[string]bool{"action": true, "banaction": true, "banaction_allports": true, "mta": true,
	"destemail": true, "sender": true, "protocol": true, "chain": true, "port": true, "fail2ban_agent": true,
	"action_": true, "action_mw": true, "action_mwl": true, "action_xarf": true, "action_cf_mwl": true,
	"action_blocklist_de": true, "action_abuseipdb": true, "ignorecommand": true, "ignoreself": true,
	"tcpport": true, "udpport": true, "knocking_url": true, "blocktype": true, "returntype": true}

var handledKeys = map[string]bool{"enabled": true, "filter": true, "logpath": true, "backend": true,
	"journalmatch": true, "maxretry": true, "findtime": true, "bantime": true, "ignoreip": true,
	"ignoreregex": true, "mode": true, "maxmatches": true, "logencoding": true, "usedns": true,
	"bantime.increment": true, "bantime.factor": true, "bantime.maxtime": true, "bantime.rndtime": true,
	"bantime.formula": true, "bantime.multipliers": true, "bantime.overalljails": true, "__name__": true,
	"logtype": true, "datepattern": true, "maxlines": true, "failregex": true, "prefregex": true}

// Import reads opts.Dir's jail.conf, jail.d/*.conf, jail.local and
// jail.d/*.local (in fail2ban's order) and converts the selected jails.
func Import(opts Options) (*Result, error) {
	c, err := loadJails(opts.Dir)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	want := map[string]bool{}
	for _, j := range opts.Jails {
		want[j] = true
	}
	for _, name := range c.order {
		if strings.EqualFold(name, "DEFAULT") || strings.EqualFold(name, "INCLUDES") || strings.HasPrefix(name, "lt_") {
			continue
		}
		get := func(k string) (string, bool) {
			v, ok := c.get(name, k)
			if !ok {
				v, ok = c.get("DEFAULT", k)
			}
			if !ok {
				return "", false
			}
			v, _ = c.interp(name, v, map[string]string{"__name__": name, "fail2ban_version": fail2banVersion})
			return strings.TrimSpace(v), true
		}
		enabled, _ := get("enabled")
		if len(want) > 0 {
			if !want[name] {
				continue
			}
			delete(want, name)
		} else if !opts.All && !isTrue(enabled) {
			continue
		}
		if j, ok := res.jail(opts.Dir, name, c, get); ok {
			res.Jails = append(res.Jails, j)
		}
	}
	for j := range want {
		return nil, fmt.Errorf("no jail %q in %s", j, opts.Dir)
	}
	res.defaults(c)
	sort.SliceStable(res.Notes, func(a, b int) bool { return res.Notes[a].Where < res.Notes[b].Where })
	return res, nil
}

func loadJails(dir string) (*conf, error) {
	c := newConf()
	c.dir = dir
	ok, err := c.loadFile(filepath.Join(dir, "jail.conf"), 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: no jail.conf: is this a fail2ban directory?", dir)
	}
	load := func(pattern string) error {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		sort.Strings(files)
		for _, f := range files {
			if _, err := c.loadFile(f, 0); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range []string{"jail.d/*.conf", "jail.local", "jail.d/*.local"} {
		if err := load(p); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (r *Result) note(where, what, why string, args ...any) {
	r.Notes = append(r.Notes, Note{Where: where, What: what, Why: fmt.Sprintf(why, args...)})
}

// jail converts one jail section.
func (r *Result) jail(dir, name string, c *conf, get func(string) (string, bool)) (Jail, bool) {
	where := "jail " + name
	j := Jail{Name: name}
	fspec, _ := get("filter")
	if fspec == "" {
		fspec = name
	}
	fname, fopts := parseFilterSpec(fspec)
	j.Filter = fname
	if fname == "recidive" {
		r.note(where, "filter recidive", "not converted: it bans repeat offenders from fail2ban's own log; guardctl's escalation (multiplier, blacklist_after) does this")
		return j, false
	}
	backend, _ := get("backend")
	if _, ok := fopts["logtype"]; !ok && strings.HasPrefix(backend, "systemd") {
		fopts["logtype"] = "journal"
	}
	if m, ok := get("mode"); ok {
		if _, set := fopts["mode"]; !set {
			fopts["mode"] = m
		}
	}
	f, err := loadFilter(dir, fname, fopts)
	if err != nil {
		r.note(where, "filter "+fname, "not converted: %v", err)
		return j, false
	}
	for _, n := range f.notes {
		r.note("filter "+fname, "", "%s", n)
	}
	j.Kind = kindFor(fname)
	fwhere := "filter " + fname
	j.Patterns, j.Ignore = r.convertFilter(f, j.Kind)
	if v, ok := c.get(name, "ignoreregex"); ok && strings.TrimSpace(v) != "" {
		for i, ir := range strings.Split(strings.TrimSpace(v), "\n") {
			res, err := convertIgnores(f.prefregex, ir)
			if err != nil {
				r.note(fmt.Sprintf("%s ignoreregex %d", where, i+1), shorten(ir), "not converted: %v", err)
				continue
			}
			j.Ignore = append(j.Ignore, res...)
		}
	}
	if len(j.Patterns) == 0 {
		r.note(where, "", "not converted: no failregex of filter %s could be converted", fname)
		return j, false
	}
	if dp := f.datepattern; dp != "" && dp != "{^LN-BEG}" && j.Patterns[0].layout == "" {
		r.note(fwhere, "datepattern "+oneLine(dp), "not converted: guardctl locates the timestamp itself (ISO 8601, CLF, ctime, syslog, nginx, PHP shapes); a line dated in another shape is skipped as bad_time: check one with guardctl explain --source")
	}
	if n, err := strconv.Atoi(f.maxlines); err == nil && n > 1 {
		r.note(fwhere, "maxlines "+f.maxlines, "multi-line failures are not converted: each line is matched alone")
	}

	// Where the lines come from.
	if strings.HasPrefix(backend, "systemd") {
		jm, _ := get("journalmatch")
		if jm == "" {
			jm = f.journalmatch
		}
		if jm == "" {
			r.note(where, "backend "+backend, "not converted: no journalmatch says which journal entries the filter reads")
			return j, false
		}
		j.Journal = strings.Fields(jm)
	} else {
		lp, _ := get("logpath")
		for _, p := range strings.Fields(lp) {
			switch {
			case strings.Contains(p, "%("):
				r.note(where, "logpath "+p, "not converted: refers to a variable defined nowhere")
			case !filepath.IsAbs(p):
				r.note(where, "logpath "+p, "not converted: not an absolute path")
			default:
				j.LogPaths = append(j.LogPaths, p)
			}
		}
		if len(j.LogPaths) == 0 {
			r.note(where, "", "not converted: no usable logpath")
			return j, false
		}
		if backend != "" && backend != "auto" && backend != "polling" && backend != "pyinotify" && backend != "gamin" {
			r.note(where, "backend "+backend, "read as a file (guardctl's follower uses inotify with a polling fallback)")
		}
	}

	// How many failures ban, for how long.
	mr, _ := get("maxretry")
	j.MaxRetry, err = strconv.Atoi(mr)
	if err != nil || j.MaxRetry < 1 {
		r.note(where, "maxretry "+mr, "not a positive number; using 5")
		j.MaxRetry = 5
	}
	if j.MaxRetry == 1 {
		r.note(where, "maxretry 1", "guardctl throttles allow at least one event: it bans on the 2nd match, not the 1st")
	}
	ft, _ := get("findtime")
	if j.FindTime, err = parseTime(ft); err != nil || j.FindTime <= 0 {
		r.note(where, "findtime "+ft, "unreadable; using 10m")
		j.FindTime = 10 * time.Minute
	}
	bt, _ := get("bantime")
	if j.BanTime, err = parseTime(bt); err != nil {
		r.note(where, "bantime "+bt, "unreadable; using 10m")
		j.BanTime = 10 * time.Minute
	}
	if j.BanTime < 0 {
		r.note(where, "bantime "+bt, "permanent bans become 3650d bans (guardctl bans always expire)")
		j.BanTime = 3650 * 24 * time.Hour
	}
	for _, k := range sectionKeys(c, name) {
		v, _ := c.get(name, k)
		switch {
		case handledKeys[k]:
		case actionKeys[k]:
			if k == "port" || k == "tcpport" || k == "udpport" {
				r.note(where, "port "+strings.TrimSpace(v), "fail2ban blocks these ports only; guardctl blocks the address ([firewall] hook)")
			} else {
				r.note(where, k, "not converted: guardctl bans in its own nftables/ipset sets, it runs no fail2ban actions")
			}
		default:
			r.note(where, k, "not converted: unknown to the importer")
		}
	}
	if v, ok := c.get(name, "ignoreip"); ok && strings.TrimSpace(v) != "" {
		v, _ = c.interp(name, v, map[string]string{"__name__": name, "fail2ban_version": fail2banVersion})
		j.Spare = r.addresses(where, v)
	}
	for _, k := range []string{"bantime.increment", "bantime.factor", "bantime.maxtime", "bantime.formula", "bantime.multipliers", "bantime.rndtime", "bantime.overalljails"} {
		if v, ok := c.get(name, k); ok {
			r.note(where, k+" "+strings.TrimSpace(v), "not converted: guardctl's escalation is one for every rule ([escalation], from [DEFAULT]'s bantime.* keys); this jail's own value is not used")
		}
	}
	if v, ok := c.get(name, "usedns"); ok && strings.TrimSpace(v) != "no" {
		r.note(where, "usedns "+strings.TrimSpace(v), "guardctl never resolves host names (their owners control reverse DNS): a failure naming a host name is skipped")
	}
	return j, true
}

// defaults converts [DEFAULT]: ignoreip and the bantime.* escalation.
func (r *Result) defaults(c *conf) {
	get := func(k string) string {
		v, _ := c.get("DEFAULT", k)
		v, _ = c.interp("DEFAULT", v, map[string]string{"fail2ban_version": fail2banVersion})
		return strings.TrimSpace(v)
	}
	r.allow("[DEFAULT]", get("ignoreip"))
	e := Escalation{Factor: 1, Multiplier: 1}
	e.BaseBan, _ = parseTime(get("bantime"))
	if e.BaseBan <= 0 {
		e.BaseBan = 10 * time.Minute
	}
	if isTrue(get("bantime.increment")) {
		e.Increment = true
		e.Multiplier = 2
		if v := get("bantime.factor"); v != "" {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
				e.Factor = f
			} else {
				r.note("[DEFAULT]", "bantime.factor "+v, "not a positive number; ignored")
			}
		}
		if e.Factor != 1 {
			r.note("[DEFAULT]", "bantime.factor "+formatFloat(e.Factor),
				"approximated: guardctl doubles each repeat ban from the jail's bantime (1x, 2x, 4x ...); fail2ban multiplies repeat bans by the factor as well (1x, 2x%s, 4x%s ...)",
				formatFloat(e.Factor), formatFloat(e.Factor))
		}
		if d, err := parseTime(get("bantime.maxtime")); err == nil && d > 0 {
			e.MaxBan = d
		}
		for _, k := range []string{"bantime.formula", "bantime.multipliers", "bantime.rndtime"} {
			if v := get(k); v != "" {
				r.note("[DEFAULT]", k+" "+v, "not converted: guardctl doubles each repeat ban (escalation.multiplier = 2), times bantime.factor, up to bantime.maxtime")
			}
		}
		if v := get("bantime.overalljails"); v != "" && !isTrue(v) {
			r.note("[DEFAULT]", "bantime.overalljails "+v, "guardctl counts a client's offences over every rule (as overalljails = true)")
		}
	}
	e.Memory = dbPurgeAge(c.dir)
	r.Escalation = e
	for _, k := range sectionKeys(c, "DEFAULT") {
		if actionKeys[k] || k == "action" {
			r.note("[DEFAULT]", "actions", "not converted: guardctl bans in its own nftables/ipset sets ([firewall]); mail and other fail2ban actions have no equivalent")
			break
		}
	}
}

func sectionKeys(c *conf, name string) []string {
	s := c.sections[strings.ToLower(name)]
	if s == nil {
		return nil
	}
	return s.keys
}

// allow adds [DEFAULT]'s ignoreip entries to the global allow list.
func (r *Result) allow(where, v string) {
	for _, e := range r.addresses(where, v) {
		if !contains(r.AllowIPs, e) {
			r.AllowIPs = append(r.AllowIPs, e)
		}
	}
}

// addresses reads ignoreip entries: addresses and CIDRs (host bits
// masked, as fail2ban accepts 127.0.0.1/8); host names are reported
// (guardctl does not resolve).
func (r *Result) addresses(where, v string) []string {
	var out []string
	for _, e := range strings.Fields(strings.ReplaceAll(v, ",", " ")) {
		if isAddrOrCIDR(e) {
			if p, err := netip.ParsePrefix(e); err == nil && p.Masked() != p {
				e = p.Masked().String()
			}
			if !contains(out, e) {
				out = append(out, e)
			}
			continue
		}
		r.note(where, "ignoreip "+e, "not converted: not an address or CIDR (guardctl does not resolve host names)")
	}
	return out
}

// kindFor is the event kind a filter's failures are: scanners and refused
// requests are forbidden, rate limits rate_limited, the rest (logins)
// auth_failure.
func kindFor(filter string) string {
	switch {
	case strings.Contains(filter, "limit-req"):
		return "rate_limited"
	case strings.Contains(filter, "botsearch"), strings.Contains(filter, "noscript"), strings.Contains(filter, "badbots"),
		strings.Contains(filter, "nohome"), strings.Contains(filter, "overflows"), strings.Contains(filter, "shellshock"),
		strings.Contains(filter, "fakegooglebot"), strings.Contains(filter, "modsecurity"), strings.Contains(filter, "forbidden"),
		strings.Contains(filter, "url-fopen"), strings.Contains(filter, "bad-request"), strings.Contains(filter, "noproxy"),
		strings.Contains(filter, "suhosin"), filter == "apache-pass" || strings.HasSuffix(filter, "-pass"):
		// apache-pass (a knock page), not a "-password" filter: those
		// catch logins.
		return "forbidden"
	}
	return "auth_failure"
}

// parseTime reads fail2ban times: seconds ("600"), or numbers with units
// ("10m", "1h 30m", "2d", "1w", "1mo", "1y"); "-1" is permanent.
func parseTime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty time")
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(n * float64(time.Second)), nil
	}
	units := []struct {
		name string
		d    time.Duration
	}{{"mo", 30 * 24 * time.Hour}, {"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}, {"h", time.Hour},
		{"m", time.Minute}, {"s", time.Second}, {"y", 365 * 24 * time.Hour}}
	var total time.Duration
	rest := strings.ToLower(strings.ReplaceAll(s, " ", ""))
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("bad time %q", s)
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("bad time %q", s)
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		word := rest[:j]
		rest = rest[j:]
		unit := time.Duration(0)
		for _, u := range units {
			if word == u.name || (len(word) > len(u.name) && strings.HasPrefix(word, u.name) && u.name != "m") ||
				(u.name == "m" && (word == "min" || word == "mins" || word == "minute" || word == "minutes")) ||
				(u.name == "mo" && strings.HasPrefix(word, "mon")) {
				unit = u.d
				break
			}
		}
		if word == "" {
			unit = time.Second
		}
		if unit == 0 {
			return 0, fmt.Errorf("bad time unit %q in %q", word, s)
		}
		total += time.Duration(n * float64(unit))
	}
	return total, nil
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "on", "enabled":
		return true
	}
	return false
}

func shorten(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// convertFilter converts a filter's failregex and ignoreregex; kind is
// the event kind of its failures.
func (r *Result) convertFilter(f *filter, kind string) ([]Pattern, []string) {
	fwhere := "filter " + f.name
	var pats []Pattern
	lit := dateLiteral(f.datepattern)
	dlit, lead, layout, dated := dateGroup(f.datepattern)
	dated = dated && !locates(dlit, layout)
	if dated {
		r.note(fwhere, "datepattern "+oneLine(f.datepattern), "a date shape guardctl does not locate: read as each pattern's time group, time_layout %q", layout)
	}
	for i, fr := range f.failregex {
		if lit != "" && !dated && strings.HasPrefix(fr, "^") && f.prefregex == "" {
			// fail2ban cuts the whole date match ("t=2020-...") and guardctl
			// only the timestamp: the literal stays on the line.
			fr = "^" + regexp.QuoteMeta(lit) + fr[1:]
		}
		cv, err := convertRegex(f.prefregex, fr)
		if err != nil {
			r.note(fmt.Sprintf("%s failregex %d", fwhere, i+1), shorten(fr), "not converted: %v", err)
			continue
		}
		if len(cv.approx) > 0 {
			r.note(fmt.Sprintf("%s failregex %d", fwhere, i+1), strings.Join(cv.approx, " "),
				"approximated: RE2 has no negative look-ahead, conditional group or back-reference; the pattern may match more than fail2ban's")
		}
		k := kind
		if cv.kind != "" {
			k = cv.kind
		}
		if dated && !strings.Contains(cv.regex, "(?P<time>") {
			cv.regex = withDate(lead, cv.regex)
			for j, u := range cv.unless {
				cv.unless[j] = withDate(lead, u)
			}
		}
		pats = append(pats, Pattern{Kind: k, Regex: cv.regex, Unless: cv.unless, layout: layoutIf(dated, layout)})
		for _, u := range cv.unless {
			r.note(fmt.Sprintf("%s failregex %d", fwhere, i+1), shorten(u),
				"emulated: RE2 has no negative look-ahead; the pattern's unless regex vetoes the lines where it would fail")
		}
	}
	var ignore []string
	for i, ir := range f.ignoreregex {
		res, err := convertIgnores(f.prefregex, ir)
		if err != nil {
			r.note(fmt.Sprintf("%s ignoreregex %d", fwhere, i+1), shorten(ir), "not converted: %v", err)
			continue
		}
		ignore = append(ignore, res...)
	}
	return pats, ignore
}

// FilterSpec converts one filter of dir (filter.d/name, with the options a
// jail would pass, e.g. mode) into the app-format parser spec guardctl
// reads its log with, and lists what was not converted.
func FilterSpec(dir, name string, opts map[string]string) (parser.Spec, []Note, error) {
	f, err := loadFilter(dir, name, opts)
	if err != nil {
		return parser.Spec{}, nil, err
	}
	r := &Result{}
	for _, n := range f.notes {
		r.note("filter "+name, "", "%s", n)
	}
	pats, ignore := r.convertFilter(f, kindFor(name))
	spec := parser.Spec{Format: parser.FormatApp, Ignore: ignore}
	for _, p := range pats {
		if p.layout != "" {
			spec.TimeLayout = p.layout
		}
		k, err := parser.ParseKind(p.Kind)
		if err != nil {
			return parser.Spec{}, nil, err
		}
		spec.Patterns = append(spec.Patterns, parser.Pattern{Regex: p.Regex, Kind: k, Unless: p.Unless})
	}
	if len(spec.Patterns) == 0 {
		return parser.Spec{}, r.Notes, fmt.Errorf("filter %s: no failregex could be converted", name)
	}
	return spec, r.Notes, nil
}

// dateLiteral is the literal text an anchored datepattern matches before
// its first field ("^t=%Y-..." gives "t=").
func dateLiteral(dp string) string {
	if !strings.HasPrefix(dp, "^") {
		return ""
	}
	i := strings.IndexByte(dp, '%')
	if i <= 1 {
		return ""
	}
	lit := dp[1:i]
	if strings.ContainsAny(lit, `\[](){}.*+?|$^`) {
		return ""
	}
	return lit
}

// dbPurgeAge is fail2ban's dbpurgeage ([Definition] of fail2ban.conf,
// fail2ban.local and fail2ban.d/*): how long fail2ban's database keeps the
// bans bantime.increment grows from. Its default, 1d, when unset or
// unreadable.
func dbPurgeAge(dir string) time.Duration {
	d := 24 * time.Hour
	files := []string{filepath.Join(dir, "fail2ban.conf"), filepath.Join(dir, "fail2ban.local")}
	more, _ := filepath.Glob(filepath.Join(dir, "fail2ban.d", "*.conf"))
	local, _ := filepath.Glob(filepath.Join(dir, "fail2ban.d", "*.local"))
	sort.Strings(more)
	sort.Strings(local)
	for _, f := range append(append(files, more...), local...) {
		fc, err := parseINI(f)
		if err != nil {
			continue
		}
		if v, ok := fc.get("Definition", "dbpurgeage"); ok {
			if t, err := parseTime(strings.TrimSpace(v)); err == nil && t > 0 {
				d = t
			}
		}
	}
	return d
}
