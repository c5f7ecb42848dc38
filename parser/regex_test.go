package parser

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRegex(t *testing.T) {
	tests := []struct {
		name   string
		re     string
		layout string
		line   string
		want   view
	}{
		{
			name: "haproxy http log",
			re:   `haproxy\[\d+\]: (?P<client>\S+) \[(?P<time>[^\]]+)\] \S+ \S+ \S+ (?P<status>\d{3}) (?P<size>\d+) .* "(?P<request>[^"]*)"$`,
			line: `Apr  4 14:30:19 hap-1 haproxy[3946303]: 192.168.1.1:55032 [04/Apr/2024:14:30:18.885] front~ back/web 0/0/0/169/169 404 1541 - - ---- 1/1/0/0/0 0/0 "PROPFIND /remote.php/webdav/a%20b?x HTTP/1.1"`,
			want: view{Time: "2024-04-04T14:30:18.885Z", Peer: "192.168.1.1", Client: "192.168.1.1",
				Request: "PROPFIND /remote.php/webdav/a%20b?x HTTP/1.1", Method: "PROPFIND", Path: "/remote.php/webdav/a%20b",
				Query: "x", Proto: "HTTP/1.1", Status: 404, Size: 1541},
		},
		{
			name:   "zoraxy-like with method, path and layout",
			re:     `^\S+ \S+ \[(?P<time>[^\]]+)\] .*\[client: (?P<client>[^\]]+)\] \[useragent: (?P<ua>[^\]]*)\] (?P<method>\S+) (?P<uri>\S+) (?P<status>\d+)$`,
			layout: "2006-01-02 15:04:05.999999",
			line:   `2025/05/01 14:14:02 [2025-05-01 14:14:02.417736] [router:root] [origin:10.10.10.10] [client: 2001:db8::3] [useragent: zgrab/0.x] GET /ecp/x?y=1 444`,
			want: view{Time: "2025-05-01T14:14:02.417736Z", Peer: "2001:db8::3", Client: "2001:db8::3",
				Method: "GET", Path: "/ecp/x", Query: "y=1", Status: 444, UA: "zgrab/0.x"},
		},
		{
			name: "path, query, host, user, xff, referer groups; dash means absent",
			re:   `^(?P<host>\S+) (?P<client>\S+) (?P<user>\S+) (?P<time>\S+) (?P<method>\S+) (?P<path>[^?\s]+)\??(?P<query>\S*) (?P<status>\d+) (?P<referer>\S+) (?P<xff>\S+)$`,
			line: `shop.example:8443 198.51.100.2 - 2024-06-01T12:00:00Z GET /p?q=1 200 - 203.0.113.1`,
			want: view{Time: "2024-06-01T12:00:00Z", Peer: "198.51.100.2", Client: "198.51.100.2",
				Method: "GET", Path: "/p", Query: "q=1", Status: 200, XFF: "203.0.113.1", Host: "shop.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustNew(t, Spec{Format: FormatRegex, Regex: tt.re, TimeLayout: tt.layout})
			var ev Event
			if err := p.Parse([]byte(tt.line), &ev); err != nil {
				t.Fatalf("Parse(%q) = %v, want nil", tt.line, err)
			}
			if diff := cmp.Diff(tt.want, viewOf(t, &ev)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

func TestParseRegexErrors(t *testing.T) {
	p := mustNew(t, Spec{Format: FormatRegex,
		Regex: `^(?P<client>\S+) (?P<time>\S+) (?P<status>\S+)(?: (?P<size>\S+))?$`})
	tests := []struct {
		line string
		want Reason
	}{
		{"", ReasonEmpty},
		{"only-one-field", ReasonNoMatch},
		{"example.com 2024-06-01T12:00:00Z 200", ReasonBadClient},
		{"192.0.2.1 noon 200", ReasonBadTime},
		{"192.0.2.1 2024-06-01T12:00:00Z OK", ReasonBadStatus},
		{"192.0.2.1 2024-06-01T12:00:00Z 200 big", ReasonBadSize},
		{"192.0.2.1:80 2024-06-01T12:00:00Z 200 -", ""},
	}
	for _, tt := range tests {
		var ev Event
		err := p.Parse([]byte(tt.line), &ev)
		if got := reasonOf(t, err); got != tt.want {
			t.Errorf("Parse(%q) = %v, want reason %q", tt.line, err, tt.want)
		}
	}
}
