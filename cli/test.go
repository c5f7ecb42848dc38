package cli

import (
	"fmt"

	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/expect"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

func testCommand() *cli.Command {
	return &cli.Command{
		Name:      "test",
		Usage:     "replay fixture logs and check the verdicts against their expectations (for CI)",
		ArgsUsage: "DIR|FILE.log [...]   (each NAME.log is checked against NAME.expect.toml beside it)",
		Flags: []cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: "junit", Usage: "also write a JUnit XML report to this file"},
			&cli.BoolFlag{Name: "update", Usage: "write NAME.expect.toml from the current verdicts (a first baseline; refused when CI is set)"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print every fixture's offenders, not only failures"},
			outputFlag(nil),
			sourceFlag(),
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: logFormatUsage("format of fixtures whose expectations set no log_format")},
		},
		Action:       runTest,
		OnUsageError: commandUsageError,
	}
}

// fixture is one log and its expectations file.
type fixture struct {
	log, expect string
}

func (f fixture) name() string { return strings.TrimSuffix(filepath.Base(f.log), ".log") }

func runTest(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return usagef("test: name a directory of fixtures or fixture logs")
	}
	update := c.Bool("update")
	if update && os.Getenv("CI") != "" {
		return usagef("test: --update rewrites expectations from current verdicts; refused because CI is set (run it on your machine and review the diff)")
	}
	if _, err := outputOf(c); err != nil {
		return err
	}
	fixtures, err := findFixtures(args, update)
	if err != nil {
		return err
	}
	policies := newPolicyCache(c.String("config"))
	// A broken --config (or default) policy is the user's config error,
	// not every fixture's: report it once, with its exit code.
	if _, err := policies.get(""); err != nil {
		return err
	}
	w := testTextWriter(c)
	var cases []expect.Case
	var failed, broken, malformedExp, passed int
	for res := range replayAll(c, fixtures, policies, update) {
		cs, out, kind, fx := res.cs, res.out, res.kind, res.fx
		switch kind {
		case fixturePass:
			passed++
			fmt.Fprintf(w, "ok    %s%s\n", fx.log, out)
		case fixtureMismatch:
			failed++
			cs.Failure = out
			fmt.Fprintf(w, "FAIL  %s\n%s", fx.log, out)
		case fixtureBadExpect:
			malformedExp++
			cs.Error = out
			fmt.Fprintf(w, "ERROR %s\n      %s\n", fx.log, indent(out))
		case fixtureBadLog:
			broken++
			cs.Error = out
			fmt.Fprintf(w, "ERROR %s\n      %s\n", fx.log, indent(out))
		}
		cases = append(cases, cs)
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %s\n", passed, failed, plural(broken+malformedExp, "error"))
	if err := writeTestJSON(c, cases); err != nil {
		return err
	}
	if path := c.String("junit"); path != "" {
		if err := writeJUnitFile(path, cases); err != nil {
			return withCode(exitFailure, err)
		}
	}
	// The most basic problem wins the exit code: a suite whose files are
	// broken has not been checked at all.
	switch {
	case malformedExp > 0:
		return withCode(exitExpectations, fmt.Errorf("%d expectations files are malformed", malformedExp))
	case broken > 0:
		return withCode(exitFixture, fmt.Errorf("%d fixture logs could not be replayed", broken))
	case failed > 0:
		return withCode(exitMismatch, fmt.Errorf("%d of %d fixtures do not match their expectations", failed, len(fixtures)))
	}
	return nil
}

type fixtureResult int

// fixtureRun is one fixture's outcome, as runFixture gives it.
type fixtureRun struct {
	fx   fixture
	cs   expect.Case
	out  string
	kind fixtureResult
}

