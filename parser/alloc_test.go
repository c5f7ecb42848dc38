package parser

import (
	"fmt"
	"testing"
	"time"
)

// benchLines are the per-format inputs of TestParseAllocs and
// BenchmarkParse: realistic lines including the awkward cases (IPv6,
// escapes, junk requests) that must stay on the fast path too.
var benchLines = []struct {
	name string
	spec Spec
	line string
}{
	{"combined", Spec{Format: FormatCombined},
		`203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET /wp-content/themes/x/style.css?ver=6.4.2 HTTP/1.1" 200 5123 "https://www.example.com/blog/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"`},
	{"combined_ipv6", Spec{Format: FormatCombined},
		`2001:db8:85a3::8a2e:370:7334 - - [10/Oct/2023:13:55:36 +0200] "GET /index.php HTTP/2.0" 404 153 "-" "curl/8.5.0"`},
	{"combined_ipv6_zone", Spec{Format: FormatCombined},
		`fe80::1%eth0 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 1 "-" "-"`},
	{"combined_escaped", Spec{Format: FormatCombined},
		`192.0.2.1 - - [10/Dec/2021:09:09:53 +0000] "GET /index.php?s=/Index/\x5Cthink\x5Capp/invokefunction&x=\"y\" HTTP/1.1" 403 180 "-" "Mozilla \"x\""`},
	{"combined_tls_junk", Spec{Format: FormatCombined},
		`1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] "\x16\x03\x01\x00\xA5\x01\x00\x00\xA1\x03\x03" 400 226 "-" "-"`},
	{"combined_trailing_xff", Spec{Format: FormatCombined, TrailingXFF: true},
		`10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] "GET /api/v1/items?page=2 HTTP/1.1" 200 17 "-" "okhttp/4.9" 0.005 "198.51.100.1, 10.0.0.9"`},
	{"combined_syslog", Spec{Format: FormatCombined, Syslog: true},
		`Sep 15 16:13:46 web-1 nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 200 5364 "-" "Mozilla/5.0"`},
	{"common", Spec{Format: FormatCommon},
		`203.0.113.9 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`},
	{"vhost_combined", Spec{Format: FormatVhostCombined},
		`www.example.com:443 203.0.113.9 - - [10/Oct/2023:13:55:36 +0200] "GET /login HTTP/1.1" 302 0 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"`},
	{"json", Spec{Format: FormatJSON},
		`{"time_iso8601":"2024-03-01T10:00:00+01:00","remote_addr":"203.0.113.5","request":"GET /a?b=1 HTTP/1.1","status":"404","body_bytes_sent":"153","http_referer":"","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64)","http_x_forwarded_for":"-","host":"example.com","request_time":"0.001"}`},
	{"json_caddy", Spec{Format: FormatJSON},
		`{"level":"info","ts":1711741827.9626286,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"54462","client_ip":"127.0.0.1","proto":"HTTP/1.1","method":"GET","host":"localhost:9080","uri":"/","headers":{"User-Agent":["curl/7.88.1"],"Accept":["*/*"]}},"bytes_read":0,"user_id":"","duration":0.000033987,"size":0,"status":401,"resp_headers":{"Server":["Caddy"],"Www-Authenticate":["Basic realm=\"restricted\""]}}`},
	{"regex", Spec{Format: FormatRegex, Regex: `^(?P<client>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<size>\S+)`},
		`203.0.113.9 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`},
	{"nginx_error", Spec{Format: FormatNginxError, Location: time.UTC},
		`2015/10/29 20:01:02 [error] 256554#0: *99927 limiting requests, excess: 1.852 by zone "one", client: 1.2.3.4, server: example.com, request: "POST /index.htm HTTP/1.0", host: "example.com"`},
	{"apache_error", Spec{Format: FormatApacheError, Location: time.UTC},
		`[Sat Jul 20 21:39:11.978080 2013] [auth_basic:error] [pid 17512:tid 140123053950720] [client 127.0.0.1:51390] AH01617: user username: authentication failure for "/basic/file": Password Mismatch`},
	{"app", Spec{Format: FormatApp, Location: time.UTC, Patterns: []Pattern{{Kind: KindAuthFailure,
		Regex: `^ \[\S+\] Failed authentication attempt for (?P<user>\S+) from (?P<host>[^:\s]+)`}}},
		`2024/01/02 10:00:00 [W] Failed authentication attempt for admin from 203.0.113.7:53012: invalid credentials`},
}

