package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/report"
)

const flagColor = "color"

func colorFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: flagColor, Value: "auto", Usage: "colour the text report: auto (a terminal, unless NO_COLOR is set), always or never"}
}

// useColor decides --color: auto colours a terminal unless NO_COLOR is set
// (https://no-color.org) or TERM is dumb.
func useColor(mode string, w io.Writer, getenv func(string) string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
			return false, nil
		}
		return isTerminal(w), nil
	}
	return false, usagef("--color %q: want auto, always or never", mode)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// textWidth is the width the text report fits: the terminal's, else
// $COLUMNS, else no limit (a file or a pipe keeps whole lines).
func textWidth(w io.Writer, getenv func(string) string) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if wd, _, err := term.GetSize(int(f.Fd())); err == nil && wd > 0 {
			return wd
		}
	}
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}

// checkWindow refuses a --since/--until window that can hold no line.
func checkWindow(verb string, w pipeline.Window) error {
	if !w.Since.IsZero() && !w.Until.IsZero() && !w.Since.Before(w.Until) {
		return usagef("%s: --since %s is not before --until %s: the window is empty",
			verb, w.Since.Format("2006-01-02 15:04:05Z07:00"), w.Until.Format("2006-01-02 15:04:05Z07:00"))
	}
	return nil
}

// writeAnalyzeReport renders the report in the chosen format.
func writeAnalyzeReport(c *cli.Context, r *report.Report, format string) error {
	w := c.App.Writer
	switch format {
	case outputJSON:
		return report.WriteJSON(w, r)
	case outputHTML:
		return report.WriteHTML(w, r)
	}
	color, err := useColor(c.String(flagColor), w, os.Getenv)
	if err != nil {
		return err
	}
	return report.WriteTextOptions(w, r, report.TextOptions{
		Width: textWidth(w, os.Getenv),
		Top:   c.Int("top"),
		Color: color,
	})
}

// judgedNothing warns when a run judged no line, and returns the error that
// makes it exit non-zero: a wrong --log-format otherwise reads as a clean
// "0 offenders". A window that holds none of the parsed lines only warns:
// the input is fine, the question was about another time.
func judgedNothing(c *cli.Context, s report.Summary) error {
	switch {
	case s.Lines > 0 && s.Parsed == 0:
		return withCode(exitInput, fmt.Errorf("no line of %s parsed (%d skipped%s): check --log-format (now %q) or the policy's [[source]] format",
			plural(len(s.Inputs), "input"), s.Skipped, reasonList(s.SkippedByReason), c.String("log-format")))
	case s.Lines == 0:
		return withCode(exitInput, fmt.Errorf("the input holds no lines"))
	case s.Parsed > 0 && s.OutOfRange == s.Parsed:
		fmt.Fprintf(c.App.ErrWriter, "guardctl: warning: all %d parsed lines are outside --since/--until (%s .. %s): nothing was judged\n",
			s.Parsed, orNone(c.String("since")), orNone(c.String("until")))
	}
	return nil
}

func reasonList(m map[string]uint64) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return ": " + strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "open"
	}
	return s
}
