package report

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

func TestTopKKeepsHeavyHitters(t *testing.T) {
	tk := NewTopK(32)
	want := map[string]uint64{}
	add := func(v string) {
		tk.Add([]byte(v))
		want[v]++
	}
	for i := range 20000 {
		// Hitters spread over the whole stream (a home page at 20%, two
		// more at 10%) among values seen once each (a scanner's wordlist).
		switch i % 10 {
		case 0, 1:
			add("/")
		case 2:
			add("/login")
		case 3:
			add("/static/app.js")
		default:
			add(fmt.Sprintf("/probe/%d", i))
		}
	}
	if !tk.pruned {
		t.Fatal("12,000 distinct values did not prune a 32-value table")
	}
	if tk.n > 32 {
		t.Errorf("table holds %d values, cap 32", tk.n)
	}
	top := tk.Top(3)
	if len(top) != 3 || top[0].Value != "/" {
		t.Fatalf("top = %v, want / first", top)
	}
	for _, c := range top {
		// A hitter may lose only what it had before it first survived
		// a prune: a few dozen of thousands.
		if w := want[c.Value]; strings.HasPrefix(c.Value, "/probe/") || c.Count > w || c.Count < w-w/20 {
			t.Errorf("top entry %s: count %d, true count %d", c.Value, c.Count, w)
		}
	}
}

func TestTopKOrderAndTies(t *testing.T) {
	tk := NewTopK(100)
	for _, v := range []string{"b", "a", "c", "a", "b", "a"} {
		tk.Add([]byte(v))
	}
	top := tk.Top(-1)
	want := []Count{{"a", 3}, {"b", 2}, {"c", 1}}
	if fmt.Sprint(top) != fmt.Sprint(want) {
		t.Errorf("Top = %v, want %v", top, want)
	}
	if got := tk.Top(0); len(got) != 0 {
		t.Errorf("Top(0) = %v", got)
	}
	// Adding an existing value must not allocate (hot path of analyze).
	if n := testing.AllocsPerRun(100, func() { tk.Add([]byte("a")) }); n != 0 {
		t.Errorf("Add of a known value allocates %v times", n)
	}
}

func TestPeakCounterDisorder(t *testing.T) {
	var p peakCounter
	add := func(sec int64, n int) {
		for range n {
			p.add(sec)
		}
	}
	add(1000, 30)
	add(1001, 40)
	add(1000, 20) // late lines of second 1000: 50 in all
	add(1003, 10)
	add(1001, 5) // 45
	add(1002, 50)
	if n, at := p.max(); n != 50 || at != 1000 {
		t.Errorf("peak = %d at %d, want 50 at 1000 (ties go to the earlier second)", n, at)
	}
	// Far-off seconds reuse ring slots; a folded slot keeps its count.
	add(1000+ringSize, 60)
	add(1000+3*ringSize, 2)
	if n, at := p.max(); n != 60 || at != 1000+ringSize {
		t.Errorf("peak = %d at %d, want 60 at %d", n, at, 1000+ringSize)
	}
	var empty peakCounter
	if n, _ := empty.max(); n != 0 {
		t.Errorf("empty peak = %d", n)
	}
}

const trapLog = `198.51.100.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:01 +0000] "GET /about HTTP/1.1" 200 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:02 +0000] "GET /contact HTTP/1.1" 200 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:03 +0000] "GET /HNAP1/ HTTP/1.1" 404 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:04 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0"
198.51.100.9 - - [01/Nov/2026:10:00:04 +0000] "GET /x HTTP/1.1" 200 1 "-" "Mozilla/5.0"
203.0.113.5 - - [01/Nov/2026:10:00:05 +0000] "GET /.env HTTP/1.1" 404 1 "-" "Mozilla/5.0"
198.51.100.7 - - [01/Nov/2026:10:00:06 +0000] "GET /.env HTTP/1.1" 404 1 "-" "Mozilla/5.0"
`

// collect runs log through the real parser and the real detector with the
// default policy into a Collector.
func collect(t *testing.T, log string, opts Options) *Report {
	t.Helper()
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	det := detector.New(pol, detector.Options{})
	p, err := parser.New(parser.Spec{Format: parser.FormatCombined})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCollector(opts)
	c.BeginInput("test.log", p.Format())
	var ev parser.Event
	for i, line := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		if err := p.Parse([]byte(line), &ev); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		v := det.Observe(&ev)
		c.Observe(uint64(i+1), []byte(line), &ev, &v)
	}
	return c.Report(PolicyInfo{Source: "embedded default", Mode: "enforce"}, 10)
}

