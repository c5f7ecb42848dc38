package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/journald"
	"github.com/guardctl/guardctl/logsource"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// The offline commands read logs the way the daemon does: `--source NAME`
// takes a [[source]] of the policy (format, patterns, ignore, time zone,
// trusted proxies) through the same builder as `guardctl run`
// (logsource), and `--log-format` names any built-in format.

func sourceFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "source", Usage: "read the input as the policy's [[source]] NAME does (its name or path): format, patterns, ignore, time_zone, trusted_proxies"}
}

func logFormatUsage(what string) string {
	return what + ": auto, " + strings.Join(parser.Formats(), ", ") + " (regex and app need their patterns: use --source)"
}

// inputSpec is the parser spec for --source/--log-format and the source
// picked, nil without --source. The two flags exclude each other: a
// source brings its own format.
func inputSpec(verb string, pol *loadedPolicy, source, logFormat string) (parser.Spec, *rules.SourceConfig, error) {
	if source == "" {
		if err := checkLogFormat(verb, logFormat); err != nil {
			return parser.Spec{}, nil, err
		}
		if logFormat == parser.FormatRegex || logFormat == parser.FormatApp {
			return parser.Spec{}, nil, usagef("%s: --log-format %s needs its regex patterns: define a [[source]] in the policy and pass --source NAME", verb, logFormat)
		}
		return parser.Spec{Format: logFormat}, nil, nil
	}
	if logFormat != "" && logFormat != "auto" {
		return parser.Spec{}, nil, usagef("%s: --source and --log-format exclude each other: the source names its format", verb)
	}
	sc, err := logsource.Find(pol.Config, source)
	if err != nil {
		return parser.Spec{}, nil, usagef("%s: --source: %v", verb, err)
	}
	spec, err := logsource.Spec(sc)
	if err != nil {
		return parser.Spec{}, nil, withCode(exitConfig, err)
	}
	if spec.Format == "" {
		spec.Format = "auto"
	}
	return spec, &sc, nil
}

// sourceResolver is resolverFor with the source's own trusted_proxies
// (which replace the top-level list when the source sets them).
func sourceResolver(pol *loadedPolicy, sc *rules.SourceConfig, extra []string) (*clientip.Resolver, error) {
	if sc == nil || sc.TrustedProxies == nil {
		return resolverFor(pol.Policy, extra)
	}
	p := *pol.Policy
	p.TrustedProxies = sc.Proxies(pol.Policy.TrustedProxies)
	return resolverFor(&p, extra)
}

// sourceDetected completes a spec detected for an auto source with the
// source's own keys, as the daemon does; nil without a source.
func sourceDetected(sc *rules.SourceConfig) func(parser.Spec) parser.Spec {
	if sc == nil {
		return nil
	}
	return func(spec parser.Spec) parser.Spec { return logsource.Detected(*sc, spec) }
}

// sourceFiles are the files of a file source (its glob expanded), for a
// command given --source and no input. A journal source has none: its
// entries are read with journalctl instead (journalInput).
func sourceFiles(verb string, sc *rules.SourceConfig) ([]string, error) {
	if sc.IsJournal() {
		return []string{"-"}, nil
	}
	files, err := filepath.Glob(sc.Path)
	if err != nil || len(files) == 0 {
		return nil, withCode(exitInput, fmt.Errorf("%s: source %s: no file matches %s", verb, sc.Label(), sc.Path))
	}
	return files, nil
}

// journalInput streams a journal source's entries (journalctl, no follow)
// as the lines the daemon's follower makes of them, for --source with no
// input; files are journal files to read instead of the system journal
// (tests). The returned wait gives journalctl's error once the reader is
// drained.
func journalInput(ctx context.Context, sc *rules.SourceConfig, files []string) (io.Reader, func() error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := journald.Export(ctx, journald.Options{Units: sc.JournalUnits, Matches: sc.JournalMatches, Files: files}, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	return pr, func() error { return <-done }
}

// sourceLabel is the label events read through sc carry (parser.Event
// Source), for throttles scoped to sources; "" without --source.
func sourceLabel(sc *rules.SourceConfig) string {
	if sc == nil {
		return ""
	}
	return sc.Label()
}

// checkLogFormat refuses an unknown --log-format before any file is read:
// a usage error, not an input error.
func checkLogFormat(verb, f string) error {
	if f == "" || f == "auto" || slices.Contains(parser.Formats(), f) {
		return nil
	}
	return usagef("%s: --log-format %q: want auto or one of %s", verb, f, strings.Join(parser.Formats(), ", "))
}
