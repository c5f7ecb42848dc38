package parser

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fuzzSpecs are the parsers FuzzParse drives; the fuzzer picks one by index.
var fuzzSpecs = []Spec{
	{Format: FormatCombined},
	{Format: FormatCombined, TrailingXFF: true, Syslog: true},
	{Format: FormatCommon, TrailingXFF: true},
	{Format: FormatVhostCombined},
	{Format: FormatJSON},
	{Format: FormatRegex, Regex: `^(?P<client>\S+) \[(?P<time>[^\]]*)\] "(?P<request>[^"]*)" (?P<status>\S+) (?P<size>\S+) "(?P<ua>[^"]*)"`},
}

// fuzzSeeds returns seed lines: the benchmark and table-test shapes, plus
// a few lines of each corpus file when the corpus is there (seeds only:
// its absence is handled by the corpus tests).
func fuzzSeeds() []string {
	var seeds []string
	for _, bl := range benchLines {
		seeds = append(seeds, bl.line)
	}
	seeds = append(seeds,
		`1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] "\x16\x03\x01\x00\xA5" 400 226 "-" "-"`,
		`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /a"b c HTTP/1.1" 400 1 "-" "-" "-"`,
		`www.example.com:80 ::ffff:1.2.3.4 - a b [29/Feb/2024:23:59:59] "-" 408 - "\"" "\\"`,
		`1.2.3.4 [192.0.2.1] "GET / HTTP/1.1" 200 - "x"`,
		`{"a":[{"b":["c"]}],"remote_addr":"[::1]:80","ts":"1e9","status":200,"request":"\ud800"}`,
	)
	if dir, err := os.Getwd(); err == nil {
		for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			files, _ := filepath.Glob(filepath.Join(dir, "shared", "corpus", "crowdsec-hub", "tests", "*", "*.log"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					continue
				}
				for i, l := range bytes.Split(b, []byte("\n")) {
					if i >= 3 {
						break
					}
					seeds = append(seeds, string(l))
				}
			}
			if files != nil {
				break
			}
		}
	}
	return seeds
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		for i := range fuzzSpecs {
			f.Add(uint8(i), []byte(s))
		}
	}
	parsers := make([]Parser, len(fuzzSpecs))
	for i, s := range fuzzSpecs {
		parsers[i] = mustNew(f, s)
	}
	f.Fuzz(func(t *testing.T, which uint8, line []byte) {
		i := int(which) % len(fuzzSpecs)
		p, spec := parsers[i], fuzzSpecs[i]
		var ev Event
		alt := altCount(p)
		if !fuzzParse(t, p, line, &ev) {
			return
		}
		checkEvent(t, line, &ev, spec.Format != FormatJSON && spec.Format != FormatRegex)
		switch {
		case spec.Format == FormatJSON:
			jsonRoundTrip(t, line, &ev)
		case spec.Format != FormatRegex && altCount(p) == alt:
			clfRoundTrip(t, spec, line, &ev)
		}
	})
}

// fuzzParse parses line and checks what every Parse must do: leave its
// input alone, and fail only with a *LineError that has a reason. It
// reports whether the line parsed.
func fuzzParse(t *testing.T, p Parser, line []byte, ev *Event) bool {
	t.Helper()
	in := append([]byte(nil), line...)
	err := p.Parse(line, ev)
	if !bytes.Equal(in, line) {
		t.Fatalf("Parse modified its input")
	}
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) || le.Reason == "" {
			t.Fatalf("Parse(%q) error %v is not a *LineError with a reason", line, err)
		}
		return false
	}
	return true
}

func altCount(p Parser) int {
	if c, ok := p.(*clfParser); ok {
		return c.alt
	}
	return 0
}

// checkEvent asserts the invariants every parsed Event has.
func checkEvent(t *testing.T, line []byte, ev *Event, fromRequestLine bool) {
	t.Helper()
	if !ev.Peer.IsValid() || ev.Peer.Is4In6() || ev.Peer.Zone() != "" || ev.Client != ev.Peer {
		t.Fatalf("Parse(%q): Peer %v Client %v: want a valid unmapped zoneless Peer == Client", line, ev.Peer, ev.Client)
	}
	if back, ok := ParseAddr([]byte(ev.Peer.String())); !ok || back != ev.Peer {
		t.Fatalf("Parse(%q): Peer %v does not round-trip through ParseAddr (%v)", line, ev.Peer, back)
	}
	if ev.Time.Location() != time.UTC {
		t.Fatalf("Parse(%q): Time location %v", line, ev.Time.Location())
	}
	if ev.Status < 0 || ev.Status > 999 || ev.Size < 0 {
		t.Fatalf("Parse(%q): Status %d Size %d out of range", line, ev.Status, ev.Size)
	}
	// A request line split into a Method always has a target (a bare
	// "?query" leaves Path empty but present). JSON and regex logs may
	// carry method and URI fields independently, so only the text formats
	// are held to this.
	if fromRequestLine && len(ev.Method) > 0 && (!isToken(ev.Method) || ev.Path == nil) {
		t.Fatalf("Parse(%q): Method %q with Path %q", line, ev.Method, ev.Path)
	}
	if bytes.IndexByte(ev.Path, '?') >= 0 && ev.Request != nil {
		t.Fatalf("Parse(%q): Path %q still holds the query", line, ev.Path)
	}
}

