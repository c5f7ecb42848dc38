package cli

import (
	"fmt"
	"net/netip"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/report"
)

func analyzeCommand() *cli.Command {
	return &cli.Command{
		Name:      "analyze",
		Usage:     "judge access logs with the policy and print a report (enforces nothing)",
		ArgsUsage: "FILE [FILE...]   (\"-\" reads standard input; .gz is decompressed)",
		Flags: []cli.Flag{
			configFlag(),
			outputFlag([]string{outputHTML}, "format"),
			colorFlag(),
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: logFormatUsage("input format")},
			sourceFlag(),
			&cli.StringSliceFlag{Name: "journal-file", Hidden: true, Usage: "with --source of a journal source: read these journal files instead of the system journal"},
			&cli.StringFlag{Name: "explain", Usage: "show the lines and rules behind this client's verdict", Value: ""},
			&cli.StringFlag{Name: "since", Usage: "judge only lines at or after this time: 1h, 2d (back from now), RFC 3339, 2006-01-02, or '2006-01-02 15:04:05' UTC"},
			&cli.StringFlag{Name: "until", Usage: "judge only lines before this time (same forms as --since)"},
			&cli.IntFlag{Name: "top", Value: 10, Usage: "offenders listed in the text report, and length of the top tables (paths, statuses, user agents, clients)"},
			&cli.StringSliceFlag{Name: "trusted-proxy", Usage: "CIDR whose X-Forwarded-For is believed (adds to the policy's trusted_proxies)"},
			&cli.BoolFlag{Name: "no-progress", Usage: "no progress bar on stderr"},
			&cli.BoolFlag{Name: "fail-on-ban", Usage: fmt.Sprintf("exit %d when at least one client would be banned", exitBanned)},
		},
		Action:       runAnalyze,
		OnUsageError: commandUsageError,
	}
}

func runAnalyze(c *cli.Context) error {
	inputs := c.Args().Slice()
	if len(inputs) == 0 && c.String("source") == "" {
		return usagef("analyze: name at least one log file, or - for standard input (or --source NAME to read that source's files)")
	}
	format, err := outputOf(c)
	if err != nil {
		return err
	}
	if err := checkLogFormat("analyze", c.String("log-format")); err != nil {
		return err
	}
	if c.Int("top") < 0 {
		return usagef("analyze: --top must be 0 or more")
	}
	var explain netip.Addr
	if s := c.String("explain"); s != "" {
		a, err := parseAddrArg(s)
		if err != nil {
			return usagef("analyze: --explain: %v", err)
		}
		explain = a
	}
	var w pipeline.Window
	if w.Since, err = parseTimeArg(c.String("since")); err != nil {
		return usagef("analyze: --since: %v", err)
	}
	if w.Until, err = parseTimeArg(c.String("until")); err != nil {
		return usagef("analyze: --until: %v", err)
	}
	if err := checkWindow("analyze", w); err != nil {
		return err
	}

	pol, err := loadPolicy(c.String("config"))
	if err != nil {
		return err
	}
	spec, sc, err := inputSpec("analyze", pol, c.String("source"), c.String("log-format"))
	if err != nil {
		return err
	}
	stdin := c.App.Reader
	var journalDone func() error
	if len(inputs) == 0 {
		if inputs, err = sourceFiles("analyze", sc); err != nil {
			return err
		}
		if sc.IsJournal() {
			stdin, journalDone = journalInput(c.Context, sc, c.StringSlice("journal-file"))
		}
	}
	resolver, err := sourceResolver(pol, sc, c.StringSlice("trusted-proxy"))
	if err != nil {
		return usagef("analyze: --trusted-proxy: %v", err)
	}

	defer analyzeMemLimit()() // analyze_memlimit.go: the heap follows the live tables

	// A one-shot run: huge-page groups for the client tables (their
	// khugepaged afterlife does not matter here, see detector.Options).
	det := detector.New(pol.Policy, detector.Options{Country: countryLookup(pol.Config), HugeGroups: true})
	col := report.NewCollector(report.Options{Explain: explain})
	opts := pipeline.ReplayOptions{
		Spec:     spec,
		Detected: sourceDetected(sc),
		Source:   sourceLabel(sc),
		Resolver: resolver,
		Window:   w,
		Stdin:    stdin,
		// One unreadable file (a truncated rotated .gz) must not hide
		// the verdicts on all the others: report them, then exit 4.
		KeepGoing: true,
	}
	var bar *progressBar
	if !c.Bool("no-progress") {
		if bar = newProgressBar(c.App.ErrWriter, inputs); bar != nil {
			// Called on the goroutine that feeds col.
			opts.Progress = func(read int64) { bar.update(read, col.Lines()) }
		}
	}
	inputErr := pipeline.Replay(c.Context, inputs, det, opts, col)
	bar.finish() // before anything else is written
	if journalDone != nil {
		if err := journalDone(); err != nil && inputErr == nil {
			inputErr = fmt.Errorf("read the journal of source %s: %w", sc.Label(), err)
		}
	}
	if inputErr != nil {
		if c.Context.Err() != nil {
			return withCode(exitFailure, fmt.Errorf("analyze interrupted: %w", inputErr))
		}
		if col.Lines() == 0 {
			return withCode(exitInput, inputErr)
		}
	}
	r := col.Report(report.PolicyInfo{Source: pol.Source, Origin: pol.Origin, Mode: string(pol.Policy.Mode)}, c.Int("top"))
	addGeo(c, col, r, pol.Config)
	if err := writeAnalyzeReport(c, r, format); err != nil {
		return err
	}
	if inputErr != nil {
		return withCode(exitInput, fmt.Errorf("%w\n(the report covers only what could be read)", inputErr))
	}
	if err := judgedNothing(c, r.Summary); err != nil {
		return err
	}
	if c.Bool("fail-on-ban") && r.Summary.Banned > 0 {
		return withCode(exitBanned, fmt.Errorf("%s would be banned", plural(r.Summary.Banned, "client")))
	}
	return nil
}

// parseAddrArg reads an IP address given by a user; IPv4-mapped IPv6 is the
// IPv4 address.
func parseAddrArg(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%q is not an IP address", s)
	}
	return a.Unmap().WithZone(""), nil
}
