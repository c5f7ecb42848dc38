package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

const (
	flagExplainFormat = "log-format"
	flagTrustedProxy  = "trusted-proxy"
)

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:  "explain",
		Usage: "show how one log line is parsed and which rules, patterns and throttles apply to it",
		ArgsUsage: "LINE   (quote it; \"-\" reads the line from standard input)\n\n" +
			fmt.Sprintf("A line that no format (or not the forced one) parses ends with exit code %d.", exitUnparsable),
		Flags: []cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: flagExplainFormat, Value: "auto", Usage: logFormatUsage("log format")},
			sourceFlag(),
			&cli.StringFlag{Name: flagExplainOldFormat, Hidden: true, Usage: "deprecated spelling of --log-format"},
			outputFlag(nil),
			&cli.StringSliceFlag{Name: flagTrustedProxy, Usage: "CIDR whose X-Forwarded-For is believed (adds to the policy's trusted_proxies)"},
		},
		Action:       runExplain,
		OnUsageError: commandUsageError,
	}
}

func runExplain(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("explain: give exactly one log line (quoted), or - to read it from standard input")
	}
	line := []byte(c.Args().First())
	if string(line) == "-" {
		var err error
		if line, err = readOneLine(c.App.Reader); errors.Is(err, io.EOF) {
			// "read standard input: EOF" (operator audit).
			return withCode(exitInput, errors.New("explain: standard input is empty: pipe one log line into it, or give the line as the argument"))
		} else if err != nil {
			return withCode(exitInput, fmt.Errorf("explain: read standard input: %w", err))
		}
	}
	line = []byte(strings.TrimRight(string(line), "\r\n"))
	format := c.String(flagExplainFormat)
	if old := c.String(flagExplainOldFormat); old != "" {
		fmt.Fprintln(c.App.ErrWriter, "guardctl: warning: explain --format is deprecated: it is --log-format (-o/--output chooses text or json)")
		format = old
	}
	output, err := outputOf(c)
	if err != nil {
		return err
	}
	pol, err := loadPolicy(c.String("config"))
	if err != nil {
		return err
	}
	// --source (or a format that needs one) reads the line as that
	// [[source]] of the policy does, exactly as the daemon will.
	var sc *rules.SourceConfig
	var srcSpec parser.Spec
	if src := c.String("source"); src != "" || format == parser.FormatRegex || format == parser.FormatApp {
		if srcSpec, sc, err = inputSpec("explain", pol, src, format); err != nil {
			return err
		}
	}
	resolver, err := sourceResolver(pol, sc, c.StringSlice(flagTrustedProxy))
	if err != nil {
		return usagef("explain: --%s: %v", flagTrustedProxy, err)
	}

	spec, how, err := explainSpec(line, format)
	switch {
	case sc != nil && srcSpec.Format != "auto":
		spec, how, err = srcSpec, "source "+sc.Label(), nil
	case sc != nil && err == nil:
		spec = sourceDetected(sc)(spec)
	}
	if err != nil {
		return err
	}
	p, err := parser.New(spec)
	if err != nil {
		return usagef("explain: --format: %v", err)
	}
	var ev parser.Event
	if err := p.Parse(line, &ev); err != nil {
		return withCode(exitUnparsable, fmt.Errorf("explain: the line does not parse as %s: %v", p.Format(), err))
	}
	ev.Source = sourceLabel(sc)
	db := openGeoWarn(c, pol.Config)
	defer db.Close()
	if output == outputJSON {
		doc := explainJSON(line, p.Format(), how, &ev, resolver, pol.Policy)
		if a, err := netip.ParseAddr(doc.Client); err == nil && db != nil {
			i := db.Lookup(a)
			doc.Country, doc.ASN, doc.ASOrg = i.Country, i.ASN, i.Org
		}
		return writeJSON(c.App.Writer, doc)
	}
	ex := &explainer{w: c.App.Writer, pol: pol.Policy, geo: db}
	ex.run(line, p.Format(), spec, how, &ev, resolver)
	// Which policy judged, found as every verb finds it (findConfig).
	ex.printf("\nPolicy     %s\n", pol.describe())
	return ex.err
}

// explainFormats are the formats a single line can be forced into: regex
// needs a pattern, which only a policy's [[source]] carries.
func explainFormats() []string {
	return slices.DeleteFunc(parser.Formats(), func(f string) bool { return f == "regex" })
}

// readOneLine reads the first line of r, whatever its length.
func readOneLine(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadBytes('\n')
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	return line, err
}

