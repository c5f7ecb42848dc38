package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// sampleWidth caps sample lines in the text report so a 64 KiB attack line
// does not flood the terminal; JSON keeps them whole.
const sampleWidth = 160

// TextOptions shapes the text report for where it is read.
type TextOptions struct {
	// Width is the terminal's width in columns; tables drop their least
	// useful columns and clip lines to fit. 0 means no limit.
	Width int
	// Top limits the offenders listed (the JSON report keeps them all);
	// 0 lists every one.
	Top int
	// Color adds ANSI colour (bans red, watches yellow, headings bold).
	Color bool
}

// WriteText writes r for a terminal with default options: 120 columns, every
// offender, no colour.
func WriteText(w io.Writer, r *Report) error {
	return WriteTextOptions(w, r, TextOptions{Width: 120})
}

// WriteTextOptions writes r for a terminal.
func WriteTextOptions(w io.Writer, r *Report, opt TextOptions) error {
	ew := &errWriter{w: w}
	st := style{on: opt.Color}
	s := r.Summary
	origin := ""
	if r.Policy.Origin != "" && r.Policy.Origin != r.Policy.Source {
		origin = " (" + r.Policy.Origin + ")"
	}
	ew.printf("%s %s (%s), policy: %s%s, mode %s\n", st.heading("guardctl analyze:"),
		plural(len(s.Inputs), "input"), orDash(strings.Join(s.Formats, ", ")), r.Policy.Source, origin, r.Policy.Mode)
	ew.printf("Lines     %d read, %d parsed, %d skipped%s\n", s.Lines, s.Parsed, s.Skipped, reasons(s.SkippedByReason))
	if s.OutOfRange > 0 {
		ew.printf("          %d outside --since/--until, not judged\n", s.OutOfRange)
	}
	if !s.FirstSeen.IsZero() {
		ew.printf("Span      %s .. %s (%s)\n", ts(s.FirstSeen), ts(s.LastSeen),
			time.Duration(s.DurationSeconds*float64(time.Second)).Round(time.Second))
		ew.printf("Peak      %d req/s at %s\n", s.PeakRPS, ts(s.PeakAt))
	}
	capped := ""
	if s.DistinctClientsEstimated {
		capped = " (estimated past the exact bound)"
	} else if s.DistinctClientsCapped {
		capped = " (at least)"
	}
	if len(s.Events) > 0 {
		var n uint64
		for _, v := range s.Events {
			n += v
		}
		ew.printf("Events    %d from error and application logs%s\n", n, reasons(s.Events))
	}
	offEst := ""
	if s.OffendersEstimated {
		offEst = " (estimated)"
	}
	ew.printf("Clients   %d distinct%s, %s%s: %d banned, %d watched\n",
		s.DistinctClients, capped, plural(s.Offenders, "offender"), offEst, s.Banned, s.Watched)
	ew.printf("Dropped   %s from clients already banned (the kernel drops them)\n",
		pluralVerb(s.RequestsAfterBan, "request"))

	if len(r.Offenders) > 0 {
		writeOffenders(ew, r.Offenders, r.Summary.OffendersOmitted, opt, st)
	}
	if s.OffendersOmitted > 0 {
		ew.printf("%s\n", omittedNote(s))
	}

	if len(r.Categories) > 0 {
		ew.printf("\n%s\n", st.heading("Hits by category"))
		cats := make([]Count, 0, len(r.Categories))
		for k, v := range r.Categories {
			cats = append(cats, Count{Value: k, Count: v})
		}
		for _, c := range sortCounts(cats, -1) {
			ew.printf("  %-16s %d\n", c.Value, c.Count)
		}
	}
	writeCountries(ew, st, r.Countries, opt.Top)
	writeTop(ew, st, opt.Width, "Top paths", r.Top.Paths)
	writeTop(ew, st, opt.Width, "Top statuses", r.Top.Statuses)
	writeTop(ew, st, opt.Width, "Top user agents", r.Top.UserAgents)
	writeTop(ew, st, opt.Width, "Top clients", r.Top.Clients)

	if e := r.Explain; e != nil {
		writeExplain(ew, e, opt.Width)
	}
	return ew.err
}

// offenderColumns: what goes first when the terminal is narrow. IP, action,
// ban and reasons always stay.
var offenderColumns = []column{
	{title: "IP"},
	{title: "ACTION"},
	{title: "BAN", right: true},
	{title: "OFFENCE", drop: 3, right: true},
	{title: "FIRST SEEN", drop: 5},
	{title: "LAST SEEN", drop: 6},
	{title: "REQUESTS", drop: 2, right: true},
	{title: "BEFORE BAN", drop: 7, right: true},
	{title: "AFTER BAN", drop: 4, right: true},
	{title: "REASONS"},
}