func TestCollectorBeforeAndAfterBan(t *testing.T) {
	r := collect(t, trapLog, Options{Explain: netip.MustParseAddr("203.0.113.5")})
	var o *Offender
	for i := range r.Offenders {
		if r.Offenders[i].IP == "203.0.113.5" {
			o = &r.Offenders[i]
		}
	}
	if o == nil || o.Action != "ban" {
		t.Fatalf("trap client not banned: %+v", r.Offenders)
	}
	if o.Requests != 6 || o.RequestsBeforeBan != 4 || o.RequestsAfterBan != 2 {
		t.Errorf("requests %d, before %d, after %d; want 6, 4 (the trap hit is the 4th), 2", o.Requests, o.RequestsBeforeBan, o.RequestsAfterBan)
	}
	if !o.BannedAt.Equal(time.Date(2026, 11, 1, 10, 0, 3, 0, time.UTC)) {
		t.Errorf("banned_at = %v", o.BannedAt)
	}
	if len(o.Rules) != 1 || !strings.HasPrefix(o.Rules[0].ID, "trap:") || !strings.Contains(o.Rules[0].Sample, "/HNAP1/") {
		t.Errorf("rules = %+v, want the trap with its line", o.Rules)
	}
	if r.Summary.RequestsAfterBan != 2 || r.Summary.Banned < 1 || r.Summary.Lines != 9 || r.Summary.DistinctClients != 3 {
		t.Errorf("summary = %+v", r.Summary)
	}
	// The other .env prober is not banned by one probe: watch, with all its
	// requests "before".
	for _, w := range r.Offenders {
		if w.IP == "198.51.100.7" && w.Action == "watch" && w.RequestsBeforeBan != w.Requests {
			t.Errorf("watched client: before %d of %d requests", w.RequestsBeforeBan, w.Requests)
		}
	}
	e := r.Explain
	if e == nil || e.Key != "203.0.113.5" || len(e.Lines) != 6 {
		t.Fatalf("explain = %+v", e)
	}
	if e.Lines[3].Ban == "" || e.Lines[3].LineNo != 5 || !e.Lines[4].Banned || !e.Lines[5].Banned || e.Lines[2].Banned {
		t.Errorf("explain marks = %+v", e.Lines)
	}
}

func TestCollectorDistinctClientsCap(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "192.0.2.%d - - [01/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n", i)
	}
	r := collect(t, b.String(), Options{MaxClients: 10})
	// 10 counted exactly, the other 40 by the estimate (exact to a few at
	// this size: linear counting over 16,384 registers).
	s := r.Summary
	if s.DistinctClients < 48 || s.DistinctClients > 52 || !s.DistinctClientsCapped || !s.DistinctClientsEstimated {
		t.Errorf("distinct %d capped %v estimated %v, want ~50, true, true", s.DistinctClients, s.DistinctClientsCapped, s.DistinctClientsEstimated)
	}
	if len(r.Top.Clients) != 10 {
		t.Errorf("top clients %v, want the 10 counted", r.Top.Clients)
	}
	if r.Summary.PeakRPS != 50 {
		t.Errorf("peak = %d, want 50", r.Summary.PeakRPS)
	}
}

// TestTextEscapesControlBytes: attacker bytes in paths, user agents and
// sample lines must not reach the terminal raw.
func TestTextEscapesControlBytes(t *testing.T) {
	evil := "/x\x1b[2J\x1b]0;pwned\x07\u009b31m\r\n"
	r := &Report{
		Policy:     PolicyInfo{Source: "embedded default", Mode: "enforce"},
		Summary:    Summary{Inputs: []string{"a.log"}, Lines: 1, Parsed: 1, Formats: []string{"combined"}, FirstSeen: time.Unix(0, 0), LastSeen: time.Unix(1, 0)},
		Offenders:  []Offender{{IP: "203.0.113.5", Action: "ban", BanSeconds: 600, Reasons: []string{"r"}, Rules: []Rule{{ID: "r", Category: "c", Sample: "GET " + evil}}}},
		Categories: map[string]uint64{"c": 1},
		Top:        Top{Paths: []Count{{Value: evil, Count: 1}}, UserAgents: []Count{{Value: "ua" + evil, Count: 1}}},
		Explain:    &Explain{IP: "203.0.113.5", Key: "203.0.113.5", Lines: []ExplainLine{{Input: "a.log", LineNo: 1, Line: evil}}},
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains raw %q", bad)
		}
	}
	for _, want := range []string{`\x1b[2J`, `\x07`, `\x9b`, `\x0d\x0a`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks the visible form %s", want)
		}
	}
}

func TestClip(t *testing.T) {
	cases := []struct{ in, want string }{
		{"abc", "abc"},
		{"abcdef", "abcd…"},
		{"ab\x00c", `ab\x00c`},
		{"héllo wörld", "héll…"},
		{"\x7f", `\x7f`},
	}
	for _, c := range cases {
		if got := clip(c.in, 4); got != c.want {
			t.Errorf("clip(%q, 4) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTopKAddKnown: counting through numbers (a value counted under its
// number is not hashed again) gives the counts of Add, also across the
// resizes and prunes that move the values, and when numbers are reused
// after ResetKnown-style clearing.
func TestTopKAddKnown(t *testing.T) {
	plain, known := NewTopK(64), NewTopK(64)
	// Number i names value i%300 for a while, then a fresh number is
	// given (as a memo does after forgetting a text).
	for i := range 20000 {
		x := (i * i) % 300 // hot values
		if i%3 == 0 {
			x = i % 300 // and all 300
		}
		v := []byte(fmt.Sprintf("/path/%d", x))
		id := uint64(x) + 1 + uint64(i/5000)*1000
		if i%7 == 0 {
			id = 0 // not numbered
		}
		plain.Add(v)
		known.AddKnown(id, v)
	}
	if !slices.Equal(plain.Top(-1), known.Top(-1)) || !known.pruned {
		t.Errorf("AddKnown counts differ from Add's (pruned %v):\n%v\n%v", known.pruned, plain.Top(10), known.Top(10))
	}
}