// explainSpec picks the format: the forced one, or the one detection finds
// for this single line.
func explainSpec(line []byte, format string) (parser.Spec, string, error) {
	if format != "" && format != "auto" {
		return parser.Spec{Format: format}, "forced", nil
	}
	spec, err := parser.Detect([][]byte{line})
	if err != nil {
		return parser.Spec{}, "", withCode(exitUnparsable, fmt.Errorf("explain: no log format parses this line: %w", err))
	}
	return spec, "detected", nil
}

// explainer writes the explanation; the first write error sticks.
type explainer struct {
	w   io.Writer
	pol *rules.Policy
	err error
	geo *geo.DB // nil: no geo database configured
}

func (x *explainer) printf(format string, args ...any) {
	if x.err != nil {
		return
	}
	_, x.err = fmt.Fprintf(x.w, format, args...)
}

func (x *explainer) run(line []byte, format string, spec parser.Spec, how string, ev *parser.Event, resolver *clientip.Resolver) {
	p := x.pol
	x.printf("Line       %s\n", show(line))
	extra := ""
	if spec.TrailingXFF {
		extra += ", trailing X-Forwarded-For field"
	}
	if spec.Syslog {
		extra += ", syslog header"
	}
	x.printf("Format     %s (%s%s)\n", format, how, extra)

	x.printf("\nFields\n")
	x.field("time", ev.Time.UTC().Format(time.RFC3339Nano))
	x.field("peer", ev.Peer.String())
	x.field("method", showEmpty(ev.Method))
	x.field("path", showEmpty(ev.Path))
	x.field("query", show(ev.Query))
	x.field("proto", showEmpty(ev.Proto))
	x.field("status", strconv.Itoa(ev.Status))
	x.field("size", strconv.FormatInt(ev.Size, 10))
	x.field("referer", show(ev.Referer))
	x.field("user-agent", show(ev.UA))
	x.field("x-forwarded-for", show(ev.XFF))
	x.field("host", show(ev.Host))
	x.field("user", show(ev.User))
	x.field("request", show(ev.Request))
	x.field("event", ev.Kind.String())

	x.printf("\nClient\n")
	if resolver == nil {
		x.field("resolved", ev.Client.String()+" (no trusted proxies: the peer is the client)")
	} else {
		out := resolver.Resolve(ev)
		if !ev.Client.IsValid() {
			x.field("resolved", fmt.Sprintf("none (%s): the peer %s is a trusted proxy and the line names no untrusted client; such lines are skipped as %s, never judged", out, ev.Peer, "no_client"))
			x.normalised(ev)
			return
		}
		x.field("resolved", fmt.Sprintf("%s (%s)", ev.Client, out))
	}
	client := ev.Client.Unmap()
	x.field("judged as", ipprefix.String(p.ClientKey(client)))
	if x.geo != nil {
		x.field("location", orUnknown(geoLabel(x.geo.Lookup(client))))
	}

	x.normalised(ev)
	x.patterns(ev)
	x.lists(client)
	x.traps(ev)
	x.throttles(ev)
	x.models(ev)
	x.verdict(ev)
}

func (x *explainer) field(name, value string) {
	x.printf("  %-16s %s\n", name, value)
}

func (x *explainer) normalised(ev *parser.Event) {
	n := patterns.Normalize(&patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer})
	x.printf("\nNormalised (what patterns are matched against)\n")
	x.field("method", showString(n.Method))
	x.field("path", showString(n.Path))
	x.field("query", showString(n.Query))
	for _, pr := range n.Params {
		x.field("  param", showString(pr.Name)+" = "+showString(pr.Value))
	}
	x.field("user-agent", showString(n.UA))
	x.field("referer", showString(n.Referer))
}

func (x *explainer) patterns(ev *parser.Event) {
	x.printf("\nPatterns\n")
	m := x.pol.Patterns
	if m == nil {
		x.printf("  none compiled in this policy\n")
		return
	}
	hits := m.Match(&patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer}, nil)
	if len(hits) == 0 {
		x.printf("  no pattern matches\n")
		return
	}
	desc := make(map[string]string)
	for _, in := range patterns.Catalogue() {
		desc[in.ID] = in.Description
	}
	for _, h := range hits {
		d := desc[h.ID]
		if d == "" {
			d = "user pattern"
		}
		x.printf("  %-28s %-15s weight %-3d %s\n", h.ID, h.Category, h.Weight, d)
		if note := answeredNote(h, ev.Status, ev.Query); note != "" {
			x.printf("  %-28s %s\n", "", note)
		}
		if h.Only != 0 && h.Only.Counts(ev.Status, ev.Query) {
			x.printf("  %-28s a word-list hint: it counts once per client and path, and only while the client's misses are at least 30 %% of its requests (once it has made 20); a verdict lists one that did not with 0 points\n", "")
		}
	}
	x.printf("  (several hits of one category in one request earn only the highest weight, once)\n")
}

