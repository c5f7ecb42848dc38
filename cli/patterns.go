package cli

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/patterns"
)

// patternsCommand lists the built-in signature catalogue: the ids and
// categories a policy's [patterns] disable_ids and disable_categories
// name, and what check-config points to when one is unknown. An installed
// binary has no patterns/CATALOGUE.md beside it.
func patternsCommand() *cli.Command {
	return &cli.Command{
		Name:      "patterns",
		Usage:     "list the built-in signatures (id, category, weight, field, what each catches): the names [patterns] disable_ids and disable_categories take",
		ArgsUsage: "[CATEGORY...]",
		Flags:     []cli.Flag{outputFlag(nil)},
		Action:    runPatterns,
	}
}

// patternJSON is one signature of `guardctl patterns -o json`.
type patternJSON struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Weight      int    `json:"weight"`
	Field       string `json:"field"`
	Description string `json:"description"`
}

func runPatterns(c *cli.Context) error {
	format, err := outputOf(c)
	if err != nil {
		return err
	}
	var cats []string
	for _, cat := range patterns.Categories() {
		cats = append(cats, string(cat))
	}
	want := c.Args().Slice()
	for _, a := range want {
		if !slices.Contains(cats, a) {
			return usagef("patterns: unknown category %q%s; the categories are %s", a, suggestWord(a, cats), strings.Join(cats, ", "))
		}
	}
	list := []patternJSON{}
	for _, in := range patterns.Catalogue() {
		if len(want) > 0 && !slices.Contains(want, string(in.Category)) {
			continue
		}
		list = append(list, patternJSON{ID: in.ID, Category: string(in.Category), Weight: in.Weight, Field: in.Field.String(), Description: in.Description})
	}
	if format == outputJSON {
		return writeJSON(c.App.Writer, list)
	}
	tw := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tWEIGHT\tFIELD\tCATCHES")
	for _, p := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", p.ID, p.Category, p.Weight, p.Field, p.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.App.Writer, "%s\n", plural(len(list), "pattern"))
	return err
}