// replayAll replays the fixtures on one worker per core (each fixture has
// a detector of its own; the compiled policies are shared and only read)
// and yields the outcomes in the fixtures' order, each as soon as it and
// those before it are done: the output is the same as one at a time, in a
// fraction of the time (a CI suite of many fixtures).
func replayAll(c *cli.Context, fixtures []fixture, policies *policyCache, update bool) <-chan fixtureRun {
	done := make([]chan fixtureRun, len(fixtures))
	for i := range done {
		done[i] = make(chan fixtureRun, 1)
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range fixtures {
			next <- i
		}
	}()
	for range min(runtime.GOMAXPROCS(0), len(fixtures)) {
		go func() {
			for i := range next {
				fx := fixtures[i]
				start := time.Now()
				out, kind := runFixture(c, fx, policies, update)
				done[i] <- fixtureRun{fx: fx, cs: expect.Case{Name: fx.name(), File: fx.log, Duration: time.Since(start)}, out: out, kind: kind}
			}
		}()
	}
	out := make(chan fixtureRun)
	go func() {
		defer close(out)
		for _, d := range done {
			out <- <-d
		}
	}()
	return out
}

const (
	fixturePass fixtureResult = iota
	fixtureMismatch
	fixtureBadExpect
	fixtureBadLog
)

// runFixture replays one fixture and returns text for the user: a short
// summary on success, the diff on a mismatch, the error otherwise.
func runFixture(c *cli.Context, fx fixture, policies *policyCache, update bool) (string, fixtureResult) {
	var exp *expect.File
	if !update {
		var err error
		if exp, err = expect.LoadFile(fx.expect); err != nil {
			return err.Error(), fixtureBadExpect
		}
	} else {
		exp = &expect.File{Path: fx.expect}
		if old, err := expect.LoadFile(fx.expect); err == nil {
			exp = old
		}
	}
	configPath := ""
	if exp.Config != "" {
		configPath = filepath.Join(filepath.Dir(fx.expect), exp.Config)
	}
	pol, err := policies.get(configPath)
	if err != nil {
		return fmt.Sprintf("%s: %v", fx.expect, err), fixtureBadExpect
	}
	r, err := replayFixture(c, fx, exp, pol)
	if err != nil {
		return err.Error(), fixtureBadLog
	}
	if update {
		if err := writeBaseline(fx, exp, r); err != nil {
			return err.Error(), fixtureBadExpect
		}
		return fmt.Sprintf("  (expectations written to %s: review them)", fx.expect), fixturePass
	}
	ms := expect.Compare(exp, r)
	if len(ms) == 0 {
		return fmt.Sprintf("  (%d lines, %d banned, %d watched)", r.Summary.Lines, r.Summary.Banned, r.Summary.Watched), fixturePass
	}
	return renderMismatches(fx, ms), fixtureMismatch
}

func replayFixture(c *cli.Context, fx fixture, exp *expect.File, pol *loadedPolicy) (*report.Report, error) {
	// The fixture's own log_format wins; else --source/--log-format.
	spec, sc := parser.Spec{Format: exp.LogFormat}, (*rules.SourceConfig)(nil)
	if exp.LogFormat == "" || exp.LogFormat == "auto" {
		var err error
		if spec, sc, err = inputSpec("test", pol, c.String("source"), c.String("log-format")); err != nil {
			return nil, err
		}
	}
	resolver, err := sourceResolver(pol, sc, nil)
	if err != nil {
		return nil, err
	}
	det := detector.New(pol.Policy, detector.Options{Country: countryLookup(pol.Config)})
	// Every offender is detailed: an expectation checks each listed address,
	// and a banned benign client left out of analyze's capped list would
	// pass unseen.
	col := report.NewCollector(report.Options{MaxOffenders: -1})
	opts := pipeline.ReplayOptions{Spec: spec, Resolver: resolver, Detected: sourceDetected(sc), Source: sourceLabel(sc)}
	if err := pipeline.Replay(c.Context, []string{fx.log}, det, opts, col); err != nil {
		return nil, err
	}
	r := col.Report(report.PolicyInfo{Source: pol.Source, Mode: string(pol.Policy.Mode)}, 5)
	if r.Summary.Lines > 0 && r.Summary.Parsed == 0 {
		return nil, fmt.Errorf("%s: none of its %d lines could be parsed (skipped: %v)", fx.log, r.Summary.Lines, r.Summary.SkippedByReason)
	}
	return r, nil
}

