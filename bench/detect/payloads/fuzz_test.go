package payloads

import (
	"bytes"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/guardctl/guardctl/parser"
)

// FuzzRender: whatever a payload holds, its rendered line parses as one
// combined-log line and gives back the payload where it was put: the user
// agent byte for byte, the query value after URL decoding.
func FuzzRender(f *testing.F) {
	for _, s := range []string{`1' OR "a"="a`, "<script>alert(1)</script>", "a\\b\"c\x00\n\r\t", "() { :; }; id", "%0d%0a", "日本"} {
		f.Add(s)
	}
	p, err := parser.New(parser.Spec{Format: "combined"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		if payload == "" || len(payload) > 4096 {
			return
		}
		reqs := Render(Payload{Class: "sqli", Text: payload}, 0) // query, ua, referer
		lines := bytes.Split(bytes.TrimSuffix(Log(reqs), []byte("\n")), []byte("\n"))
		if len(lines) != len(reqs) {
			t.Fatalf("%d lines for %d requests", len(lines), len(reqs))
		}
		var ev parser.Event
		for i, r := range reqs {
			if err := p.Parse(lines[i], &ev); err != nil {
				t.Fatalf("%s: %v\n%s", r.Placement, err, lines[i])
			}
			switch r.Placement {
			case InUA:
				if string(ev.UA) != payload {
					t.Fatalf("ua %q, want %q", ev.UA, payload)
				}
			case InQuery:
				v, err := url.ParseQuery(string(ev.Query))
				if err != nil {
					t.Fatalf("query %q: %v", ev.Query, err)
				}
				if got := v.Get("id"); got != payload && utf8.ValidString(payload) {
					t.Fatalf("query value %q, want %q", got, payload)
				}
			}
		}
	})
}
