package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/expect"
	"github.com/guardctl/guardctl/report"
)

// TestAnalyzeFixturesJSON runs analyze on every fixture and checks the
// documented JSON schema and that the verdicts are the ones its expectations
// file promises (the same promises `guardctl test` checks, reached through
// analyze's JSON output instead).
func TestAnalyzeFixturesJSON(t *testing.T) {
	for _, log := range fixtureLogs(t) {
		t.Run(filepath.Base(log), func(t *testing.T) {
			rep, raw := analyzeJSON(t, "", log)

			var doc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(raw), &doc); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"summary", "offenders"} {
				if _, ok := doc[k]; !ok {
					t.Errorf("top level has no %q", k)
				}
			}
			var offs []map[string]json.RawMessage
			if err := json.Unmarshal(doc["offenders"], &offs); err != nil {
				t.Fatalf("offenders is not an array of objects: %v", err)
			}
			for _, o := range offs {
				for _, k := range []string{"ip", "action", "reasons", "ban_seconds"} {
					if _, ok := o[k]; !ok {
						t.Errorf("offender %s has no %q", o["ip"], k)
					}
				}
			}
			for _, o := range rep.Offenders {
				if o.Action != "ban" && o.Action != "watch" {
					t.Errorf("offender %s: action %q, want ban or watch", o.IP, o.Action)
				}
				if (o.Action == "ban") != (o.BanSeconds > 0) {
					t.Errorf("offender %s: action %s with ban_seconds %d", o.IP, o.Action, o.BanSeconds)
				}
				if len(o.Reasons) == 0 {
					t.Errorf("offender %s has no reasons", o.IP)
				}
				if o.RequestsBeforeBan+o.RequestsAfterBan > o.Requests {
					t.Errorf("offender %s: %d before + %d after the ban > %d requests", o.IP, o.RequestsBeforeBan, o.RequestsAfterBan, o.Requests)
				}
			}
			if rep.Summary.Lines != uint64(len(readLines(t, log))) {
				t.Errorf("summary.lines = %d, the file has %d", rep.Summary.Lines, len(readLines(t, log)))
			}

			exp, err := expect.LoadFile(strings.TrimSuffix(log, ".log") + ".expect.toml")
			if err != nil {
				t.Fatal(err)
			}
			if exp.Config != "" {
				t.Skipf("fixture uses its own policy %s; covered by TestReplayOwnFixtures", exp.Config)
			}
			for _, m := range expect.Compare(exp, rep) {
				t.Errorf("%s: expected %s, got %s", m.Client, m.Want, m.Got)
			}
		})
	}
}

// floodPolicy is a policy under which flood.log's client is banned early,
// whatever the default's tuning, so the before/after arithmetic has
// something to count.
const floodPolicy = `
[[throttle]]
id = "flood"
requests = 100
window = "10s"

# The [flood] model would ban the flooder first, under its own rule id.
[flood]
disabled = true
`

