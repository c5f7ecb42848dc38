package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/report"
)

// traceSink writes down every call in order, with each verdict in full.
type traceSink struct{ calls []string }

func (s *traceSink) BeginInput(name, format string) {}
func (s *traceSink) Skip(r parser.Reason)           { s.calls = append(s.calls, "skip "+string(r)) }
func (s *traceSink) OutOfRange()                    { s.calls = append(s.calls, "out of range") }
func (s *traceSink) Observe(n uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	s.calls = append(s.calls, fmt.Sprintf("%d %s %s %s allowed=%v banned=%v hits=%v decision=%s",
		n, raw, ev.Path, v.Key, v.Allowed, v.Banned, v.Hits, decision(v.Decision)))
}

func decision(d *detector.Decision) string {
	if d == nil {
		return "-"
	}
	return fmt.Sprintf("%s %s %d %v", d.Action, d.Duration, d.Offence, d.Rules)
}

// mixedLog has what a replay must keep in order across its stages:
// browsing clients, attackers whose hits ban them (and whose later lines
// arrive banned), a flood, junk, too-long and out-of-window lines, over
// several batches.
func mixedLog(t *testing.T, n int) string {
	var b strings.Builder
	start := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	paths := []string{"/", "/static/img/logo.svg", "/login", "/search?q=O%27Reilly", "/.env", "/index.php?id=1%27%20UNION%20SELECT%20user,password%20FROM%20users--", "/download?file=../../../../etc/passwd"}
	for i := range n {
		ts := start.Add(time.Duration(i) * 20 * time.Millisecond)
		switch {
		case i%997 == 500:
			b.WriteString("junk line\n")
			continue
		case i%1499 == 700:
			b.WriteString(strings.Repeat("x", 5000) + "\n")
			continue
		case i%1201 == 3:
			ts = start.Add(-time.Hour) // before --since
		}
		ip := fmt.Sprintf("198.51.%d.%d", i%7, i%251)
		p := paths[0]
		if i%13 == 0 {
			p = paths[i/13%len(paths)]
		}
		if i%5 == 0 {
			ip = "203.0.113.77" // a flood
		}
		fmt.Fprintf(&b, "%s - - [%s] \"GET %s HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0\"\n",
			ip, ts.Format("02/Jan/2006:15:04:05 -0700"), p)
	}
	path := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReplayMatchesSequential: the staged replay (read, prepare, judge,
// report on their own goroutines) hands the sink the same calls, in the
// same order, with the same verdicts, as judging line by line.
func TestReplayMatchesSequential(t *testing.T) {
	path := mixedLog(t, 3*batchLines+123)
	w := Window{Since: time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC)}
	opts := ReplayOptions{Spec: parser.Spec{Format: parser.FormatCombined}, Window: w, MaxLine: 4096}

	var got traceSink
	det := detector.New(defaultPolicy(t), detector.Options{})
	if err := Replay(context.Background(), []string{path}, det, opts, &got); err != nil {
		t.Fatal(err)
	}

	var want traceSink
	sequential(t, newProcessor(t, opts.Spec, nil, w), path, opts.MaxLine, &want)
	if len(got.calls) != len(want.calls) {
		t.Fatalf("%d sink calls, want %d", len(got.calls), len(want.calls))
	}
	var bans int
	for i := range want.calls {
		if got.calls[i] != want.calls[i] {
			t.Fatalf("call %d:\n got %s\nwant %s", i, got.calls[i], want.calls[i])
		}
		if strings.Contains(want.calls[i], "decision=ban") {
			bans++
		}
	}
	if bans == 0 {
		t.Error("no ban in the mixed log: the test compares nothing that matters")
	}
}

// cancelSink cancels the replay after some lines.
type cancelSink struct {
	traceSink
	after  int
	cancel context.CancelFunc
}

func (s *cancelSink) Observe(n uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	if s.after--; s.after == 0 {
		s.cancel()
	}
}

// TestReplayCancel: a cancelled replay returns the context's error, and
// only once its stages have stopped using the detector (run with -race:
// the caller reads the detector right away).
func TestReplayCancel(t *testing.T) {
	path := mixedLog(t, 4*inFlight*batchLines)
	det := detector.New(defaultPolicy(t), detector.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &cancelSink{after: batchLines + 10, cancel: cancel}
	err := Replay(ctx, []string{path}, det, ReplayOptions{Spec: parser.Spec{Format: parser.FormatCombined}}, s)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if ev := det.Stats().Events; ev >= uint64(4*inFlight*batchLines) {
		t.Errorf("%d events judged: the replay did not stop", ev)
	}
}

// TestReplayReportKnown: a report collected through the parallel replay
// (which hands the collector the memo's numbers of each line's request
// line and user agent) is the report of the same lines observed one by
// one, over two inputs whose memos number their texts afresh.
func TestReplayReportKnown(t *testing.T) {
	first := mixedLog(t, 2*batchLines+77)
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	slices.Reverse(lines) // the same texts, numbered in another order
	second := filepath.Join(t.TempDir(), "reversed.log")
	if err := os.WriteFile(second, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := ReplayOptions{Spec: parser.Spec{Format: parser.FormatCombined}, MaxLine: 4096}
	pol := defaultPolicy(t)
	got := report.NewCollector(report.Options{})
	if err := Replay(context.Background(), []string{first, second}, detector.New(pol, detector.Options{}), opts, got); err != nil {
		t.Fatal(err)
	}
	want := report.NewCollector(report.Options{})
	proc := NewProcessor(mustParser(t, opts.Spec), nil, detector.New(pol, detector.Options{}), Window{})
	for _, path := range []string{first, second} {
		want.BeginInput(path, parser.FormatCombined)
		sequential(t, proc, path, opts.MaxLine, want)
	}
	g, err := json.Marshal(got.Report(report.PolicyInfo{}, -1))
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want.Report(report.PolicyInfo{}, -1))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("replayed report differs from line by line:\n%s\n%s", g, w)
	}
	if !bytes.Contains(g, []byte(`"/.env"`)) {
		t.Error("no path counted: the test compares nothing")
	}
}

func mustParser(t *testing.T, spec parser.Spec) parser.Parser {
	t.Helper()
	p, err := parser.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sequential hands sink what judging path's lines one by one with proc
// gives, lines over maxLine skipped as too long.
func sequential(t *testing.T, proc *Processor, path string, maxLine int, sink Sink) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if len(line) > maxLine {
			sink.Skip(ReasonTooLong)
			continue
		}
		out, ev, v, reason := proc.Process([]byte(line))
		switch out {
		case Judged:
			sink.Observe(uint64(i+1), []byte(line), ev, &v)
		case Skipped:
			sink.Skip(reason)
		case OutOfRange:
			sink.OutOfRange()
		}
	}
}
