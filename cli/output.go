package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	pluralpkg "github.com/guardctl/guardctl/internal/plural"
)

// Every verb that prints takes -o/--output, text by default, so scripts
// write `-o json` the same way everywhere.
const flagOutput = "output"

// Output formats.
const (
	outputText = "text"
	outputJSON = "json"
	outputHTML = "html"
)

// outputFlag is the -o/--output flag accepting text, json and any extra
// formats the verb renders; aliases keep older spellings working.
func outputFlag(extra []string, aliases ...string) *cli.StringFlag {
	formats := append([]string{outputText, outputJSON}, extra...)
	return &cli.StringFlag{
		Name:    flagOutput,
		Aliases: append([]string{"o"}, aliases...),
		Value:   outputText,
		Usage:   "output format: " + strings.Join(formats, ", "),
	}
}

// outputOf returns the verb's output format, checked against the formats
// its flag lists. A verb that also has the older --json flag gets json
// when that is set.
func outputOf(c *cli.Context) (string, error) {
	if f := lookupFlag(c.Command.Flags, flagJSON); f != nil && c.Bool(flagJSON) {
		return outputJSON, nil
	}
	v := c.String(flagOutput)
	if v == "" {
		return outputText, nil
	}
	allowed := []string{outputText, outputJSON}
	if f, ok := lookupFlag(c.Command.Flags, flagOutput).(*cli.StringFlag); ok {
		_, list, _ := strings.Cut(f.Usage, ": ")
		allowed = strings.Split(list, ", ")
	}
	if !slices.Contains(allowed, v) {
		return "", usagef("%s: --output %q: want %s", c.Command.Name, v, strings.Join(allowed, " or "))
	}
	return v, nil
}

// writeJSON prints v as indented JSON, the form every -o json takes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// wantJSON reports -o json (or the older --json).
func wantJSON(c *cli.Context) bool {
	f, _ := outputOf(c)
	return f == outputJSON
}

// timeLayout is how the admin verbs print times: local, to the second.
const timeLayout = "2006-01-02 15:04:05 MST"

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formatRemaining prints a duration the way people count ban time: days
// and hours for long ones, to the second for short ones.
func formatRemaining(d time.Duration) string {
	if d <= 0 {
		return "expired"
	}
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	s := (d - m*time.Minute) / time.Second
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// plural counts in words: "1 ban", "7 bans".
func plural(n int, word string) string { return pluralpkg.Count(n, word) }

// dash fills an empty table cell.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