func TestAnalyzeRequestsBeforeAndAfterBan(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "flood.toml")
	writeFile(t, cfg, floodPolicy)
	const log = "../testdata/logs/flood.log"
	const flooder = "203.0.113.10"
	var sent uint64
	for _, l := range readLines(t, log) {
		if strings.HasPrefix(l, flooder+" ") {
			sent++
		}
	}

	rep, _ := analyzeJSON(t, "", "--config", cfg, log)
	o := findOffender(rep, flooder)
	if o == nil || o.Action != "ban" {
		t.Fatalf("flooder %s not banned: %+v", flooder, o)
	}
	if o.Requests != sent {
		t.Errorf("requests = %d, the log has %d from %s", o.Requests, sent, flooder)
	}
	// The flood lasts less than the 10m ban: every request is either one
	// up to the ban or one the kernel would have dropped.
	if o.RequestsBeforeBan+o.RequestsAfterBan != sent {
		t.Errorf("before %d + after %d != %d requests", o.RequestsBeforeBan, o.RequestsAfterBan, sent)
	}
	if o.RequestsBeforeBan == 0 || o.RequestsAfterBan == 0 {
		t.Errorf("before %d, after %d: want both > 0", o.RequestsBeforeBan, o.RequestsAfterBan)
	}
	if o.BannedAt.IsZero() || o.BannedAt.Before(o.FirstSeen) || o.BannedAt.After(o.LastSeen) {
		t.Errorf("banned_at %v outside first/last seen %v..%v", o.BannedAt, o.FirstSeen, o.LastSeen)
	}
	if rep.Summary.RequestsAfterBan != o.RequestsAfterBan {
		t.Errorf("summary.requests_after_ban = %d, the only banned client dropped %d", rep.Summary.RequestsAfterBan, o.RequestsAfterBan)
	}
	if v := findOffender(rep, "198.51.100.200"); v != nil && v.Action == "ban" {
		t.Errorf("the ordinary visitor was banned: %+v", v)
	}

	// --explain lists every line of the client and marks the ban.
	rep, _ = analyzeJSON(t, "", "--config", cfg, "--explain", flooder, log)
	e := rep.Explain
	if e == nil || e.Key != flooder {
		t.Fatalf("explain = %+v", e)
	}
	if got := uint64(len(e.Lines)) + e.Omitted; got != sent {
		t.Errorf("explain shows %d lines, the client sent %d", got, sent)
	}
	bans := 0
	for i, l := range e.Lines {
		if !strings.HasPrefix(l.Line, flooder+" ") {
			t.Fatalf("explain line %d is another client's: %q", i, l.Line)
		}
		if l.Ban != "" {
			bans++
			if uint64(i+1) != o.RequestsBeforeBan {
				t.Errorf("ban on the client's request %d, requests_before_ban = %d", i+1, o.RequestsBeforeBan)
			}
		}
	}
	if bans != 1 {
		t.Errorf("%d explain lines carry a ban, want 1", bans)
	}

	r := guardctl(t, "", "analyze", "--no-progress", "--config", cfg, "--explain", flooder, log)
	mustCode(t, r, exitOK)
	for _, want := range []string{"Explain " + flooder, "=> ban", "Offenders", "BEFORE BAN", "AFTER BAN", flooder} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestAnalyzeTextReport(t *testing.T) {
	r := guardctl(t, "", "analyze", "--no-progress", "../testdata/logs/injection.log")
	mustCode(t, r, exitOK)
	rep, _ := analyzeJSON(t, "", "../testdata/logs/injection.log")
	for _, want := range []string{"Lines ", "Peak ", "Offenders, most severe first", "IP  ", "ACTION", "REASONS", "Hits by category", "Top paths"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	// --top (10 by default) limits the listed offenders; JSON has them all.
	for i, o := range rep.Offenders {
		if listed := strings.Contains(r.stdout, o.IP+" "); listed != (i < 10) {
			t.Errorf("offender #%d %s listed=%v in the text table", i+1, o.IP, listed)
		}
	}
	if n := len(rep.Offenders); n <= 10 {
		t.Fatalf("injection.log has %d offenders; the test wants more than --top", n)
	} else if want := "... and " + strconv.Itoa(n-10) + " more"; !strings.Contains(r.stdout, want) {
		t.Errorf("text report lacks %q", want)
	}
	if strings.ContainsRune(r.stdout, 0x1b) {
		t.Error("text report contains an escape byte")
	}
}

func TestAnalyzeExplainUnknownClient(t *testing.T) {
	r := guardctl(t, "", "analyze", "--no-progress", "--explain", "192.0.2.99", "../testdata/logs/trap.log")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "no request from this client") {
		t.Errorf("explain of an absent client:\n%s", r.stdout)
	}
}

func TestAnalyzeTimeWindow(t *testing.T) {
	const log = "../testdata/logs/login-bruteforce.log"
	lines := readLines(t, log)
	first, last := clfTime(t, lines[0]), clfTime(t, lines[0])
	for _, l := range lines {
		ts := clfTime(t, l)
		if ts.Before(first) {
			first = ts
		}
		if ts.After(last) {
			last = ts
		}
	}
	since := first.Add(last.Sub(first) / 3).Truncate(time.Second)
	until := first.Add(2 * last.Sub(first) / 3).Truncate(time.Second)
	var out uint64
	for _, l := range lines {
		if ts := clfTime(t, l); ts.Before(since) || !ts.Before(until) {
			out++
		}
	}
	if out == 0 || out == uint64(len(lines)) {
		t.Fatalf("window %v..%v leaves %d of %d lines out; pick another", since, until, out, len(lines))
	}
	rep, _ := analyzeJSON(t, "", "--since", since.Format(time.RFC3339), "--until", until.Format("2006-01-02 15:04:05"), log)
	s := rep.Summary
	if s.OutOfRange != out {
		t.Errorf("out_of_range = %d, want %d", s.OutOfRange, out)
	}
	if s.Lines != uint64(len(lines)) || s.Parsed != uint64(len(lines)) {
		t.Errorf("lines %d parsed %d, want both %d", s.Lines, s.Parsed, len(lines))
	}
	if s.FirstSeen.Before(since) || !s.LastSeen.Before(until) {
		t.Errorf("judged span %v..%v leaves the window %v..%v", s.FirstSeen, s.LastSeen, since, until)
	}
	if top := guardctlTopAll(t, log, since, until); top != uint64(len(lines))-out {
		t.Errorf("clients made %d judged requests, want %d", top, uint64(len(lines))-out)
	}
}