// clfRoundTrip writes ev back as a line of spec's format, escaped the way
// apache escapes, and checks that parsing it gives the same Event.
func clfRoundTrip(t *testing.T, spec Spec, line []byte, ev *Event) {
	t.Helper()
	if y := ev.Time.Year(); y < 0 || y > 9999 || len(ev.Host) == 0 && spec.Format == FormatVhostCombined {
		return // not representable in the format
	}
	var b []byte
	if ev.Host != nil {
		if bytes.IndexByte(ev.Host, ' ') >= 0 || len(ev.Host) == 0 {
			return
		}
		b = append(b, ev.Host...)
		b = append(b, ' ')
	}
	b = append(b, ev.Peer.String()...)
	b = append(b, " - "...)
	if ev.User == nil {
		b = append(b, '-')
	} else {
		b = appendEscaped(b, ev.User, true)
	}
	b = append(b, " ["...)
	b = ev.Time.AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
	b = append(b, "] \""...)
	if ev.Request == nil {
		b = append(b, '-')
	} else {
		b = appendEscaped(b, ev.Request, false)
	}
	b = fmt.Appendf(b, "\" %03d %d", ev.Status, ev.Size)
	if spec.Format != FormatCommon {
		for _, f := range [][]byte{ev.Referer, ev.UA} {
			b = append(b, " \""...)
			if f == nil {
				b = append(b, '-')
			} else {
				b = appendEscaped(b, f, false)
			}
			b = append(b, '"')
		}
	}
	if spec.TrailingXFF && ev.XFF != nil {
		b = append(b, " \""...)
		b = appendEscaped(b, ev.XFF, false)
		b = append(b, '"')
	}
	spec.Syslog = false
	p := mustNew(t, spec)
	var ev2 Event
	if err := p.Parse(b, &ev2); err != nil {
		t.Fatalf("round trip: Parse(%q) = %v; from %q", b, err, line)
	}
	want := viewOf(t, ev)
	want.Time = ev.Time.Truncate(time.Second).Format(time.RFC3339Nano)
	if diff := cmp.Diff(want, viewOf(t, &ev2)); diff != "" {
		t.Fatalf("round trip of %q via %q (-want +got):\n%s", line, b, diff)
	}
}

// appendEscaped escapes like apache: \" \\ and \xHH for bytes outside
// printable ASCII; a lone "-" is escaped so it does not read as "absent".
// inUser also escapes '[', which would end the user field early.
func appendEscaped(b, s []byte, inUser bool) []byte {
	if len(s) == 1 && s[0] == '-' {
		return append(b, `\x2d`...)
	}
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c >= 0x7f || (inUser && c == '['):
			b = fmt.Appendf(b, `\x%02x`, c)
		default:
			b = append(b, c)
		}
	}
	return b
}

// jsonRoundTrip writes the core fields of ev as nginx JSON and checks they
// come back unchanged.
func jsonRoundTrip(t *testing.T, line []byte, ev *Event) {
	t.Helper()
	m := map[string]any{
		"remote_addr":     ev.Peer.String(),
		"time_iso8601":    ev.Time.Format(time.RFC3339Nano),
		"status":          ev.Status,
		"body_bytes_sent": strconv.FormatInt(ev.Size, 10),
	}
	if ev.Time.Year() < 0 || ev.Time.Year() > 9999 {
		return
	}
	for k, v := range map[string][]byte{"request": ev.Request, "http_user_agent": ev.UA, "http_referer": ev.Referer,
		"http_x_forwarded_for": ev.XFF, "remote_user": ev.User} {
		if v == nil {
			continue
		}
		if !utf8.Valid(v) {
			return // encoding/json would replace the bytes
		}
		m[k] = string(v)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	p := mustNew(t, Spec{Format: FormatJSON})
	var ev2 Event
	if err := p.Parse(b, &ev2); err != nil {
		t.Fatalf("round trip: Parse(%q) = %v; from %q", b, err, line)
	}
	core := func(e *Event) []string {
		return []string{e.Peer.String(), e.Time.Format(time.RFC3339Nano), strconv.Itoa(e.Status),
			strconv.FormatInt(e.Size, 10), string(e.Request), string(e.UA), string(e.Referer), string(e.XFF), string(e.User)}
	}
	if diff := cmp.Diff(core(ev), core(&ev2)); diff != "" {
		t.Fatalf("round trip of %q via %s (-want +got):\n%s", line, b, diff)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s + "\n" + s))
	}
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sample := bytes.Split(data, []byte("\n"))
		spec, err := Detect(sample)
		if err != nil {
			return
		}
		p, err := New(spec)
		if err != nil {
			t.Fatalf("New(Detect()) = %v", err)
		}
		var ev Event
		for _, l := range sample {
			err := p.Parse(l, &ev)
			if err == nil {
				checkEvent(t, l, &ev, spec.Format != FormatJSON)
				return
			}
			// An error-log line of the log's shape that reports nothing.
			var le *LineError
			if errors.As(err, &le) && le.Reason == ReasonNoEvent {
				return
			}
		}
		t.Fatalf("Detect = %+v but no sample line parses with it", spec)
	})
}
