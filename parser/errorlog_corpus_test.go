package parser

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The fail2ban samples of the filters the native error-log formats stand in
// for: every line fail2ban's filter must match yields an event of the
// filter's kinds for the expected client, every other line yields nothing
// of those kinds. The lines listed in unsupported are the ones a native
// format deliberately does not report (the imported fail2ban filter does,
// see importer/fail2ban); each is named with the reason.
type errorLogCase struct {
	format string
	kinds  map[string][]Kind // by filter mode ("" = the default mode)
}

var errorLogCases = map[string]errorLogCase{
	"nginx-http-auth": {FormatNginxError, map[string][]Kind{
		"": {KindAuthFailure}, "normal": {KindAuthFailure}, "auth": {KindAuthFailure},
		"aggressive": {KindAuthFailure}, "fallback": {KindAuthFailure}}},
	"nginx-limit-req": {FormatNginxError, map[string][]Kind{"": {KindRateLimited}}},
	"nginx-forbidden": {FormatNginxError, map[string][]Kind{"": {KindForbidden}}},
	"apache-auth": {FormatApacheError, map[string][]Kind{
		"": {KindAuthFailure, KindForbidden}, "aggressive": {KindAuthFailure, KindForbidden, KindRateLimited}}},
	"apache-modsecurity": {FormatApacheError, map[string][]Kind{"": {KindForbidden}}},
}

// unsupported: file:line -> why the native format reports nothing there.
var unsupported = map[string]string{
	"nginx-http-auth:30": "TLS handshake failure (fail2ban's fallback mode): not an authentication event",
	"nginx-http-auth:32": "TLS handshake failure (fallback mode)",
	"nginx-http-auth:34": "TLS handshake failure (fallback mode)",
	"nginx-http-auth:39": "TLS handshake failure (fallback mode)",
	"nginx-http-auth:41": "TLS handshake failure (fallback mode)",
	"nginx-http-auth:43": "TLS read failure (fallback mode)",
	"nginx-http-auth:47": "TLS handshake failure (aggressive mode)",
	"apache-auth:129":    "AH02031 SNI/Host mismatch: a misdirected request, not an authentication failure",
	"apache-auth:132":    "AH02032 SNI/Host mismatch",
	"apache-auth:135":    "AH02033 no SNI for a name-based virtual host",
}

func TestCorpusFail2banErrorLogs(t *testing.T) {
	dir := corpusDir(t)
	type rec struct {
		File    string          `json:"file"`
		Lineno  int             `json:"lineno"`
		Match   bool            `json:"match"`
		Host    string          `json:"host"`
		Time    string          `json:"time"`
		Options json.RawMessage `json:"filterOptions"`
		Line    string          `json:"line"`
	}
	parsers := map[string]Parser{}
	for _, f := range []string{FormatNginxError, FormatApacheError} {
		p, err := New(Spec{Format: f, Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		parsers[f] = p
	}
	var matched, wantMatch, quiet, wantQuiet, skippedUnsupported int
	readJSONL(t, filepath.Join(dir, "fail2ban", "labeled.jsonl"), func(b []byte) {
		var r rec
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		c, ok := errorLogCases[r.File]
		if !ok {
			return
		}
		where := fmt.Sprintf("%s:%d", r.File, r.Lineno)
		kinds := c.kinds[modeOf(r.Options)]
		var ev Event
		err := parsers[c.format].Parse([]byte(r.Line), &ev)
		yields := err == nil && slices.Contains(kinds, ev.Kind)
		if !r.Match {
			wantQuiet++
			if yields {
				t.Errorf("%s: must yield nothing, got %s for %s\n  %s", where, ev.Kind, ev.Client, r.Line)
			} else {
				quiet++
			}
			return
		}
		if why, ok := unsupported[where]; ok {
			skippedUnsupported++
			if yields {
				t.Errorf("%s: listed as unsupported (%s) but yields %s", where, why, ev.Kind)
			}
			return
		}
		wantMatch++
		if !yields {
			t.Errorf("%s: want an event of %v for %s, got kind %s err %v\n  %s", where, kinds, r.Host, ev.Kind, err, r.Line)
			return
		}
		if want := netip.MustParseAddr(r.Host); ev.Client != want {
			t.Errorf("%s: client %s, want %s", where, ev.Client, want)
			return
		}
		if r.Time != "" && !isSyslogLine(r.Line) {
			want, _ := time.Parse("2006-01-02T15:04:05", r.Time)
			if ev.Time.Truncate(time.Second) != want {
				t.Errorf("%s: time %s, want %s", where, ev.Time, want)
				return
			}
		}
		matched++
	})
	t.Logf("fail2ban error-log samples: %d/%d lines to match yield the client, %d/%d other lines yield nothing; %d lines out of the native formats' scope (listed)",
		matched, wantMatch, quiet, wantQuiet, skippedUnsupported)
}

// modeOf is the filter mode of a filterOptions value ({"mode": "x"} or a
// list of such; the last mode listed is used, since the lines under it must
// match in every listed mode).
func modeOf(raw json.RawMessage) string {
	var one map[string]string
	if json.Unmarshal(raw, &one) == nil {
		return one["mode"]
	}
	var many []map[string]string
	if json.Unmarshal(raw, &many) == nil {
		for _, m := range slices.Backward(many) {
			if m["mode"] != "" {
				return m["mode"]
			}
		}
	}
	return ""
}

func isSyslogLine(s string) bool { return len(s) > 3 && month([]byte(s[:3])) != 0 }