// guardctlTopAll sums the requests of all clients judged in the window.
func guardctlTopAll(t *testing.T, log string, since, until time.Time) uint64 {
	rep, _ := analyzeJSON(t, "", "--top", "100000", "--since", since.Format(time.RFC3339), "--until", until.Format(time.RFC3339), log)
	var n uint64
	for _, c := range rep.Top.Clients {
		n += c.Count
	}
	return n
}

func TestAnalyzeTop(t *testing.T) {
	const log = "../testdata/logs/crawlers.log"
	for _, n := range []int{0, 1, 3} {
		rep, _ := analyzeJSON(t, "", "--top", strconv.Itoa(n), log)
		for name, list := range map[string][]report.Count{"paths": rep.Top.Paths, "clients": rep.Top.Clients, "statuses": rep.Top.Statuses, "user_agents": rep.Top.UserAgents} {
			if len(list) > n {
				t.Errorf("--top %d: %d %s", n, len(list), name)
			}
			for i := 1; i < len(list); i++ {
				if list[i].Count > list[i-1].Count {
					t.Errorf("--top %d: %s not sorted: %v", n, name, list)
				}
			}
		}
		if n > 0 && len(rep.Top.Paths) != n {
			t.Errorf("--top %d: %d paths, the log has more distinct ones", n, len(rep.Top.Paths))
		}
	}
}

func TestAnalyzeStdinGzipAndSeveralFiles(t *testing.T) {
	const log = "../testdata/logs/scanner.log"
	plain, _ := analyzeJSON(t, "", log)
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}

	fromStdin, _ := analyzeJSON(t, string(data), "-")
	sameVerdicts(t, "stdin", plain, fromStdin)
	if fromStdin.Summary.Lines != plain.Summary.Lines {
		t.Errorf("stdin: %d lines, want %d", fromStdin.Summary.Lines, plain.Summary.Lines)
	}

	gz := filepath.Join(t.TempDir(), "scanner.log.gz")
	f, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fromGz, _ := analyzeJSON(t, "", gz)
	sameVerdicts(t, "gzip", plain, fromGz)

	const other = "../testdata/logs/trap.log"
	two, _ := analyzeJSON(t, "", log, other)
	single, _ := analyzeJSON(t, "", other)
	if len(two.Summary.Inputs) != 2 {
		t.Errorf("inputs = %v, want 2", two.Summary.Inputs)
	}
	if two.Summary.Lines != plain.Summary.Lines+single.Summary.Lines {
		t.Errorf("two files: %d lines, want %d + %d", two.Summary.Lines, plain.Summary.Lines, single.Summary.Lines)
	}
	for _, o := range append(append([]report.Offender{}, plain.Offenders...), single.Offenders...) {
		if o.Action != "ban" {
			continue
		}
		if got := findOffender(two, o.IP); got == nil || got.Action != "ban" {
			t.Errorf("%s banned in its own file, not when both are read", o.IP)
		}
	}
}

func sameVerdicts(t *testing.T, what string, want, got *report.Report) {
	t.Helper()
	if got.Summary.Parsed != want.Summary.Parsed {
		t.Errorf("%s: parsed %d, want %d", what, got.Summary.Parsed, want.Summary.Parsed)
	}
	w, _ := json.Marshal(want.Offenders)
	g, _ := json.Marshal(got.Offenders)
	if string(w) != string(g) {
		t.Errorf("%s: offenders differ\nwant %s\ngot  %s", what, w, g)
	}
}

