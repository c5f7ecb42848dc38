package parser

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const ua = "Mozilla/5.0 (X11; Linux x86_64)"

func TestParseCLF(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		line string
		want view
	}{
		{
			name: "combined nginx ipv4",
			spec: Spec{Format: FormatCombined},
			line: `203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET /index.php?id=1&x=2 HTTP/1.1" 200 1234 "https://example.com/" "` + ua + `"`,
			want: view{Time: "2023-10-10T11:55:36Z", Peer: "203.0.113.9", Client: "203.0.113.9",
				Request: "GET /index.php?id=1&x=2 HTTP/1.1", Method: "GET", Path: "/index.php", Query: "id=1&x=2",
				Proto: "HTTP/1.1", Status: 200, Size: 1234, Referer: "https://example.com/", UA: ua},
		},
		{
			name: "combined ipv6 with user and negative offset",
			spec: Spec{Format: FormatCombined},
			line: `2001:db8::1 - alice [01/Jan/2024:00:30:00 -0700] "POST /login HTTP/2.0" 401 0 "-" "curl/8.0"`,
			want: view{Time: "2024-01-01T07:30:00Z", Peer: "2001:db8::1", Client: "2001:db8::1",
				Request: "POST /login HTTP/2.0", Method: "POST", Path: "/login", Proto: "HTTP/2.0",
				Status: 401, UA: "curl/8.0", User: "alice"},
		},
		{
			name: "ipv4-mapped ipv6 is unmapped",
			spec: Spec{Format: FormatCombined},
			line: `::ffff:198.51.100.7 - - [29/Feb/2024:23:59:59 +0000] "GET / HTTP/1.1" 304 - "-" "-"`,
			want: view{Time: "2024-02-29T23:59:59Z", Peer: "198.51.100.7", Client: "198.51.100.7",
				Request: "GET / HTTP/1.1", Method: "GET", Path: "/", Proto: "HTTP/1.1", Status: 304},
		},
		{
			name: "ipv6 zone is dropped",
			spec: Spec{Format: FormatCombined},
			line: `fe80::1%eth0 - - [29/Feb/2024:23:59:59 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`,
			want: view{Time: "2024-02-29T23:59:59Z", Peer: "fe80::1", Client: "fe80::1",
				Request: "GET / HTTP/1.1", Method: "GET", Path: "/", Proto: "HTTP/1.1", Status: 200, Size: 5},
		},
		{
			name: "apache escapes in request and user agent",
			spec: Spec{Format: FormatCombined},
			line: `192.0.2.1 - - [17/Oct/2022:14:13:07 +0000] "GET /a?q=\"x\"\\y HTTP/1.1" 404 455 "-" "Mozilla \"quoted\" x"`,
			want: view{Time: "2022-10-17T14:13:07Z", Peer: "192.0.2.1", Client: "192.0.2.1",
				Request: `GET /a?q="x"\y HTTP/1.1`, Method: "GET", Path: "/a", Query: `q="x"\y`, Proto: "HTTP/1.1",
				Status: 404, Size: 455, UA: `Mozilla "quoted" x`},
		},
		{
			name: "nginx hex escapes",
			spec: Spec{Format: FormatCombined},
			line: `192.0.2.1 - - [10/Dec/2021:09:09:53 +0000] "GET /index.php?s=/Index/\x5Cthink\x22 HTTP/1.1" 403 180 "-" "a\x22b"`,
			want: view{Time: "2021-12-10T09:09:53Z", Peer: "192.0.2.1", Client: "192.0.2.1",
				Request: `GET /index.php?s=/Index/\think" HTTP/1.1`, Method: "GET", Path: "/index.php",
				Query: `s=/Index/\think"`, Proto: "HTTP/1.1", Status: 403, Size: 180, UA: `a"b`},
		},
		{
			name: "tls handshake on a plain port is kept as junk request",
			spec: Spec{Format: FormatCombined},
			line: `1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] "\x16\x03\x01\x00\xA5\x01" 400 226 "-" "-"`,
			want: view{Time: "2023-10-16T18:57:49Z", Peer: "1.2.3.4", Client: "1.2.3.4",
				Request: "\x16\x03\x01\x00\xa5\x01", Status: 400, Size: 226},
		},
		{
			name: "bare word request is junk",
			spec: Spec{Format: FormatCombined},
			line: `1.2.3.4 - - [29/Jul/2023:10:26:07 -0700] "HELP" 400 157 "-" "-"`,
			want: view{Time: "2023-07-29T17:26:07Z", Peer: "1.2.3.4", Client: "1.2.3.4", Request: "HELP", Status: 400, Size: 157},
		},
		{
			name: "dash request (apache timeout) has no request",
			spec: Spec{Format: FormatCombined},
			line: `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "-" 408 - "-" "-"`,
			want: view{Time: "2023-07-29T10:26:07Z", Peer: "1.2.3.4", Client: "1.2.3.4", Status: 408},
		},
		{
			name: "empty request (nginx) and nginx's trailing xff field",
			spec: Spec{Format: FormatCombined},
			line: `12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] "" 400 47 "-" "-" "-"`,
			want: view{Time: "2015-01-20T18:53:28Z", Peer: "12.34.56.78", Client: "12.34.56.78", Status: 400, Size: 47},
		},
		{
			name: "http/0.9 request without protocol",
			spec: Spec{Format: FormatCombined},
			line: `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /x" 200 1 "-" "-"`,
			want: view{Time: "2023-07-29T10:26:07Z", Peer: "1.2.3.4", Client: "1.2.3.4",
				Request: "GET /x", Method: "GET", Path: "/x", Status: 200, Size: 1},
		},
		{
			name: "raw quote and spaces in request (old nginx)",
			spec: Spec{Format: FormatCombined},
			line: `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /a"b c HTTP/1.1" 400 1 "-" "-"`,
			want: view{Time: "2023-07-29T10:26:07Z", Peer: "1.2.3.4", Client: "1.2.3.4",
				Request: `GET /a"b c HTTP/1.1`, Method: "GET", Path: `/a"b c`, Proto: "HTTP/1.1", Status: 400, Size: 1},
		},
		{
			name: "connect with authority target",
			spec: Spec{Format: FormatCombined},
			line: `7.8.9.10 - root [20/Jan/2015:01:17:07 +0100] "CONNECT 123.123.123.123:443 HTTP/1.1" 400 162 "-" "-" "-"`,
			want: view{Time: "2015-01-20T00:17:07Z", Peer: "7.8.9.10", Client: "7.8.9.10",
				Request: "CONNECT 123.123.123.123:443 HTTP/1.1", Method: "CONNECT", Path: "123.123.123.123:443",
				Proto: "HTTP/1.1", Status: 400, Size: 162, User: "root"},
		},
		{
			name: "common-shaped line is accepted by combined",
			spec: Spec{Format: FormatCombined},
			line: `172.17.0.1 - - [29/Sep/2021:12:37:05 +0000] "GET /x HTTP/1.1" 404 196`,
			want: view{Time: "2021-09-29T12:37:05Z", Peer: "172.17.0.1", Client: "172.17.0.1",
				Request: "GET /x HTTP/1.1", Method: "GET", Path: "/x", Proto: "HTTP/1.1", Status: 404, Size: 196},
		},
		{
			name: "timestamp without zone is utc",
			spec: Spec{Format: FormatCombined},
			line: `192.0.2.12 - user1 [27/Jun/2013:11:55:44] "GET /knocking/ HTTP/1.1" 200 266 "http://domain.net/" "x"`,
			want: view{Time: "2013-06-27T11:55:44Z", Peer: "192.0.2.12", Client: "192.0.2.12",
				Request: "GET /knocking/ HTTP/1.1", Method: "GET", Path: "/knocking/", Proto: "HTTP/1.1",
				Status: 200, Size: 266, Referer: "http://domain.net/", UA: "x", User: "user1"},
		},
		{
			name: "traefik extra fields are ignored",
			spec: Spec{Format: FormatCombined},
			line: `10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] "GET /dashboard/ HTTP/2.0" 401 17 "-" "x" 72 "Auth for frontend" "/dashboard/" 0ms`,
			want: view{Time: "2018-11-18T21:34:30Z", Peer: "10.0.0.2", Client: "10.0.0.2",
				Request: "GET /dashboard/ HTTP/2.0", Method: "GET", Path: "/dashboard/", Proto: "HTTP/2.0",
				Status: 401, Size: 17, UA: "x"},
		},
		{
			name: "trailing xff after an unquoted extra",
			spec: Spec{Format: FormatCombined, TrailingXFF: true},
			line: `10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] "GET / HTTP/1.1" 200 17 "-" "x" 0.005 "198.51.100.1, 10.0.0.9"`,
			want: view{Time: "2018-11-18T21:34:30Z", Peer: "10.0.0.2", Client: "10.0.0.2",
				Request: "GET / HTTP/1.1", Method: "GET", Path: "/", Proto: "HTTP/1.1",
				Status: 200, Size: 17, UA: "x", XFF: "198.51.100.1, 10.0.0.9"},
		},
		{
			name: "vhost prefixed line in a combined log",
			spec: Spec{Format: FormatCombined},
			line: `www.example.com 1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 500 803 "-" "x"`,
			want: view{Time: "2020-06-08T08:04:43Z", Peer: "1.2.3.4", Client: "1.2.3.4", Request: "GET / HTTP/1.1",
				Method: "GET", Path: "/", Proto: "HTTP/1.1", Status: 500, Size: 803, UA: "x", Host: "www.example.com"},
		},
		{
			name: "syslog header",
			spec: Spec{Format: FormatCombined, Syslog: true},
			line: `Sep 15 16:13:46 ip-172-31-43-28 nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 200 5364 "-" "x"`,
			want: view{Time: "2021-09-15T16:13:46Z", Peer: "81.150.104.130", Client: "81.150.104.130",
				Request: "POST /wp-login.php HTTP/1.1", Method: "POST", Path: "/wp-login.php", Proto: "HTTP/1.1",
				Status: 200, Size: 5364, UA: "x"},
		},
		{
			name: "common ignores what follows the size",
			spec: Spec{Format: FormatCommon},
			line: `203.0.113.9 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "ref" "ua"`,
			want: view{Time: "2000-10-10T20:55:36Z", Peer: "203.0.113.9", Client: "203.0.113.9",
				Request: "GET /apache_pb.gif HTTP/1.0", Method: "GET", Path: "/apache_pb.gif", Proto: "HTTP/1.0",
				Status: 200, Size: 2326, User: "bob"},
		},
		{
			name: "common with trailing xff",
			spec: Spec{Format: FormatCommon, TrailingXFF: true},
			line: `10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.0" 200 1 "2001:db8::7"`,
			want: view{Time: "2000-10-10T13:55:36Z", Peer: "10.0.0.1", Client: "10.0.0.1",
				Request: "GET / HTTP/1.0", Method: "GET", Path: "/", Proto: "HTTP/1.0", Status: 200, Size: 1, XFF: "2001:db8::7"},
		},
		{
			name: "vhost_combined host and port",
			spec: Spec{Format: FormatVhostCombined},
			line: `website.com:443 1.2.3.4 - - [25/Oct/2021:11:05:52 +0200] "GET /web/.well-known HTTP/1.1" 403 6963 "abc.com" "ua"`,
			want: view{Time: "2021-10-25T09:05:52Z", Peer: "1.2.3.4", Client: "1.2.3.4",
				Request: "GET /web/.well-known HTTP/1.1", Method: "GET", Path: "/web/.well-known", Proto: "HTTP/1.1",
				Status: 403, Size: 6963, Referer: "abc.com", UA: "ua", Host: "website.com"},
		},
		{
			name: "vhost_combined ipv6 vhost and client",
			spec: Spec{Format: FormatVhostCombined},
			line: `[2001:db8::5]:443 2001:db8::1 - - [25/Oct/2021:11:05:52 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
			want: view{Time: "2021-10-25T11:05:52Z", Peer: "2001:db8::1", Client: "2001:db8::1",
				Request: "GET / HTTP/1.1", Method: "GET", Path: "/", Proto: "HTTP/1.1", Status: 200, Size: 1, Host: "2001:db8::5"},
		},
		{
			name: "vhost_combined ip vhost",
			spec: Spec{Format: FormatVhostCombined},
			line: `192.0.2.80:80 198.51.100.4 - - [25/Oct/2021:11:05:52 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
			want: view{Time: "2021-10-25T11:05:52Z", Peer: "198.51.100.4", Client: "198.51.100.4",
				Request: "GET / HTTP/1.1", Method: "GET", Path: "/", Proto: "HTTP/1.1", Status: 200, Size: 1, Host: "192.0.2.80"},
		},
		{
			name: "vhost_combined falls back to a plain line",
			spec: Spec{Format: FormatVhostCombined},
			line: `1.2.3.4 - - [05/Mar/2021:09:01:38 +0100] "POST /x HTTP/1.0" 200 1513`,
			want: view{Time: "2021-03-05T08:01:38Z", Peer: "1.2.3.4", Client: "1.2.3.4",
				Request: "POST /x HTTP/1.0", Method: "POST", Path: "/x", Proto: "HTTP/1.0", Status: 200, Size: 1513},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustNew(t, tt.spec)
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

func TestParseCLFQueryNilVersusEmpty(t *testing.T) {
	p := mustNew(t, Spec{Format: FormatCombined})
	var ev Event
	for line, wantNil := range map[string]bool{
		`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /x? HTTP/1.1" 200 1 "-" "-"`: false,
		`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /x HTTP/1.1" 200 1 "-" "-"`:  true,
	} {
		if err := p.Parse([]byte(line), &ev); err != nil {
			t.Fatalf("Parse(%q) = %v", line, err)
		}
		if got := ev.Query == nil; got != wantNil || len(ev.Query) != 0 {
			t.Errorf("Parse(%q): Query = %q (nil %v), want empty with nil %v", line, ev.Query, got, wantNil)
		}
	}
}

func TestParseCLFErrors(t *testing.T) {
	const ok = `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`
	tests := []struct {
		name   string
		format string
		line   string
		want   Reason
	}{
		{"empty", FormatCombined, "", ReasonEmpty},
		{"blank", FormatCombined, " \t\r\n", ReasonEmpty},
		{"one word", FormatCombined, "hello", ReasonTruncated},
		{"hostname client", FormatCombined, `host.example - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadClient},
		{"ipv4 with zone", FormatCombined, `1.2.3.4%eth0 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadClient},
		{"octet overflow", FormatCombined, `1.2.3.256 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadClient},
		{"no timestamp", FormatCombined, `1.2.3.4 - - "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonTruncated},
		{"no ident", FormatCombined, `1.2.3.4 [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonNoMatch},
		{"day 32", FormatCombined, `1.2.3.4 - - [32/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadTime},
		{"feb 29 non leap", FormatCombined, `1.2.3.4 - - [29/Feb/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadTime},
		{"bad month", FormatCombined, `1.2.3.4 - - [29/Foo/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadTime},
		{"bad zone", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +00:00] "GET / HTTP/1.1" 200 1 "-" "-"`, ReasonBadTime},
		{"timestamp not closed", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000 "GET / HTTP/1.1" 200 1`, ReasonTruncated},
		{"unquoted request", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] GET / HTTP/1.1 200 1 "-" "-"`, ReasonBadRequest},
		{"request not closed", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1 200 1`, ReasonTruncated},
		{"line ends after request", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1"`, ReasonTruncated},
		{"status not digits", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" abc 1 "-" "-"`, ReasonBadStatus},
		{"status four digits", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 2000 1 "-" "-"`, ReasonBadStatus},
		{"no size", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200`, ReasonTruncated},
		{"bad size", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 12a "-" "-"`, ReasonBadSize},
		{"unquoted referer", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 ref "ua"`, ReasonNoMatch},
		{"referer not closed", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "ref`, ReasonTruncated},
		{"unquoted user agent", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" ua`, ReasonNoMatch},
		{"user agent not closed", FormatCombined, `1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "ua\"`, ReasonTruncated},
		{"vhost only", FormatVhostCombined, `example.com`, ReasonTruncated},
		{"vhost and hostname", FormatVhostCombined, `example.com host.example - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1`, ReasonBadClient},
		{"combined is fine", FormatCombined, ok, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustNew(t, Spec{Format: tt.format})
			var ev Event
			err := p.Parse([]byte(tt.line), &ev)
			if got := reasonOf(t, err); got != tt.want {
				t.Errorf("Parse(%q) = %v, want reason %q", tt.line, err, tt.want)
			}
		})
	}
}

// TestParseCLFShortcuts: lines at the edges of the shortcuts of the
// combined parser (an IPv4 client parsed while its end is found, the
// timestamp recognised from the cache, a "-" field taken without a
// search, one backslash search for the whole line) give what the general
// path gives: the same error, the client unset when the general path had
// not parsed it yet, the same fields. Each line is parsed twice, the
// second time with its own timestamp in the cache.
func TestParseCLFShortcuts(t *testing.T) {
	tests := []struct{ line, err, client, referer, ua string }{
		{"1.2.3.4 -", "truncated: line ends after the client field", "invalid IP", "", ""},
		{"1.2.3.4 -[29/Jul/2023:10:26:07 +0000]", "no_match: want ident and user before the timestamp", "1.2.3.4", "", ""},
		{`1.2.3.4 - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1`, "no_match: want ident and user before the timestamp", "1.2.3.4", "", ""},
		{`1.2.3.4 -- [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1`, "no_match: want ident and user before the timestamp", "1.2.3.4", "", ""},
		{`1.2.3.45 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-"x" "ua"`, "<nil>", "1.2.3.45", `-"x`, "ua"},
		{`1.2.3.4:80 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, "bad_client: client field is not an IP address", "invalid IP", "", ""},
		{`1.2.3.4.5 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, "bad_client: client field is not an IP address", "invalid IP", "", ""},
		{`1.2.3.04 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, "bad_client: client field is not an IP address", "invalid IP", "", ""},
		{`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000]] "GET / HTTP/1.1" 200 1 "-" "-"`, "bad_request: request is not a quoted string", "1.2.3.4", "", ""},
		{`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /a\x20b HTTP/1.1" 200 1 "-" "Mozilla \"x\""`, "<nil>", "1.2.3.4", "", `Mozilla "x"`},
	}
	p := mustNew(t, Spec{Format: FormatCombined})
	for _, tt := range tests {
		for range 2 {
			var ev Event
			err := p.Parse([]byte(tt.line), &ev)
			if fmt.Sprint(err) != tt.err || ev.Client.String() != tt.client || string(ev.Referer) != tt.referer || string(ev.UA) != tt.ua {
				t.Errorf("Parse(%q) = %v, client %s, referer %q, agent %q; want %s, %s, %q, %q",
					tt.line, err, ev.Client, ev.Referer, ev.UA, tt.err, tt.client, tt.referer, tt.ua)
			}
		}
	}
}
