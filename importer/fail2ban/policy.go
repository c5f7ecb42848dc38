package fail2ban

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// Policy renders r as a guardctl policy file (TOML, over the embedded
// default policy), with the notes as comments at the top. dir is named in
// the header.
func (r *Result) Policy(dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# guardctl policy converted from the fail2ban configuration in %s\n", dir)
	b.WriteString("# by `guardctl import fail2ban`. Review it, then `guardctl check-config` it.\n")
	if len(r.Notes) > 0 {
		b.WriteString("#\n# Not converted, or converted with a caveat:\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "#   - %s\n", oneLine(n.String()))
		}
	}
	b.WriteString("\n")
	if len(r.AllowIPs) > 0 {
		b.WriteString("[allow]  # fail2ban ignoreip\n")
		fmt.Fprintf(&b, "ips = [%s]\n\n", quoteList(r.AllowIPs))
	}
	e := r.Escalation
	b.WriteString("# fail2ban bans when maxretry failures fall within findtime. Each jail's\n")
	b.WriteString("# throttle is a leaky bucket of maxretry-1 events that drains one event per\n")
	b.WriteString("# findtime (window = (maxretry-1) x findtime): maxretry failures within\n")
	b.WriteString("# findtime always overflow it, as in fail2ban, and so does a client whose\n")
	b.WriteString("# failures keep coming faster than one per findtime. The violation is worth\n")
	b.WriteString("# the whole threshold: it bans at once, for the jail's bantime.\n")
	b.WriteString("[escalation]\n")
	// A repeat ban grows from the rule's own ban (each jail's throttle
	// names its bantime); this is the ban of rules that name none.
	fmt.Fprintf(&b, "ban = %q\n", rules.FormatDuration(e.BaseBan))
	if e.Increment {
		fmt.Fprintf(&b, "multiplier = %s  # bantime.increment: each repeat ban doubles\n", formatFloat(e.Multiplier))
	} else {
		b.WriteString("multiplier = 1.0  # no bantime.increment: every ban lasts bantime\n")
	}
	maxBan := e.MaxBan
	if maxBan <= 0 {
		maxBan = longest(r.Jails, e.BaseBan)
		if e.Increment {
			maxBan = max(maxBan, 7*24*time.Hour)
		}
	}
	maxBan = max(maxBan, e.BaseBan) // fail2ban's bantime.maxtime never shortens the first ban either
	fmt.Fprintf(&b, "max_ban = %q\n", rules.FormatDuration(maxBan))
	if e.Memory > 0 {
		fmt.Fprintf(&b, "offence_memory = %q  # fail2ban's dbpurgeage: how long past bans count\n", rules.FormatDuration(e.Memory))
	}
	b.WriteString("blacklist_after = 0\n\n")
	idle := 10 * time.Minute
	for _, j := range r.Jails {
		idle = max(idle, j.window())
	}
	fmt.Fprintf(&b, "[limits]\nidle_ttl = %q  # at least the longest throttle window\n\n", rules.FormatDuration(idle))

	srcs := r.sources()
	for _, j := range r.Jails {
		fmt.Fprintf(&b, "[[throttle]]  # jail %s: maxretry %d, findtime %s, bantime %s\n", j.Name, j.MaxRetry,
			rules.FormatDuration(j.FindTime), rules.FormatDuration(j.BanTime))
		fmt.Fprintf(&b, "id = %q\n", "f2b-"+j.Name)
		fmt.Fprintf(&b, "event = %q\n", j.Kind)
		fmt.Fprintf(&b, "sources = [%s]  # count this jail's logs only, as fail2ban does\n", quoteList(jailSources(srcs, j.Name)))
		fmt.Fprintf(&b, "requests = %d\n", max(j.MaxRetry-1, 1))
		fmt.Fprintf(&b, "window = %q\n", rules.FormatDuration(j.window()))
		if j.BanTime > 0 {
			fmt.Fprintf(&b, "ban = %q\n", rules.FormatDuration(j.BanTime.Truncate(time.Second)))
		}
		b.WriteString("\n")
	}
	writeDisabledEventThrottles(&b)
	for _, s := range srcs {
		fmt.Fprintf(&b, "[[source]]  # jails %s\n", strings.Join(s.jails, ", "))
		fmt.Fprintf(&b, "name = %q\n", s.name)
		if s.path != "" {
			fmt.Fprintf(&b, "path = %s\n", tomlString(s.path))
		} else {
			fmt.Fprintf(&b, "journal_matches = [%s]\n", quoteList(s.journal))
		}
		b.WriteString("format = \"app\"\n")
		if len(s.layouts) > 0 {
			fmt.Fprintf(&b, "time_layout = %q  # the filter's datepattern (a shape guardctl does not locate)\n", s.layouts[0])
		}
		if len(s.layouts) > 1 {
			fmt.Fprintf(&b, "# CAVEAT: the jails of this log have other datepatterns too (%s): their dates are read without a layout\n", strings.Join(s.layouts[1:], ", "))
		}
		if len(s.ignore) > 0 {
			b.WriteString("ignore = [\n")
			for _, ig := range s.ignore {
				fmt.Fprintf(&b, "  %s,\n", tomlString(ig))
			}
			b.WriteString("]\n")
		}
		for i, p := range s.patterns {
			fmt.Fprintf(&b, "[[source.pattern]]\nkind = %q\nregex = %s\n", p.Kind, tomlString(p.Regex))
			if len(p.Unless) > 0 {
				fmt.Fprintf(&b, "unless = [%s]  # the failregex's negative look-aheads\n", quoteList(p.Unless))
			}
			if len(s.jails) > 1 {
				fmt.Fprintf(&b, "label = %q  # jail %s: its throttle counts its own patterns of this shared log\n", "f2b-"+s.patJail[i], s.patJail[i])
			}
			if len(s.patSpare[i]) > 0 {
				fmt.Fprintf(&b, "ignore_clients = [%s]  # jail %s's own ignoreip: spared by this jail only\n", quoteList(s.patSpare[i]), s.patJail[i])
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

type importSource struct {
	name, path string
	journal    []string
	jails      []string
	patterns   []Pattern
	patJail    []string   // the jail of each pattern
	patSpare   [][]string // the ignore_clients of each pattern (its jail's own ignoreip)
	ignore     []string
	// layouts are the time layouts of the patterns' time groups the
	// importer made (datepattern.go); the first is the source's.
	layouts []string
}

// sources merges the jails' inputs: two jails on one log file become one
// source with both jails' patterns (guardctl follows a file once).
func (r *Result) sources() []*importSource {
	var out []*importSource
	by := map[string]*importSource{}
	add := func(key string, mk func() *importSource, j Jail) {
		s := by[key]
		if s == nil {
			s = mk()
			by[key] = s
			out = append(out, s)
		}
		s.jails = append(s.jails, j.Name)
		s.patterns = append(s.patterns, j.Patterns...)
		for _, p := range j.Patterns {
			s.patJail = append(s.patJail, j.Name)
			s.patSpare = append(s.patSpare, j.Spare)
			if p.layout != "" && !contains(s.layouts, p.layout) {
				s.layouts = append(s.layouts, p.layout)
			}
		}
		for _, ig := range j.Ignore {
			if !contains(s.ignore, ig) {
				s.ignore = append(s.ignore, ig)
			}
		}
	}
	for _, j := range r.Jails {
		for _, p := range j.LogPaths {
			add("file:"+p, func() *importSource { return &importSource{path: p} }, j)
		}
		if len(j.Journal) > 0 {
			add("journal:"+strings.Join(j.Journal, " "), func() *importSource { return &importSource{journal: j.Journal} }, j)
		}
	}
	seen := map[string]int{}
	for _, s := range out {
		s.name = "f2b-" + strings.Join(s.jails, "+")
		if n := seen[s.name]; n > 0 {
			seen[s.name]++
			s.name = fmt.Sprintf("%s-%d", s.name, n+1)
		} else {
			seen[s.name] = 1
		}
	}
	return out
}

func longest(js []Jail, d time.Duration) time.Duration {
	for _, j := range js {
		d = max(d, j.BanTime)
	}
	return d
}

func isAddrOrCIDR(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	_, err := netip.ParsePrefix(s)
	return err == nil
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = tomlString(s)
	}
	sort.Strings(q[:0])
	return strings.Join(q, ", ")
}

// tomlString quotes s for TOML: a literal string when it can be one (no
// escaping to get wrong in a regex), else a basic string.
func tomlString(s string) string {
	if !strings.ContainsAny(s, "'\n\r\t") && isPrintable(s) {
		return "'" + s + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

func formatFloat(f float64) string {
	s := fmt.Sprintf("%g", f)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// window is the throttle window of a jail: (maxretry-1) x findtime, so the
// bucket drains one event per findtime.
func (j Jail) window() time.Duration {
	return (j.FindTime * time.Duration(max(j.MaxRetry-1, 1))).Truncate(time.Second)
}