// TestAnalyzeMalformedLines: junk is counted by reason and skipped, never
// fatal, and the good lines around it are still judged.
func TestAnalyzeMalformedLines(t *testing.T) {
	good := readLines(t, "../testdata/logs/sensitive-files.log")
	junk := []string{
		"this is not a log line",
		"",
		"\x00\x01\x02\xff\xfe binary junk",
		`203.0.113.99 - - [not a time] "GET / HTTP/1.1" 200 1 "-" "x"`,
		`not-an-ip - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"`,
		`203.0.113.99 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" abc 1 "-" "x"`,
		`203.0.113.99 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1`,
	}
	var b strings.Builder
	for i, l := range good {
		b.WriteString(l + "\n")
		if i < len(junk) {
			b.WriteString(junk[i] + "\n")
		}
	}
	path := filepath.Join(t.TempDir(), "mixed.log")
	writeFile(t, path, b.String())

	rep, _ := analyzeJSON(t, "", path)
	s := rep.Summary
	if s.Parsed != uint64(len(good)) {
		t.Errorf("parsed = %d, want the %d good lines", s.Parsed, len(good))
	}
	if s.Skipped != uint64(len(junk)) || s.Lines != uint64(len(good)+len(junk)) {
		t.Errorf("lines %d skipped %d, want %d and %d", s.Lines, s.Skipped, len(good)+len(junk), len(junk))
	}
	var sum uint64
	for reason, n := range s.SkippedByReason {
		if reason == "" {
			t.Error("a skip without a reason")
		}
		sum += n
	}
	if sum != s.Skipped || len(s.SkippedByReason) < 3 {
		t.Errorf("skipped_by_reason = %v (sum %d), want >= 3 reasons summing to %d", s.SkippedByReason, sum, s.Skipped)
	}
	clean, _ := analyzeJSON(t, "", "../testdata/logs/sensitive-files.log")
	sameVerdicts(t, "with junk", clean, rep)
}

// TestAnalyzeLongLines: a line over 64 KiB is judged like any other; one
// over the 1 MiB reader limit is skipped as line_too_long and the reader
// carries on with the next line.
func TestAnalyzeLongLines(t *testing.T) {
	line := func(ip, query string) string {
		return ip + ` - - [01/Nov/2026:10:00:00 +0000] "GET /search?q=` + query + ` HTTP/1.1" 200 1 "-" "Mozilla/5.0"`
	}
	var b strings.Builder
	b.WriteString(line("198.51.100.1", "hello") + "\n")
	b.WriteString(line("198.51.100.2", strings.Repeat("a", 100<<10)+"%27%20UNION%20SELECT%20password%20FROM%20users--") + "\n")
	b.WriteString(line("198.51.100.3", strings.Repeat("b", 2<<20)) + "\n")
	b.WriteString(line("198.51.100.4", "after") + "\n")
	path := filepath.Join(t.TempDir(), "long.log")
	writeFile(t, path, b.String())

	rep, _ := analyzeJSON(t, "", "--top", "100", path)
	s := rep.Summary
	if s.Lines != 4 || s.Parsed != 3 || s.SkippedByReason["line_too_long"] != 1 {
		t.Errorf("lines %d parsed %d skipped %v, want 4, 3 and one line_too_long", s.Lines, s.Parsed, s.SkippedByReason)
	}
	seen := map[string]bool{}
	for _, c := range rep.Top.Clients {
		seen[c.Value] = true
	}
	for _, ip := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.4"} {
		if !seen[ip] {
			t.Errorf("client %s not judged; clients %v", ip, rep.Top.Clients)
		}
	}
	if seen["198.51.100.3"] {
		t.Error("the 2 MiB line was judged")
	}
	if o := findOffender(rep, "198.51.100.2"); o == nil {
		t.Error("the injection at the end of a 100 KiB query went unnoticed")
	}
}

func TestAnalyzeExitCodes(t *testing.T) {
	dir := t.TempDir()
	badCfg := filepath.Join(dir, "bad.toml")
	writeFile(t, badCfg, "mode = \"enforce\"\n\n[escalation]\ntreshold = 3\n")
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing file", []string{"analyze", filepath.Join(dir, "nope.log")}, exitInput, "nope.log"},
		{"no file", []string{"analyze"}, exitUsage, "log file"},
		{"unknown flag", []string{"analyze", "--frobnicate", "../testdata/logs/trap.log"}, exitUsage, "frobnicate"},
		{"bad format", []string{"analyze", "--format", "xml", "../testdata/logs/trap.log"}, exitUsage, "xml"},
		{"negative top", []string{"analyze", "--top", "-1", "../testdata/logs/trap.log"}, exitUsage, "--top"},
		{"top not a number", []string{"analyze", "--top", "many", "../testdata/logs/trap.log"}, exitUsage, "many"},
		{"bad since", []string{"analyze", "--since", "yesterday", "../testdata/logs/trap.log"}, exitUsage, "yesterday"},
		{"bad until", []string{"analyze", "--until", "2026-13-45", "../testdata/logs/trap.log"}, exitUsage, "2026-13-45"},
		{"bad explain", []string{"analyze", "--explain", "203.0.113.300", "../testdata/logs/trap.log"}, exitUsage, "203.0.113.300"},
		{"bad trusted proxy", []string{"analyze", "--trusted-proxy", "10.0.0.0/33", "../testdata/logs/trap.log"}, exitUsage, "10.0.0.0/33"},
		{"bad config", []string{"analyze", "--config", badCfg, "../testdata/logs/trap.log"}, exitConfig, badCfg + ":4"},
		{"missing config", []string{"analyze", "--config", filepath.Join(dir, "none.toml"), "../testdata/logs/trap.log"}, exitConfig, "none.toml"},
		{"fail on ban", []string{"analyze", "--fail-on-ban", "../testdata/logs/trap.log"}, exitBanned, "banned"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := guardctl(t, "", c.args...)
			mustCode(t, r, c.code)
			if !strings.Contains(r.stderr, c.msg) {
				t.Errorf("message lacks %q:\n%s", c.msg, r.stderr)
			}
		})
	}
	// --fail-on-ban stays 0 when nobody is banned, and the report is printed.
	r := guardctl(t, "", "analyze", "--fail-on-ban", "../testdata/logs/benign-searches.log")
	mustCode(t, r, exitOK)
	r = guardctl(t, "", "analyze", "--fail-on-ban", "../testdata/logs/trap.log")
	if !strings.Contains(r.stdout, "Offenders") {
		t.Errorf("--fail-on-ban printed no report:\n%s", r.stdout)
	}
}