// writeOffenders prints the offenders table, each offender once with its
// rules and their hits, then one sample request per rule. --top limits the
// rows; the rest are counted, not listed.
func writeOffenders(ew *errWriter, all []Offender, omitted int, opt TextOptions, st style) {
	shown := all
	if opt.Top > 0 && len(shown) > opt.Top {
		shown = shown[:opt.Top]
	}
	ew.printf("\n%s\n", st.heading("Offenders, most severe first"))
	rows := make([][]string, 0, len(shown))
	for _, o := range shown {
		ban := "-"
		if o.BanSeconds > 0 {
			ban = shortDuration(time.Duration(o.BanSeconds) * time.Second)
		}
		rs := make([]string, 0, len(o.Rules))
		for _, r := range o.Rules {
			rs = append(rs, fmt.Sprintf("%s(%d)", clip(r.ID, 40), r.Hits))
		}
		if len(rs) == 0 {
			rs = o.Reasons
		}
		rows = append(rows, []string{clip(o.IP, 45) + geoSuffix(o), o.Action, ban, strconv.Itoa(o.Offences),
			ts(o.FirstSeen), ts(o.LastSeen), strconv.FormatUint(o.Requests, 10),
			strconv.FormatUint(o.RequestsBeforeBan, 10), strconv.FormatUint(o.RequestsAfterBan, 10),
			strings.Join(rs, " ")})
	}
	paint := func(col, row int, s string) string {
		switch {
		case row < 0:
			return st.dim(s)
		case col == 1:
			return st.action(s)
		}
		return s
	}
	for _, l := range layoutTable(offenderColumns, rows, opt.Width, paint) {
		ew.printf("%s\n", l)
	}
	// When the report itself left offenders out (Options.MaxOffenders),
	// neither --top 0 nor JSON has them: say only what is true.
	if more := len(all) - len(shown); more > 0 && omitted > 0 {
		ew.printf("... and %d more detailed (--top 0 lists them; -o json has the same %d)\n", more, len(all))
	} else if more > 0 {
		ew.printf("... and %d more (--top 0 lists all; -o json has every one)\n", more)
	}

	// One sample per rule among the listed offenders, so a rule that fired
	// for 300 clients is shown once, not 300 times.
	type sample struct {
		rule Rule
		n    int
	}
	var order []string
	samples := map[string]*sample{}
	for _, o := range shown {
		for _, r := range o.Rules {
			if sm := samples[r.ID]; sm != nil {
				sm.n++
				continue
			}
			samples[r.ID] = &sample{rule: r, n: 1}
			order = append(order, r.ID)
		}
	}
	if len(order) == 0 {
		return
	}
	sort.Strings(order)
	ew.printf("\n%s\n", st.heading("Rules that fired, with one sample request each"))
	lineWidth := sampleWidth
	if opt.Width > 0 {
		lineWidth = max(opt.Width-7, 20) // indent, and the … clip adds
	}
	for _, id := range order {
		sm := samples[id]
		ew.printf("  %s %s, %s\n", st.heading(clip(id, 60)), sm.rule.Category, plural(sm.n, "offender"))
		ew.printf("      %s\n", clip(sm.rule.Sample, lineWidth))
	}
}

// shortDuration prints 172800s as "48h" and 600s as "10m", not "48h0m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	for _, suf := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(s, suf) {
			s = strings.TrimSuffix(s, suf[1:])
		}
	}
	return s
}

func writeExplain(ew *errWriter, e *Explain, width int) {
	lineWidth := 2 * sampleWidth
	if width > 0 {
		lineWidth = max(width-3, 20)
	}
	key := e.Key
	if key == "" {
		ew.printf("\nExplain %s: no request from this client in the input\n", e.IP)
		return
	}
	ew.printf("\nExplain %s (judged as %s): %s\n", e.IP, key, plural(len(e.Lines)+int(e.Omitted), "line"))
	for _, l := range e.Lines {
		mark := " "
		switch {
		case l.Ban != "":
			mark = "!"
		case l.Banned:
			mark = "x"
		case len(l.Hits) > 0:
			mark = "*"
		}
		ew.printf("%s %s\n", mark, clip(fmt.Sprintf("%s:%d %s", l.Input, l.LineNo, l.Line), lineWidth))
		for _, h := range l.Hits {
			ew.printf("      rule %s\n", h)
		}
		if l.Ban != "" {
			ew.printf("      => %s\n", l.Ban)
		}
	}
	if e.Omitted > 0 {
		ew.printf("  ... %s more not shown\n", pluralVerb(e.Omitted, "line"))
	}
	ew.printf("  (* rule fired, ! ban decided here, x already banned: dropped by the kernel)\n")
}

func writeTop(ew *errWriter, st style, width int, title string, cs []Count) {
	if len(cs) == 0 {
		return
	}
	w := sampleWidth
	if width > 0 {
		w = max(width-15, 20) // count column, and the … clip adds
	}
	ew.printf("\n%s\n", st.heading(title))
	for _, c := range cs {
		ew.printf("  %10d  %s\n", c.Count, clip(c.Value, w))
	}
}

func reasons(m map[string]uint64) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func ts(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// omittedNote says how many offenders the report counted but did not detail.
func omittedNote(s Summary) string {
	est := ""
	if s.OffendersEstimated {
		est = " (estimated)"
	}
	return fmt.Sprintf("Not detailed: %d more offenders%s, counted in the summary only: the report details the %d most severe (banned first, then the longest ban, then the most points)",
		s.OffendersOmitted, est, s.OffendersDetailed)
}

// plural writes "1 offender", "2 offenders".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func pluralVerb(n uint64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

// thousands writes 2460123 as "2,460,123".
func thousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to n runes and makes control bytes visible, because log
// lines are attacker-controlled and must not drive the terminal.
func clip(s string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range s {
		if i == n {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
		} else {
			b.WriteRune(r)
		}
		i++
	}
	return b.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