// TestParseAllocs proves the hot path does not allocate: the CLF family
// and JSON cost zero allocations per line once the parser's scratch
// buffers have grown (AllocsPerRun's warm-up run grows them). Regex is
// excluded: regexp allocates its match slice.
func TestParseAllocs(t *testing.T) {
	for _, bl := range benchLines {
		if bl.spec.Format == FormatRegex || bl.spec.Format == FormatApp {
			continue
		}
		t.Run(bl.name, func(t *testing.T) {
			p := mustNew(t, bl.spec)
			line := []byte(bl.line)
			var ev Event
			var err error
			allocs := testing.AllocsPerRun(200, func() { err = p.Parse(line, &ev) })
			if err != nil {
				t.Fatalf("Parse(%q) = %v", bl.line, err)
			}
			if allocs != 0 {
				t.Errorf("Parse(%q) allocates %v times per line, want 0", bl.line, allocs)
			}
		})
	}
}

// TestParseAllocsOnError bounds the cost of a malformed line: the
// *LineError itself and nothing proportional to the input.
func TestParseAllocsOnError(t *testing.T) {
	for _, f := range []string{FormatCombined, FormatJSON} {
		p := mustNew(t, Spec{Format: f})
		line := []byte(`1.2.3.4 - - [99/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 1 "-" "-" {"x":`)
		var ev Event
		allocs := testing.AllocsPerRun(100, func() { _ = p.Parse(line, &ev) })
		if allocs > 1 {
			t.Errorf("%s: Parse of a malformed line allocates %v times, want at most 1", f, allocs)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for _, bl := range benchLines {
		b.Run(bl.name, func(b *testing.B) {
			p := mustNew(b, bl.spec)
			line := []byte(bl.line)
			var ev Event
			b.ReportAllocs()
			b.SetBytes(int64(len(line)))
			stop := reportCPUPerOp(b)
			for b.Loop() {
				if err := p.Parse(line, &ev); err != nil {
					b.Fatal(err)
				}
			}
			stop()
		})
	}
}

// BenchmarkParseMixed parses a cycle of distinct combined lines (clients,
// IPv6, paths, agents, and a new timestamp every 4 lines), so the timestamp
// cache hits only as often as on a busy real log, and branch predictors
// cannot learn one line.
func BenchmarkParseMixed(b *testing.B) {
	var lines [][]byte
	for i := range 256 {
		client := fmt.Sprintf("198.51.%d.%d", i%7, i)
		if i%5 == 0 {
			client = fmt.Sprintf("2001:db8:%x::%x", i, i*7)
		}
		lines = append(lines, fmt.Appendf(nil,
			`%s - - [10/Oct/2023:13:%02d:%02d +0200] "GET /p/%d/item.php?id=%d&ref=abc HTTP/1.1" %d %d "https://www.example.com/c/%d" "Mozilla/5.0 (X11; Linux x86_64) Agent/%d"`,
			client, i/240, (i/4)%60, i*31, i, 200+i%3*100, i*97, i%13, i%17))
	}
	p := mustNew(b, Spec{Format: FormatCombined})
	var ev Event
	b.ReportAllocs()
	stop := reportCPUPerOp(b)
	i := 0
	for b.Loop() {
		if err := p.Parse(lines[i&255], &ev); err != nil {
			b.Fatal(err)
		}
		i++
	}
	stop()
}
