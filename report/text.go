package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
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

// WriteText writes r for a terminal.
func WriteText(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	s := r.Summary
	ew.printf("guardctl analyze: %s (%s), policy: %s, mode %s\n",
		plural(len(s.Inputs), "input"), orDash(strings.Join(s.Formats, ", ")), r.Policy.Source, r.Policy.Mode)
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
	if s.DistinctClientsCapped {
		capped = " (at least)"
	}
	ew.printf("Clients   %d distinct%s, %d offenders: %d banned, %d watched\n",
		s.DistinctClients, capped, s.Offenders, s.Banned, s.Watched)
	ew.printf("Dropped   %d requests came from clients while banned (the kernel would have dropped them)\n", s.RequestsAfterBan)

	if len(r.Offenders) > 0 {
		ew.printf("\nOffenders, most severe first\n")
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "IP\tACTION\tBAN\tOFFENCE\tFIRST SEEN\tLAST SEEN\tREQUESTS\tBEFORE BAN\tAFTER BAN\tREASONS")
		for _, o := range r.Offenders {
			ban := "-"
			if o.BanSeconds > 0 {
				ban = (time.Duration(o.BanSeconds) * time.Second).String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%d\t%d\t%d\t%s\n", o.IP, o.Action, ban, o.Offences,
				ts(o.FirstSeen), ts(o.LastSeen), o.Requests, o.RequestsBeforeBan, o.RequestsAfterBan,
				strings.Join(o.Reasons, ","))
		}
		tw.Flush()
		ew.printf("\nRules that fired, with one sample request each\n")
		for _, o := range r.Offenders {
			ew.printf("  %s\n", o.IP)
			for _, rule := range o.Rules {
				ew.printf("    %-28s %-15s hits %-5d points %-4d %s\n", rule.ID, rule.Category, rule.Hits, rule.Points, clip(rule.Sample, sampleWidth))
			}
		}
	}

	if len(r.Categories) > 0 {
		ew.printf("\nHits by category\n")
		cats := make([]Count, 0, len(r.Categories))
		for k, v := range r.Categories {
			cats = append(cats, Count{Value: k, Count: v})
		}
		for _, c := range sortCounts(cats, -1) {
			ew.printf("  %-16s %d\n", c.Value, c.Count)
		}
	}
	writeTop(ew, "Top paths", r.Top.Paths)
	writeTop(ew, "Top statuses", r.Top.Statuses)
	writeTop(ew, "Top user agents", r.Top.UserAgents)
	writeTop(ew, "Top clients", r.Top.Clients)

	if e := r.Explain; e != nil {
		writeExplain(ew, e)
	}
	return ew.err
}

func writeExplain(ew *errWriter, e *Explain) {
	key := e.Key
	if key == "" {
		ew.printf("\nExplain %s: no request from this client in the input\n", e.IP)
		return
	}
	ew.printf("\nExplain %s (judged as %s): %d lines\n", e.IP, key, len(e.Lines)+int(e.Omitted))
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
		ew.printf("%s %s:%d %s\n", mark, l.Input, l.LineNo, clip(l.Line, 2*sampleWidth))
		for _, h := range l.Hits {
			ew.printf("      rule %s\n", h)
		}
		if l.Ban != "" {
			ew.printf("      => %s\n", l.Ban)
		}
	}
	if e.Omitted > 0 {
		ew.printf("  ... %d more lines not shown\n", e.Omitted)
	}
	ew.printf("  (* rule fired, ! ban decided here, x already banned: dropped by the kernel)\n")
}

func writeTop(ew *errWriter, title string, cs []Count) {
	if len(cs) == 0 {
		return
	}
	ew.printf("\n%s\n", title)
	for _, c := range cs {
		ew.printf("  %10d  %s\n", c.Count, clip(c.Value, sampleWidth))
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

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
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
