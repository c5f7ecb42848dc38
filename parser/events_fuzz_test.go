package parser

import (
	"testing"
	"time"
)

// eventFuzzSpecs are the error and application formats FuzzEventFormats
// drives; the fuzzer picks one by index.
var eventFuzzSpecs = []Spec{
	{Format: FormatNginxError, Location: time.UTC},
	{Format: FormatApacheError, Location: time.FixedZone("X", -5*3600)},
	{Format: FormatApp, Patterns: []Pattern{
		{Kind: KindAuthFailure, Regex: `Failed (?:login|password) for (?P<user>\S*) from (?P<host>\S+)`},
		{Kind: KindForbidden, Regex: `^(?P<time>\S+ \S+) DENY (?P<client>\S+)`},
	}, Ignore: []string{`ignoreme`}},
}

func FuzzEventFormats(f *testing.F) {
	seeds := []string{
		`2015/10/29 20:01:02 [error] 1#0: *9 limiting requests, excess: 1.852 by zone "one", client: 1.2.3.4, server: example.com, request: "POST /index.htm HTTP/1.0", host: "example.com"`,
		`2014/04/03 22:20:40 [error] 30708#0: *3 user "test": password mismatch, client: 127.0.0.1, server: test, request: "GET / HTTP/1.1", host: "localhost:8443"": was not found in "/etc/nginx/.htpasswd", client: 192.0.2.2, server: , request: "GET / HTTP/1.1", host: `,
		`host nginx[1]: 2023/12/09 21:35:20 [error] 1#1: *3 user "u" was not found in "/x", client: [2001:db8::1]:80, server: h, request: "GET / HTTP/2.0", host: "h"`,
		`[Sat Jul 20 21:39:11.978080 2013] [auth_basic:error] [pid 17512:tid 1] [client 127.0.0.1:51390] AH01617: user username: authentication failure for "/basic/file": Password Mismatch`,
		`[Sat Jul 20 22:11:44.147674 2013] [authz_owner:error] [pid 1] [client [2001:db8::8b2c]:51548] AH01637: Authorization of user u to access /x failed`,
		`Feb 15 16:23:00 srv httpd[22034]: [authz_core:error] [pid 22034] [client 192.0.2.1:58585] AH01630: client denied by server configuration: /home/www/`,
		`[Sat Sep 28 09:18:06 2018] [error] [client 192.0.2.1:55555] [client 192.0.2.1] ModSecurity: Access denied with code 403 (phase 2).`,
		`2024/01/02 10:00:00 Failed login for admin from 203.0.113.7`,
		`Jan  2 10:00:00 h app[1]: Failed password for  from ::ffff:10.0.0.1`,
		`2024-01-02 10:00:00 DENY 10.1.1.1`,
		`[Mon Jan 01 00:00:00 0000] [x] [client 1.1.1.1] user  not found`,
		`[22-Jan-2013 22:28:21 +0200]: Failed login for admin from 203.0.113.7`,
		`2024/12/06 10:00:00 [error] 1#0: *5 user "a": password mismatch, client: 192.0.2.50, server: s, referrer: "zz": password mismatch, client: 198.18.0.9, server: s, request: "GET / HTTP/1.1", host: "h"`,
		`[31-Feb-2013 24:61:99 -9999]: Failed login for admin from 203.0.113.7`,
	}
	for _, s := range seeds {
		for i := range eventFuzzSpecs {
			f.Add(uint8(i), []byte(s))
		}
	}
	parsers := make([]Parser, len(eventFuzzSpecs))
	for i, s := range eventFuzzSpecs {
		parsers[i] = mustNew(f, s)
	}
	f.Fuzz(func(t *testing.T, which uint8, line []byte) {
		p := parsers[int(which)%len(parsers)]
		var ev Event
		if !fuzzParse(t, p, line, &ev) {
			return
		}
		checkEvent(t, line, &ev, true)
		if ev.Kind == KindRequest || ev.Kind >= numKinds {
			t.Fatalf("Parse(%q): kind %v; error and app formats report events, not requests", line, ev.Kind)
		}
		if ev.Time.IsZero() {
			t.Fatalf("Parse(%q): zero time", line)
		}
		// A second parse of the same line gives the same event (the time
		// caches must not leak one line's time into the next).
		var ev2 Event
		if err := p.Parse(line, &ev2); err != nil || ev2.Time != ev.Time || ev2.Client != ev.Client || ev2.Kind != ev.Kind {
			t.Fatalf("Parse(%q) not repeatable: %v %v", line, ev2, err)
		}
	})
}
