package eventlog

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The event log's lines are read by tools that expect encoding/json's
// output: the hand-written encoder must write the same bytes.
func TestEventJSONMatchesEncodingJSON(t *testing.T) {
	ts := time.Date(2026, 12, 6, 7, 45, 1, 123456789, time.UTC)
	for _, e := range []Event{
		{TS: ts, Action: "ban", Prefix: "203.0.113.7/32", Reason: "trap:/wp-login.php (from a)", Rules: []string{"trap"},
			Duration: "10m0s", Offence: 2, Origin: "auto", Enforced: ts.Add(-time.Millisecond), Node: "a"},
		{TS: ts, Action: "expire", Prefix: "2001:db8::/64", Origin: "manual"},
		{TS: ts.Truncate(time.Second), Action: "unban", Prefix: "x", Rules: []string{}, Origin: ""},
		{TS: ts.In(time.FixedZone("x", 3600)), Action: "ban", Prefix: "p", Reason: "<script>&\"\\\t\n\r\b\f\x00\x1f\x7f é \u2028\u2029 \xff\xfe", Rules: []string{"a,b", "\x01"}, Offence: -3, Origin: "list"},
	} {
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("AppendJSON\n got %s\nwant %s", got, want)
		}
	}
}

func FuzzEventJSON(f *testing.F) {
	f.Add("trap:/wp-login.php (from a)", "trap", int64(1765000000123456789), 3)
	f.Add("<&>\u2028\xff\"\\", "\x00", int64(0), -1)
	f.Fuzz(func(t *testing.T, reason, rule string, ns int64, off int) {
		ts := time.Unix(0, ns).UTC()
		e := Event{TS: ts, Action: "ban", Prefix: rule, Reason: reason, Rules: []string{rule, reason}, Duration: reason, Offence: off, Origin: rule, Enforced: ts, Node: rule}
		want, err := json.Marshal(e)
		if err != nil {
			t.Skip() // a year json.Marshal refuses; the daemon's clock never gives one
		}
		if got := e.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("AppendJSON\n got %s\nwant %s", got, want)
		}
	})
}

// Another node's ban names its node in a field of its own (it was only in
// the reason's "(from web-2)", which a consumer had to parse); this
// node's ban has none.
func TestEventNodeWritten(t *testing.T) {
	e := Event{Action: "unban", Prefix: "198.51.100.9/32", Reason: "trap (from web-2)", Origin: "auto", Node: "web-2"}
	var got map[string]any
	if err := json.Unmarshal(e.AppendJSON(nil), &got); err != nil {
		t.Fatal(err)
	}
	if got["node"] != "web-2" {
		t.Errorf("line %v: want node web-2", got)
	}
	e.Node = ""
	if b := e.AppendJSON(nil); strings.Contains(string(b), `"node"`) {
		t.Errorf("own ban's line %s has a node field", b)
	}
}
