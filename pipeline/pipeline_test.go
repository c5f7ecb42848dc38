package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

func TestWindow(t *testing.T) {
	at := func(s string) time.Time {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	since, until := at("2026-11-01T10:00:00Z"), at("2026-11-01T11:00:00Z")
	cases := []struct {
		w    Window
		t    string
		want bool
	}{
		{Window{}, "1999-01-01T00:00:00Z", true},
		{Window{Since: since}, "2026-11-01T09:59:59Z", false},
		{Window{Since: since}, "2026-11-01T10:00:00Z", true}, // Since is inclusive
		{Window{Until: until}, "2026-11-01T10:59:59Z", true},
		{Window{Until: until}, "2026-11-01T11:00:00Z", false}, // Until is exclusive
		{Window{Since: since, Until: until}, "2026-11-01T10:30:00Z", true},
		{Window{Since: since, Until: until}, "2026-11-01T12:00:00Z", false},
		{Window{Since: since, Until: until}, "2026-11-01T11:00:00+01:00", true}, // 10:00 UTC
	}
	for _, c := range cases {
		if got := c.w.contains(at(c.t)); got != c.want {
			t.Errorf("%+v contains %s = %v, want %v", c.w, c.t, got, c.want)
		}
	}
}

func defaultPolicy(t *testing.T) *rules.Policy {
	t.Helper()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newProcessor(t *testing.T, spec parser.Spec, trusted []netip.Prefix, w Window) *Processor {
	t.Helper()
	p, err := parser.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	var res *clientip.Resolver
	if len(trusted) > 0 {
		if res, err = clientip.New(trusted); err != nil {
			t.Fatal(err)
		}
	}
	return NewProcessor(p, res, detector.New(defaultPolicy(t), detector.Options{}), w)
}

// TestProcessorTrustedProxy: behind a trusted proxy, a line without an
// untrusted X-Forwarded-For hop names no client and is skipped as
// no_client (judging the proxy would ban everyone behind it); with one it
// is judged as that client.
func TestProcessorTrustedProxy(t *testing.T) {
	proc := newProcessor(t, parser.Spec{Format: parser.FormatCombined, TrailingXFF: true}, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Window{})
	const base = `10.0.0.1 - - [01/Nov/2026:10:00:00 +0000] "GET /.git/config HTTP/1.1" 404 1 "-" "curl/8"`
	cases := []struct {
		name   string
		line   string
		out    Outcome
		reason parser.Reason
		client string
	}{
		{"no header", base, Skipped, ReasonNoClient, ""},
		{"empty header", base + ` "-"`, Skipped, ReasonNoClient, ""},
		{"only trusted hops", base + ` "10.1.1.1, 10.2.2.2"`, Skipped, ReasonNoClient, ""},
		{"garbage hop", base + ` "unknown"`, Skipped, ReasonNoClient, ""},
		{"client", base + ` "203.0.113.9, 10.1.1.1"`, Judged, "", "203.0.113.9"},
		{"spoofed left of the client", base + ` "192.0.2.1, 203.0.113.9"`, Judged, "", "203.0.113.9"},
		{"untrusted peer's header ignored", `198.51.100.4 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x" "203.0.113.9"`, Judged, "", "198.51.100.4"},
	}
	for _, c := range cases {
		out, ev, v, reason := proc.Process([]byte(c.line))
		if out != c.out || reason != c.reason {
			t.Errorf("%s: outcome %d reason %q, want %d %q", c.name, out, reason, c.out, c.reason)
			continue
		}
		if out == Judged {
			if ev.Client.String() != c.client || v.Key != netip.PrefixFrom(ev.Client, 32) {
				t.Errorf("%s: client %s key %s, want %s", c.name, ev.Client, v.Key, c.client)
			}
		}
	}
}

func TestProcessorOutcomes(t *testing.T) {
	since := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	proc := newProcessor(t, parser.Spec{Format: parser.FormatCombined}, nil, Window{Since: since})
	out, ev, _, _ := proc.Process([]byte(`203.0.113.9 - - [01/Nov/2026:09:59:59 +0000] "GET /HNAP1/ HTTP/1.1" 404 1 "-" "x"`))
	if out != OutOfRange || ev == nil {
		t.Errorf("line before --since: outcome %d", out)
	}
	// Out of range lines are not judged: the trap above banned nobody.
	out, _, v, _ := proc.Process([]byte(`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"`))
	if out != Judged || v.Banned || v.Decision != nil {
		t.Errorf("in-range line: outcome %d verdict %+v", out, v)
	}
	out, _, _, reason := proc.Process([]byte(`203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" abc 1 "-" "x"`))
	if out != Skipped || reason != parser.ReasonBadStatus {
		t.Errorf("bad status: outcome %d reason %q", out, reason)
	}
}

// sink records what Replay reports.
type sink struct {
	inputs  []string
	formats []string
	skipped map[parser.Reason]int
	out     int
	lines   []uint64
	clients []string
}

func (s *sink) BeginInput(name, format string) {
	s.inputs = append(s.inputs, name)
	s.formats = append(s.formats, format)
}
func (s *sink) Skip(r parser.Reason) {
	if s.skipped == nil {
		s.skipped = map[parser.Reason]int{}
	}
	s.skipped[r]++
}
func (s *sink) OutOfRange() { s.out++ }
func (s *sink) Observe(n uint64, _ []byte, ev *parser.Event, _ *detector.Verdict) {
	s.lines = append(s.lines, n)
	s.clients = append(s.clients, ev.Client.String())
}

func TestReplayStdinPlainAndGzip(t *testing.T) {
	log := `203.0.113.1 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"
junk
203.0.113.2 - - [01/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 1 "-" "x"
` + strings.Repeat("z", 300) + `
203.0.113.3 - - [01/Nov/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 1 "-" "x"`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(log))
	zw.Close()
	for name, data := range map[string][]byte{"plain": []byte(log), "gzip": gz.Bytes()} {
		t.Run(name, func(t *testing.T) {
			var s sink
			det := detector.New(defaultPolicy(t), detector.Options{})
			err := Replay(context.Background(), []string{"-"}, det, ReplayOptions{Stdin: bytes.NewReader(data), MaxLine: 200}, &s)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.inputs) != 1 || s.inputs[0] != "-" || s.formats[0] != parser.FormatCombined {
				t.Errorf("inputs %v formats %v", s.inputs, s.formats)
			}
			if strings.Join(s.clients, ",") != "203.0.113.1,203.0.113.2,203.0.113.3" {
				t.Errorf("judged %v", s.clients)
			}
			// Line numbers count the skipped lines too, so explain
			// output points at the right line of the file.
			if len(s.lines) != 3 || s.lines[0] != 1 || s.lines[1] != 3 || s.lines[2] != 5 {
				t.Errorf("line numbers %v, want 1 3 5", s.lines)
			}
			if s.skipped[ReasonTooLong] != 1 || len(s.skipped) != 2 {
				t.Errorf("skipped %v, want one line_too_long and one junk line", s.skipped)
			}
		})
	}
}

