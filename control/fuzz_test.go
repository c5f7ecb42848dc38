package control_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/control"
)

// FuzzRequests sends arbitrary bodies to the endpoints that take one. The
// server must never panic and never answer 500 for a bad request: every
// body is either served or refused as the client's fault.
func FuzzRequests(f *testing.F) {
	for _, s := range []string{
		`{"prefix":"203.0.113.7/32","duration":3600000000000,"reason":"manual"}`,
		`{"prefix":"::ffff:10.0.0.0/104"}`,
		`{"prefix":"127.0.0.1/32","force":true}`,
		`{"prefixes":["10.0.0.0/8"]}`,
		`{"all":true}`,
		`{"prefix":"1.2.3.4/33"}`,
		`{"prefix":null}`,
		`[]`,
		`{"prefix":"fe80::1%eth0/128"}`,
		`{"prefixes":["2001:db8::/32",""]}`,
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	h := control.Handler(offline(f), slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, body string, ban bool) {
		method := http.MethodDelete
		if ban {
			method = http.MethodPost
		}
		req := httptest.NewRequest(method, "/v1/bans", strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("%s %q: status %d: %s", method, body, rec.Code, rec.Body)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("answer is not JSON: %q", rec.Header().Get("Content-Type"))
		}
	})
}