// answeredNote says what the answer made of hit h, by the detector's own
// rule (patterns.KeepAnswered): not counted, or counted at less than its
// weight; "" when it counts in full.
func answeredNote(h patterns.Hit, status int, query []byte) string {
	kept := patterns.KeepAnswered([]patterns.Hit{h}, status, query)
	switch {
	case len(kept) == 0 && h.Only&patterns.OnlyUnserved != 0 && patterns.Served(status):
		return fmt.Sprintf("not counted: the site served it (this was %d): its own file or endpoint; it counts in full when answered 404/410/444, %d points when refused, redirected or failing", status, patterns.WatchWeight)
	case len(kept) == 0 && h.Only&patterns.OnlyMissed == 0 && h.Only&patterns.OnlyBare != 0:
		return "not counted: it counts only for a request without a query string; this one has a query"
	case len(kept) == 0:
		return fmt.Sprintf("not counted: it counts only for a path answered 404/410/444 (some only without a query); this was %d", status)
	case kept[0].Weight < h.Weight:
		// A refused probe (401/403/405), redirect or failure on a site
		// that denies dotfiles or redirects unknown paths: watched at
		// patterns.WatchWeight, so repeated probes ban and one does not.
		return fmt.Sprintf("counted at %d points, not %d: this was %d, neither served nor a miss; a deep sensitive name or product endpoint the site refuses, redirects or fails on is watched at %d points (in full on 404/410/444, nothing when served)",
			kept[0].Weight, h.Weight, status, patterns.WatchWeight)
	}
	return ""
}

func (x *explainer) lists(client netip.Addr) {
	p := x.pol
	x.printf("\nLists\n")
	allowed := p.Allow != nil && p.Allow.Contains(client)
	denied := p.Deny != nil && p.Deny.Contains(client)
	if allowed {
		x.field("allow", "yes: never judged nor banned (allow wins over everything)")
	} else {
		x.field("allow", "no")
	}
	if denied {
		x.field("deny", fmt.Sprintf("yes: banned on first sight for %s", rules.FormatDuration(p.DenyBan)))
	} else {
		x.field("deny", "no")
	}
}

// probe observes ev on a fresh engine for a stripped-down copy of the
// policy and returns the hits of the last of n observations. Asking the
// engine itself, rather than re-implementing its scope and path matching
// here, keeps explain from ever disagreeing with what analyze and run do.
func probe(p rules.Policy, ev *parser.Event, n int) []detector.Hit {
	p.Allow, p.Deny, p.Patterns = nil, nil, nil
	p.Escalation.Threshold = 0
	e := detector.New(&p, detector.Options{})
	var v detector.Verdict
	for range n {
		v = e.Observe(ev)
	}
	return slices.Clone(v.Hits)
}

func (x *explainer) traps(ev *parser.Event) {
	p := *x.pol
	x.printf("\nTraps\n")
	if len(p.Traps) == 0 {
		x.printf("  none configured\n")
		return
	}
	p.Throttles = nil
	for _, h := range probe(p, ev, 1) {
		if h.Category == detector.CategoryTrap {
			x.printf("  %s matches: one request bans for %s\n", h.Rule, rules.FormatDuration(p.TrapBan))
			return
		}
	}
	x.printf("  no trap path matches (%d configured)\n", len(p.Traps))
}

func (x *explainer) throttles(ev *parser.Event) {
	x.printf("\nThrottles (is this request counted by each?)\n")
	if len(x.pol.Throttles) == 0 {
		x.printf("  none configured\n")
		return
	}
	for _, th := range x.pol.Throttles {
		in := x.inScope(th, ev)
		what := "requests"
		if th.Distinct {
			what = "distinct paths"
			if th.DistinctDepth > 0 {
				what = fmt.Sprintf("distinct paths (first %d segments)", th.DistinctDepth)
			}
		}
		rate := fmt.Sprintf("%d %s per %s, weight %d", th.Limit, what, rules.FormatDuration(th.Window), th.Weight)
		if in {
			x.printf("  %-16s counted      %s; scope: %s\n", th.ID, rate, scopeText(th))
		} else {
			x.printf("  %-16s not counted  %s; %s\n", th.ID, rate, whyOutOfScope(th, ev))
		}
	}
}