// TestAnalyzeDeterministic: the same log gives the same report, byte for
// byte: windows run on the log's time, never the wall clock or map order.
func TestAnalyzeDeterministic(t *testing.T) {
	args := append([]string{"--top", "20"}, fixtureLogs(t)...)
	_, first := analyzeJSON(t, "", args...)
	time.Sleep(1100 * time.Millisecond) // a different wall-clock second
	_, second := analyzeJSON(t, "", args...)
	if first != second {
		t.Errorf("two runs differ:\n%s\n---\n%s", first, second)
	}
	text1 := guardctl(t, "", append([]string{"analyze"}, args...)...)
	text2 := guardctl(t, "", append([]string{"analyze"}, args...)...)
	if text1.stdout != text2.stdout {
		t.Error("two text reports differ")
	}
}

// TestAnalyzeIPv6ByPrefix: the rotating IPv6 attacker is reported as its
// /64, and --explain with any one of its addresses finds that key.
func TestAnalyzeIPv6ByPrefix(t *testing.T) {
	const log = "../testdata/logs/ipv6-rotation.log"
	rep, _ := analyzeJSON(t, "", "--explain", "2001:db8:bad:1::111", log)
	o := findOffender(rep, "2001:db8:bad:1::/64")
	if o == nil || o.Action != "ban" {
		t.Fatalf("the /64 is not banned: %+v", rep.Offenders)
	}
	if rep.Explain == nil || rep.Explain.Key != "2001:db8:bad:1::/64" || len(rep.Explain.Lines) < 2 {
		t.Fatalf("explain = %+v", rep.Explain)
	}
	pfx := netip.MustParsePrefix("2001:db8:bad:1::/64")
	addrs := map[string]bool{}
	for _, l := range rep.Explain.Lines {
		a := netip.MustParseAddr(strings.Fields(l.Line)[0])
		if !pfx.Contains(a) {
			t.Errorf("explain line from outside the /64: %q", l.Line)
		}
		addrs[a.String()] = true
	}
	if len(addrs) < 2 {
		t.Errorf("explain covers %d addresses of the /64, the attacker rotated", len(addrs))
	}
}

// TestAnalyzeUnreadableInputKeepsGoing: a truncated .gz or a missing file
// among several exits 4 naming it, but the verdicts on everything that
// could be read are still reported.
func TestAnalyzeUnreadableInputKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../testdata/logs/office-nat.log")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	trunc := filepath.Join(dir, "rotated.log.gz")
	writeFile(t, trunc, string(gz.Bytes()[:gz.Len()/2]))
	missing := filepath.Join(dir, "missing.log")

	r := guardctl(t, "", "analyze", "--format", "json", trunc, "../testdata/logs/trap.log", missing)
	mustCode(t, r, exitInput)
	for _, want := range []string{trunc, missing} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, r.stderr)
		}
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("no report printed: %v\n%s", err, r.stdout)
	}
	if o := findOffender(&rep, "203.0.113.70"); o == nil || o.Action != "ban" {
		t.Errorf("the trap hit in the readable file is not reported: %+v", rep.Offenders)
	}
	if rep.Summary.Lines <= 3 {
		t.Errorf("lines = %d: the readable part of the .gz was dropped", rep.Summary.Lines)
	}
}
