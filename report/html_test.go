package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestHTMLEscapesLogData: log lines are attacker-controlled; in the page
// they are text, never markup or script.
func TestHTMLEscapesLogData(t *testing.T) {
	evil := `/x"><script>alert(1)</script><img src=x onerror=alert(2)>`
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	r := &Report{
		Policy:     PolicyInfo{Source: "embedded default", Mode: "enforce"},
		Summary:    Summary{Inputs: []string{"a.log"}, Lines: 2, Parsed: 2, Formats: []string{"combined"}, FirstSeen: at, LastSeen: at.Add(time.Minute), Offenders: 1, Banned: 1},
		Offenders:  []Offender{{IP: "203.0.113.5", Action: "ban", BanSeconds: 600, Reasons: []string{"r"}, FirstSeen: at, LastSeen: at, Bans: []Ban{{At: at, Seconds: 600, Rules: []string{"r"}}}, Rules: []Rule{{ID: "r", Category: "c", Sample: "GET " + evil}}}},
		Categories: map[string]uint64{"c": 1},
		Top:        Top{Paths: []Count{{Value: evil, Count: 1}}, UserAgents: []Count{{Value: evil, Count: 1}}},
		Timeline:   &Timeline{Start: at, BucketSeconds: 60, Requests: []uint64{2}},
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script>alert", "<img src=x"} {
		if strings.Contains(out, bad) {
			t.Errorf("page contains raw %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the escaped sample is missing")
	}
	if strings.Count(out, "<script>") != 1 {
		t.Errorf("%d script elements, want the page's own only", strings.Count(out, "<script>"))
	}
}