// inScope asks the engine whether th counts ev: with a limit of one
// request, a second identical request violates exactly when it is counted.
func (x *explainer) inScope(th rules.Throttle, ev *parser.Event) bool {
	p := *x.pol
	p.Traps = nil
	th.Limit, th.Window, th.Distinct, th.DistinctDepth, th.Weight, th.Ban = 1, time.Hour, false, 0, 0, 0
	p.Throttles = []rules.Throttle{th}
	return len(probe(p, ev, 2)) > 0
}

func scopeText(th rules.Throttle) string {
	var parts []string
	if len(th.Methods) > 0 {
		parts = append(parts, "methods "+strings.Join(th.Methods, ","))
	}
	if len(th.Statuses) > 0 {
		s := make([]string, len(th.Statuses))
		for i, st := range th.Statuses {
			s[i] = strconv.Itoa(st)
		}
		parts = append(parts, "statuses "+strings.Join(s, ","))
	}
	if th.Path != nil {
		parts = append(parts, "path "+pathText(*th.Path))
	}
	if th.Event != parser.KindRequest {
		parts = append([]string{"event " + th.Event.String()}, parts...)
	}
	if len(parts) == 0 {
		return "every request"
	}
	return strings.Join(parts, ", ")
}

func whyOutOfScope(th rules.Throttle, ev *parser.Event) string {
	if th.Event != ev.Kind {
		return fmt.Sprintf("it counts %s events; this line reports %s", th.Event, ev.Kind)
	}
	if len(th.Methods) > 0 && !slices.Contains(th.Methods, string(ev.Method)) {
		return fmt.Sprintf("method %s is not one of %s", showEmpty(ev.Method), strings.Join(th.Methods, ","))
	}
	if len(th.Statuses) > 0 && !slices.Contains(th.Statuses, ev.Status) {
		return fmt.Sprintf("status %d is not in its scope (%s)", ev.Status, scopeText(th))
	}
	if th.Path != nil {
		return "the path does not match " + pathText(*th.Path)
	}
	return "scope: " + scopeText(th)
}

func pathText(m rules.PathMatch) string {
	switch {
	case m.Exact != "":
		return "= " + m.Exact
	case m.Prefix != "":
		return "prefix " + m.Prefix
	case m.Regex != nil:
		return "~ " + m.Regex.String()
	}
	return "(none)"
}

func (x *explainer) verdict(ev *parser.Event) {
	p := x.pol
	x.printf("\nVerdict of a fresh detector on this line alone\n")
	var country func(netip.Addr) string
	if x.geo != nil {
		country = x.geo.Country // per-country throttles
	}
	v := detector.New(p, detector.Options{Country: country}).Observe(ev)
	switch {
	case v.Allowed:
		x.printf("  allowed: the client is on the allow list, nothing is evaluated\n")
		return
	case len(v.Hits) == 0:
		x.printf("  no rule fires: nothing to do\n")
		return
	}
	points := 0
	for _, h := range v.Hits {
		effect := fmt.Sprintf("+%d points", h.Points)
		if h.Category == detector.CategoryTrap || h.Category == detector.CategoryDeny {
			effect = "bans at once"
		}
		x.printf("  hit %-28s %-15s %s\n", h.Rule, h.Category, effect)
		points += h.Points
	}
	if d := v.Decision; d != nil {
		passive := ""
		if d.Passive {
			passive = " (passive mode: reported, not enforced)"
		}
		x.printf("  => %s %s for %s, offence %d, rules %s%s\n", d.Action, ipprefix.String(d.Key), rules.FormatDuration(d.Duration), d.Offence, strings.Join(d.Rules, ","), passive)
		return
	}
	x.printf("  => no ban yet: %d points; a ban takes %d within %s\n", points, p.Escalation.Threshold, rules.FormatDuration(p.Escalation.Window))
}

// show prints a logged field: "-" for an absent one, the bytes as they are
// when printable, else Go-quoted, because log lines are attacker-controlled
// and must not drive the terminal.
func show(b []byte) string {
	if b == nil {
		return "-"
	}
	return showString(string(b))
}

func showEmpty(b []byte) string {
	if len(b) == 0 {
		return `""`
	}
	return showString(string(b))
}

func showString(s string) string {
	if s == "" {
		return `""`
	}
	if !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return strconv.Quote(s)
		}
	}
	return s
}
