package parser

import (
	"strings"
	"testing"
)

func lines(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, l := range s {
		out[i] = []byte(l)
	}
	return out
}

func TestDetect(t *testing.T) {
	const (
		comb = `203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 12 "-" "ua"`
		v6   = `2001:db8::1 - - [10/Oct/2023:13:55:37 +0200] "GET /x HTTP/1.1" 404 0 "-" "ua"`
	)
	tests := []struct {
		name   string
		sample [][]byte
		want   Spec
	}{
		{"combined", lines(comb, v6, ""), Spec{Format: FormatCombined}},
		{"combined with xff", lines(
			comb+` "198.51.100.1, 10.0.0.1"`,
			comb+` "-"`,
			v6+` "[2001:db8::9]:443"`,
		), Spec{Format: FormatCombined, TrailingXFF: true}},
		{"combined with dash-only extra", lines(comb+` "-"`, v6+` "-"`), Spec{Format: FormatCombined}},
		{"combined with non-address extra", lines(comb+` "198.51.100.1"`, v6+` "Auth for frontend"`), Spec{Format: FormatCombined}},
		{"common", lines(
			`203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 12`,
			`203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 12 0.004`,
			`203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 12 0.001`,
		), Spec{Format: FormatCommon}},
		{"vhost", lines("example.com:443 "+comb, "example.org "+v6, comb), Spec{Format: FormatVhostCombined}},
		{"vhost that is an address", lines("192.0.2.1:80 "+comb, "192.0.2.1:80 "+v6), Spec{Format: FormatVhostCombined}},
		{"json", lines(`{"remote_addr":"1.2.3.4","time_iso8601":"2024-01-01T00:00:00Z","status":"200"}`), Spec{Format: FormatJSON}},
		{"syslog", lines("Jan  2 03:04:05 web nginx: "+comb, "<13>2024-01-02T03:04:05Z web nginx[1]: "+v6), Spec{Format: FormatCombined, Syslog: true}},
		{"majority wins over junk", lines(comb, "garbage", v6, "{not json"), Spec{Format: FormatCombined}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.sample)
			if err != nil {
				t.Fatalf("Detect = %v", err)
			}
			if got.Format != tt.want.Format || got.TrailingXFF != tt.want.TrailingXFF || got.Syslog != tt.want.Syslog {
				t.Errorf("Detect = %+v, want %+v", got, tt.want)
			}
			if _, err := New(got); err != nil {
				t.Errorf("New(Detect()) = %v", err)
			}
		})
	}
}

func TestDetectFails(t *testing.T) {
	if _, err := Detect(nil); err == nil {
		t.Error("Detect(nil) = nil error, want one")
	}
	if _, err := Detect(lines("", "  ")); err == nil {
		t.Error("Detect(blank lines) = nil error, want one")
	}
	_, err := Detect(lines("hello world", `localhost - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 1`))
	if err == nil {
		t.Fatal("Detect(garbage) = nil error, want one")
	}
	// The message must tell the user why each format failed.
	for _, want := range []string{"combined: ", "json: ", "bad_json"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Detect error %q does not mention %q", err, want)
		}
	}
}
