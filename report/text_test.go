package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func manyOffenders(n int) *Report {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	r := &Report{Policy: PolicyInfo{Source: "embedded default", Mode: "enforce"},
		Summary:    Summary{Inputs: []string{"a.log"}, Lines: 5, Parsed: 5, Formats: []string{"combined"}, FirstSeen: at, LastSeen: at, Offenders: n, Banned: n, RequestsAfterBan: 1},
		Categories: map[string]uint64{"sqli": uint64(n)}}
	for i := range n {
		r.Offenders = append(r.Offenders, Offender{IP: fmt.Sprintf("203.0.113.%d", i+1), Action: "ban", BanSeconds: 172800, Offences: 1,
			FirstSeen: at, LastSeen: at, Requests: 3, Reasons: []string{"sqli-union-select-with-a-long-name"},
			Rules: []Rule{{ID: "sqli-union-select-with-a-long-name", Category: "sqli", Hits: 1, Sample: strings.Repeat("GET /?q=1 UNION SELECT ", 20)}}})
	}
	return r
}

func TestTextTopWidthAndPlurals(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTextOptions(&buf, manyOffenders(25), TextOptions{Width: 80, Top: 10}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line of %d columns at width 80: %q", n, l)
		}
	}
	if !strings.Contains(out, "203.0.113.10 ") || strings.Contains(out, "203.0.113.11 ") {
		t.Error("--top 10 did not list exactly the first ten offenders")
	}
	if !strings.Contains(out, "... and 15 more") {
		t.Error("the offenders left out are not counted")
	}
	if strings.Count(out, "sqli-union-select-with-a-long-name,") > 0 || strings.Count(out, "sqli-union-select-with-a-long-name ") > 1 {
		t.Errorf("the rule is listed more than once in the samples:\n%s", out)
	}
	if !strings.Contains(out, "48h") || strings.Contains(out, "48h0m0s") {
		t.Error("ban length not shortened")
	}

	buf.Reset()
	if err := WriteTextOptions(&buf, manyOffenders(1), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	for _, want := range []string{"1 input ", "1 offender:", "1 request from", "1 offender\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("singular %q missing:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1 offenders") || strings.ContainsRune(out, 0x1b) {
		t.Errorf("plural or colour wrong:\n%s", out)
	}
	buf.Reset()
	if err := WriteTextOptions(&buf, manyOffenders(1), TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\x1b[31mban\x1b[0m") {
		t.Error("--color: the ban is not red")
	}
}
