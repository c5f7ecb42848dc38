package parser

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestEventFormats(t *testing.T) {
	utc := time.UTC
	gitea := Spec{Format: FormatApp, Location: utc, Patterns: []Pattern{
		{Kind: KindAuthFailure, Regex: `Failed authentication attempt for (?P<user>\S+) from (?P<host>[^:\s]+)`},
		{Kind: KindAuthSuccess, Regex: `login succeeded for (?P<user>\S+) from (?P<client>\S+)`},
		{Kind: KindAuthFailure, Regex: `^(?P<time>\S+ \S+) BAD (?P<host>\S+)`},
	}, Ignore: []string{`from 192\.0\.2\.99`}}
	tests := []struct {
		name   string
		spec   Spec
		line   string
		kind   Kind
		client string
		user   string
		time   string
		reason Reason // want a skip with this reason
	}{
		{"nginx limit_req", Spec{Format: FormatNginxError, Location: utc},
			`2015/10/29 20:01:02 [error] 1#0: *9 limiting requests, excess: 1.852 by zone "one", client: 1.2.3.4, server: example.com, request: "POST /index.htm HTTP/1.0", host: "example.com"`,
			KindRateLimited, "1.2.3.4", "", "2015-10-29T20:01:02Z", ""},
		{"nginx password mismatch", Spec{Format: FormatNginxError, Location: utc},
			`2012/04/09 11:53:36 [error] 2865#0: *66647 user "xyz": password mismatch, client: 192.0.43.10, server: www.myhost.com, request: "GET / HTTP/1.1", host: "www.myhost.com"`,
			KindAuthFailure, "192.0.43.10", "xyz", "2012-04-09T11:53:36Z", ""},
		{"nginx no credentials", Spec{Format: FormatNginxError, Location: utc},
			`2024/01/01 00:00:00 [error] 7#7: *1 no user/password was provided for basic authentication, client: 2001:db8::1, server: a, request: "GET /x HTTP/1.1", host: "a"`,
			KindAuthMissing, "2001:db8::1", "", "2024-01-01T00:00:00Z", ""},
		{"nginx forged client in referrer", Spec{Format: FormatNginxError, Location: utc},
			`2018/09/14 19:03:05 [error] 1#1: *2 access forbidden by rule, client: 12.34.56.78, server: w, request: "GET /x HTTP/1.1", host: "w", referrer: "a, client: 10.9.9.9, server: b"`,
			KindForbidden, "12.34.56.78", "", "2018-09-14T19:03:05Z", ""},
		// nginx writes the request line, Host and the user name unescaped:
		// a forged client field on either side is told from the real one
		// by where it stands (nginxClientAt), and a line where both could
		// be nginx's own is refused rather than blamed on anyone.
		{"nginx forged client in request line", Spec{Format: FormatNginxError, Location: utc},
			`2024/12/06 10:00:00 [error] 1#0: *5 user "bob": password mismatch, client: 198.18.0.9, server: s, request: "GET /x, client: 192.0.2.50, server: y HTTP/1.1", host: "h"`,
			KindAuthFailure, "198.18.0.9", "bob", "2024-12-06T10:00:00Z", ""},
		{"nginx forged client in host", Spec{Format: FormatNginxError, Location: utc},
			`2024/12/06 10:00:00 [error] 1#0: *5 user "bob": password mismatch, client: 198.18.0.9, server: s, request: "GET /x HTTP/1.1", host: "h, client: 192.0.2.50, server: y"`,
			KindAuthFailure, "198.18.0.9", "bob", "2024-12-06T10:00:00Z", ""},
		{"nginx forged client in user name", Spec{Format: FormatNginxError, Location: utc},
			`2024/12/06 10:00:00 [error] 1#0: *5 user "a": password mismatch, client: 192.0.2.50, server: s, referrer: "zz": password mismatch, client: 198.18.0.9, server: s, request: "GET / HTTP/1.1", host: "h"`,
			KindAuthFailure, "198.18.0.9", `a": password mismatch, client: 192.0.2.50, server: s, referrer: "zz`, "2024-12-06T10:00:00Z", ""},
		{"nginx two client fields nginx could both have written", Spec{Format: FormatNginxError, Location: utc},
			`2024/12/06 10:00:00 [error] 1#0: *5 access forbidden by rule, client: 192.0.2.50, server: s, host: "access forbidden by rule, client: 198.18.0.9, server: s, referrer: "z"`,
			0, "", "", "", ReasonBadClient},
		{"nginx client-like text that is not a pair", Spec{Format: FormatNginxError, Location: utc},
			`2024/12/06 10:00:00 [error] 1#0: *5 user "x, client: me": password mismatch, client: 198.18.0.9, server: s, request: "GET /?q=, client: nobody HTTP/1.1", host: "h"`,
			KindAuthFailure, "198.18.0.9", "x, client: me", "2024-12-06T10:00:00Z", ""},
		{"nginx journal prefix", Spec{Format: FormatNginxError, Location: utc},
			`host nginx[983479]: 2023/12/09 21:35:20 [notice] 983479#983479: *22174 limiting requests, excess: 1.495 by zone "one", client: 192.0.2.2, server: example.com, request: "GET /index.htm HTTP/1.1", host: "example.com"`,
			KindRateLimited, "192.0.2.2", "", "2023-12-09T21:35:20Z", ""},
		{"nginx other message", Spec{Format: FormatNginxError, Location: utc},
			`2020/11/25 16:02:45 [error] 1#1: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 5.126.32.148, server: x, request: "GET / HTTP/2.0", host: "x"`,
			0, "", "", "", ReasonNoEvent},
		{"nginx zone", Spec{Format: FormatNginxError, Location: time.FixedZone("CET", 3600)},
			`2015/10/29 20:01:02 [error] 1#0: *9 access forbidden by rule, client: 1.2.3.4, server: e, request: "GET / HTTP/1.1", host: "e"`,
			KindForbidden, "1.2.3.4", "", "2015-10-29T19:01:02Z", ""},
		{"apache 2.4 password", Spec{Format: FormatApacheError, Location: utc},
			`[Sat Jul 20 21:39:11.978080 2013] [auth_basic:error] [pid 17512:tid 1] [client 127.0.0.1:51390] AH01617: user username: authentication failure for "/basic/file": Password Mismatch`,
			KindAuthFailure, "127.0.0.1", "username", "2013-07-20T21:39:11.97808Z", ""},
		{"apache 2.2 denied", Spec{Format: FormatApacheError, Location: utc},
			`[Wed Jul 17 23:20:45 2013] [error] [client 127.0.0.1] client denied by server configuration: /var/www/html/noentry/x.html`,
			KindForbidden, "127.0.0.1", "", "2013-07-17T23:20:45Z", ""},
		{"apache evasive", Spec{Format: FormatApacheError, Location: utc},
			`[Thu Oct 17 18:43:40.160521 2019] [evasive20:error] [pid 22589] [client 192.0.2.1:56175] client denied by server configuration: /path/index.php, referer: https://h/`,
			KindRateLimited, "192.0.2.1", "", "2019-10-17T18:43:40.160521Z", ""},
		{"apache client in message", Spec{Format: FormatApacheError, Location: utc},
			`[Sat Jun 01 02:17:42 2013] [error] [client 192.168.33.1] File does not exist: /srv/http/site/[client 192.168.0.1] user root not found`,
			0, "", "", "", ReasonNoEvent},
		{"apache ipv6 brackets", Spec{Format: FormatApacheError, Location: utc},
			`[Sat Jul 20 22:11:44.147674 2013] [authz_owner:error] [pid 1:tid 2] [client [2001:db8::80da:af6b:8b2c]:51548] AH01637: Authorization of user test-ipv6 to access /x failed, reason: file owner dan does not match`,
			KindForbidden, "2001:db8::80da:af6b:8b2c", "test-ipv6", "2013-07-20T22:11:44.147674Z", ""},
		{"apache journal line", Spec{Format: FormatApacheError, Location: utc},
			`2026-12-06T04:24:54.427742Z web1 apache2[1]: [authz_core:error] [pid 22034] [client 192.0.2.1:58585] AH01630: client denied by server configuration: /home/www/`,
			KindForbidden, "192.0.2.1", "", "2026-12-06T04:24:54.427742Z", ""},
		{"apache modsecurity warning", Spec{Format: FormatApacheError, Location: utc},
			`[Sat May 09 00:35:52 2020] [:error] [pid 1] [client 192.0.2.2:47762] ModSecurity: Warning. Pattern match "x" at ARGS.`,
			0, "", "", "", ReasonNoEvent},
		{"app failure", gitea,
			`2024/01/02 10:00:00 ...routers/web/auth/auth.go:210:SignInPost() [I] Failed authentication attempt for admin from 203.0.113.7:53012: invalid`,
			KindAuthFailure, "203.0.113.7", "admin", "2024-01-02T10:00:00Z", ""},
		{"app success, client group", gitea,
			`2024-01-02T10:00:01Z login succeeded for bob from 2001:db8::7`,
			KindAuthSuccess, "2001:db8::7", "bob", "2024-01-02T10:00:01Z", ""},
		{"app time group", gitea,
			`2024-01-02 10:00:02 BAD 198.51.100.3`,
			KindAuthFailure, "198.51.100.3", "", "2024-01-02T10:00:02Z", ""},
		{"app ignored", gitea,
			`2024/01/02 10:00:00 Failed authentication attempt for x from 192.0.2.99:1`,
			0, "", "", "", ReasonIgnored},
		{"app no pattern", gitea, `2024/01/02 10:00:00 all good`, 0, "", "", "", ReasonNoEvent},
		{"app no time", gitea, `Failed authentication attempt for x from 192.0.2.1:1`, 0, "", "", "", ReasonBadTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustNew(t, tt.spec)
			var ev Event
			err := p.Parse([]byte(tt.line), &ev)
			if tt.reason != "" {
				var le *LineError
				if !errors.As(err, &le) || le.Reason != tt.reason {
					t.Fatalf("Parse = %v (event %s %s), want reason %s", err, ev.Kind, ev.Client, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse = %v", err)
			}
			if ev.Kind != tt.kind || ev.Client != netip.MustParseAddr(tt.client) || string(ev.User) != tt.user {
				t.Errorf("got kind %s client %s user %q, want %s %s %q", ev.Kind, ev.Client, ev.User, tt.kind, tt.client, tt.user)
			}
			if got := ev.Time.Format(time.RFC3339Nano); got != tt.time {
				t.Errorf("time %s, want %s", got, tt.time)
			}
		})
	}
}

func TestLocateTimeShapes(t *testing.T) {
	clk := newLocalClock(time.UTC)
	for _, tt := range []struct{ line, want, rest string }{
		{"2024-03-01 10:00:00,123 WARN x", "2024-03-01T10:00:00.123Z", " WARN x"},
		{"[2024-03-01T10:00:00+01:00] x", "2024-03-01T09:00:00Z", "[] x"},
		{"127.0.0.1 - - [27/Jun/2013:11:55:44 +0000] \"GET", "2013-06-27T11:55:44Z", "127.0.0.1 - - [] \"GET"},
		{"[Sat Jun 01 02:17:42 2013] [error]", "2013-06-01T02:17:42Z", "[] [error]"},
		{"srv app: 2013/07/11 01:21:41 x", "2013-07-11T01:21:41Z", "srv app:  x"},
		{"[22-Jan-2013 22:28:21 +0200]: FAILED login", "2013-01-22T20:28:21Z", "[]: FAILED login"},
		{"[22-Jan-2013 22:28:21 UTC] PHP Warning", "2013-01-22T22:28:21Z", "[ UTC] PHP Warning"},
	} {
		tm, s, e, ok := locateTime([]byte(tt.line), &clk)
		if !ok {
			t.Errorf("%q: no time found", tt.line)
			continue
		}
		if got := tm.Format(time.RFC3339Nano); got != tt.want {
			t.Errorf("%q: time %s, want %s", tt.line, got, tt.want)
		}
		if rest := tt.line[:s] + tt.line[e:]; rest != tt.rest {
			t.Errorf("%q: rest %q, want %q", tt.line, rest, tt.rest)
		}
	}
	if _, _, _, ok := locateTime([]byte(strings.Repeat("x ", 100)+"2024-03-01 10:00:00"), &clk); ok {
		t.Errorf("a timestamp past the search span was found")
	}
}

func TestKindNames(t *testing.T) {
	for _, n := range KindNames() {
		k, err := ParseKind(n)
		if err != nil || k.String() != n {
			t.Errorf("ParseKind(%q) = %v, %v", n, k, err)
		}
	}
	if _, err := ParseKind("auth_fail"); err == nil {
		t.Errorf("ParseKind accepted a typo")
	}
}
