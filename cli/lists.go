package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/enrich/lists"
)

// listsTick is how often the daemon looks for due downloads and changed
// copies; `lists update` tells the admin when the daemon picks theirs up.
const listsTick = 30 * time.Second

func listsCommand() *cli.Command {
	flags := func() []cli.Flag {
		return []cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: flagStateDir, Usage: "where downloaded lists are kept (default: daemon.state_dir of the config)", EnvVars: []string{"GUARDCTL_STATE_DIR"}},
			&cli.BoolFlag{Name: flagJSON, Usage: "print JSON instead of a table (as -o json)"},
			outputFlag(nil),
		}
	}
	return &cli.Command{
		Name:      "lists",
		Usage:     "show the block lists (deny, feeds, cloud ranges, countries): source, entries, last refresh, errors",
		ArgsUsage: " ",
		Flags:     flags(),
		Action:    runLists,
		Subcommands: []*cli.Command{{
			Name:      "update",
			Usage:     "download the [[feed]] and [[cloud]] lists now (conditional requests; a failed download keeps the last good copy)",
			ArgsUsage: "[NAME...]",
			Flags:     flags(),
			Action:    runListsUpdate,
		}},
	}
}

// openLists builds the policy's list set, with its geo database when one
// is configured (a database that does not open becomes the geo list's
// error, not the command's).
func openLists(c *cli.Context) (*lists.Set, *geo.DB, error, error) {
	lp, err := loadPolicy(c.String("config"))
	if err != nil {
		return nil, nil, nil, err
	}
	cfg := lp.Config
	dir := c.String(flagStateDir)
	if dir == "" {
		dir = cfg.Daemon.StateDir
	}
	var db *geo.DB
	var geoErr error
	if cfg.Geo.CountryDB != "" || cfg.Geo.ASNDB != "" {
		db, geoErr = geo.Open(cfg.ListFile(cfg.Geo.CountryDB), cfg.ListFile(cfg.Geo.ASNDB))
	}
	return lists.New(cfg, lp.Policy, db, dir), db, geoErr, nil
}

func runLists(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("lists: unexpected argument %q (did you mean `guardctl lists update`?)", c.Args().First())
	}
	set, db, geoErr, err := openLists(c)
	if err != nil {
		return err
	}
	defer db.Close()
	st := set.Status()
	for i, s := range st {
		// Lists the daemon has not loaded yet: count them here.
		if s.Applied.IsZero() && s.Entries == 0 {
			ps, err := set.Entries(set.Lists()[i])
			switch {
			case s.Kind == lists.KindGeo && geoErr != nil:
				st[i].Error = geoErr.Error()
			case err != nil && st[i].Error == "":
				st[i].Error = err.Error()
			case err == nil:
				st[i].Entries = len(ps)
			}
		}
	}
	if wantJSON(c) {
		if st == nil {
			st = []lists.Status{}
		}
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	if len(st) == 0 {
		fmt.Fprintln(c.App.Writer, "no block lists configured ([deny], [[feed]], [[cloud]], [geo] block_countries/allow_countries/block_asns)")
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LIST\tKIND\tENTRIES\tIN KERNEL\tREFRESHED\tLOADED\tSOURCE\tERROR")
	for _, s := range st {
		kernel := "-"
		if !s.Applied.IsZero() {
			kernel = strconv.Itoa(s.Kernel)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Kind, s.Entries, kernel,
			showTime(s.Refreshed), showTime(s.Applied), s.Source, dash(s.Error))
	}
	return tw.Flush()
}

func showTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(timeLayout)
}

// listUpdate is one line of `lists update --json`.
type listUpdate struct {
	Name     string `json:"name"`
	Source   string `json:"source"`
	Outcome  string `json:"outcome"` // updated, not_modified, failed
	Entries  int    `json:"entries"`
	Error    string `json:"error,omitempty"`
	KeptFrom string `json:"kept_copy_from,omitempty"`
}

func runListsUpdate(c *cli.Context) error {
	names := c.Args().Slice()
	set, db, _, err := openLists(c)
	if err != nil {
		return err
	}
	defer db.Close()
	known := map[string]bool{}
	for _, l := range set.Lists() {
		if l.Fetchable() {
			known[l.Name] = true
			known[strings.TrimPrefix(strings.TrimPrefix(l.Name, "f_"), "c_")] = true
		}
	}
	for _, n := range names {
		if !known[n] {
			return usagef("lists update: no [[feed]] or [[cloud]] with a url is named %q", n)
		}
	}
	results := set.Update(c.Context, names)
	out := make([]listUpdate, 0, len(results))
	failed := 0
	for _, r := range results {
		u := listUpdate{Name: r.List.Name, Source: r.List.Source, Entries: r.Result.Meta.Entries}
		switch {
		case r.Err != nil:
			failed++
			u.Outcome, u.Error = "failed", r.Err.Error()
			if !r.Result.Meta.Fetched.IsZero() {
				u.KeptFrom = r.Result.Meta.Fetched.Local().Format(timeLayout)
			}
		case r.Result.NotModif:
			u.Outcome = "not_modified"
		default:
			u.Outcome = "updated"
		}
		out = append(out, u)
	}
	if wantJSON(c) {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		if len(out) == 0 {
			fmt.Fprintln(c.App.Writer, "no [[feed]] or [[cloud]] with a url to download")
		}
		for _, u := range out {
			switch u.Outcome {
			case "failed":
				kept := "no copy yet"
				if u.KeptFrom != "" {
					kept = fmt.Sprintf("keeping the copy of %s (%d entries)", u.KeptFrom, u.Entries)
				}
				fmt.Fprintf(c.App.Writer, "%s: failed, %s: %s\n", u.Name, kept, u.Error)
			case "not_modified":
				fmt.Fprintf(c.App.Writer, "%s: not modified (%d entries)\n", u.Name, u.Entries)
			default:
				fmt.Fprintf(c.App.Writer, "%s: updated, %d entries\n", u.Name, u.Entries)
			}
		}
		if len(out) > failed {
			fmt.Fprintf(c.App.Writer, "a running daemon loads new copies into the kernel within %s\n", listsTick)
		}
	}
	if failed > 0 {
		return withCode(exitFailure, fmt.Errorf("lists update: %d of %d downloads failed", failed, len(out)))
	}
	return nil
}