// renderMismatches prints expected against got, and for every unexpected or
// wrong ban the rule ids with the sample line that made them fire.
func renderMismatches(fx fixture, ms []expect.Mismatch) string {
	var b strings.Builder
	for _, m := range ms {
		where := fx.expect
		if m.Line > 0 {
			where = fmt.Sprintf("%s:%d", fx.expect, m.Line)
		}
		who := m.Client
		if who == "" {
			who = "summary"
		}
		fmt.Fprintf(&b, "      %s (%s)\n", who, where)
		fmt.Fprintf(&b, "        expected: %s\n", m.Want)
		fmt.Fprintf(&b, "        got:      %s\n", m.Got)
		if o := m.Offender; o != nil {
			for _, r := range o.Rules {
				fmt.Fprintf(&b, "          rule %s (%s): %d hits, %d points; e.g. %s\n", r.ID, r.Category, r.Hits, r.Points, clipLine(r.Sample))
			}
		}
	}
	return b.String()
}

func clipLine(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func indent(s string) string { return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      ") }

// findFixtures expands directories to their *.log files and pairs each log
// with NAME.expect.toml. A log without expectations is an error unless
// --update is creating them.
func findFixtures(args []string, update bool) ([]fixture, error) {
	var logs []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, withCode(exitFixture, fmt.Errorf("test: %w", err))
		}
		if !st.IsDir() {
			logs = append(logs, a)
			continue
		}
		m, err := filepath.Glob(filepath.Join(a, "*.log"))
		if err != nil {
			return nil, withCode(exitFixture, fmt.Errorf("test: %w", err))
		}
		sort.Strings(m)
		logs = append(logs, m...)
	}
	if len(logs) == 0 {
		return nil, withCode(exitFixture, fmt.Errorf("test: no *.log fixtures in %s", strings.Join(args, ", ")))
	}
	var out []fixture
	var missing []string
	for _, l := range logs {
		e := strings.TrimSuffix(l, ".log") + ".expect.toml"
		if _, err := os.Stat(e); err != nil && !update {
			missing = append(missing, e)
			continue
		}
		out = append(out, fixture{log: l, expect: e})
	}
	if len(missing) > 0 {
		return nil, withCode(exitExpectations, fmt.Errorf("test: fixtures without expectations (create them, or run with --update for a first baseline): %s", strings.Join(missing, ", ")))
	}
	return out, nil
}

func writeBaseline(fx fixture, exp *expect.File, r *report.Report) error {
	f, err := os.Create(fx.expect)
	if err != nil {
		return fmt.Errorf("write expectations: %w", err)
	}
	desc := exp.Description
	if desc == "" {
		desc = fx.name()
	}
	if err := expect.Baseline(f, r, expect.Settings{Description: desc, LogFormat: exp.LogFormat, Config: exp.Config}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJUnitFile(path string, cases []expect.Case) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write junit %s: %w", path, err)
	}
	if err := expect.WriteJUnit(f, "guardctl", cases); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// policyCache compiles each policy file once per run; "" is the --config
// policy (or the embedded default).
type policyCache struct {
	def  string
	mu   sync.Mutex // fixtures are replayed concurrently (replayAll)
	m    map[string]*loadedPolicy
	errs map[string]error
}

func newPolicyCache(def string) *policyCache {
	return &policyCache{def: def, m: map[string]*loadedPolicy{}, errs: map[string]error{}}
}

func (pc *policyCache) get(path string) (*loadedPolicy, error) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if path == "" {
		path = pc.def
	}
	if p, ok := pc.m[path]; ok {
		return p, nil
	}
	if err, ok := pc.errs[path]; ok {
		return nil, err
	}
	p, err := loadPolicy(path)
	if err != nil {
		pc.errs[path] = err
		return nil, err
	}
	pc.m[path] = p
	return p, nil
}