// An empty line among the first lines (those buffered for format
// detection) is counted as empty, not as too long (review finding: the
// buffer's copy of an empty line was nil, its marker for "too long").
func TestReplayEmptyHeadLine(t *testing.T) {
	log := "203.0.113.1 - - [01/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n\n" +
		"203.0.113.2 - - [01/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n"
	var s sink
	det := detector.New(defaultPolicy(t), detector.Options{})
	if err := Replay(context.Background(), []string{"-"}, det, ReplayOptions{Stdin: strings.NewReader(log)}, &s); err != nil {
		t.Fatal(err)
	}
	if s.skipped[ReasonTooLong] != 0 || s.skipped[parser.ReasonEmpty] != 1 || len(s.clients) != 2 {
		t.Errorf("skipped %v, judged %v: want one empty line and two clients", s.skipped, s.clients)
	}
}

func TestReplayErrors(t *testing.T) {
	det := detector.New(defaultPolicy(t), detector.Options{})
	var s sink
	err := Replay(context.Background(), []string{"/nonexistent/access.log"}, det, ReplayOptions{}, &s)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/access.log") {
		t.Errorf("missing file: %v", err)
	}
	err = Replay(context.Background(), []string{"-"}, det, ReplayOptions{Stdin: strings.NewReader("no\nlog\nformat\n")}, &s)
	if err == nil || !strings.Contains(err.Error(), "detect format") {
		t.Errorf("undetectable input: %v", err)
	}
	err = Replay(context.Background(), []string{"-"}, det, ReplayOptions{Stdin: strings.NewReader("\x1f\x8bnot gzip")}, &s)
	if err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("broken gzip: %v", err)
	}
	// An empty input is not an error.
	s = sink{}
	if err := Replay(context.Background(), []string{"-"}, det, ReplayOptions{Stdin: strings.NewReader("")}, &s); err != nil || len(s.inputs) != 1 {
		t.Errorf("empty input: %v, inputs %v", err, s.inputs)
	}
}

func TestReplayKeepGoing(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/good.log"
	if err := os.WriteFile(good, []byte(`203.0.113.1 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []string{dir + "/missing.log", good, dir + "/also-missing.log"}
	for _, keep := range []bool{false, true} {
		var s sink
		det := detector.New(defaultPolicy(t), detector.Options{})
		err := Replay(context.Background(), inputs, det, ReplayOptions{KeepGoing: keep}, &s)
		if err == nil || !strings.Contains(err.Error(), "missing.log") {
			t.Fatalf("keep %v: error %v", keep, err)
		}
		if keep != (len(s.clients) == 1) {
			t.Errorf("keep %v: judged %v", keep, s.clients)
		}
		if keep && !strings.Contains(err.Error(), "also-missing.log") {
			t.Errorf("keep going: only the first error returned: %v", err)
		}
	}
	// Cancellation stops even when keeping going.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var s sink
	big := dir + "/big.log"
	line := `203.0.113.1 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"` + "\n"
	if err := os.WriteFile(big, []byte(strings.Repeat(line, 70000)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Replay(ctx, []string{big, good}, detector.New(defaultPolicy(t), detector.Options{}), ReplayOptions{KeepGoing: true}, &s)
	if !errors.Is(err, context.Canceled) || len(s.inputs) != 1 {
		t.Errorf("cancelled replay: %v, inputs %v", err, s.inputs)
	}
}
