package report

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

func banEvent(ip string) Event {
	return Event{Action: "ban", Prefix: netip.PrefixFrom(netip.MustParseAddr(ip), 32), Reason: `sqli "x" <y>`,
		Rules: []string{"sqli-union"}, Categories: []string{"sqli", "scanner"}, Duration: 10 * time.Minute,
		Offence: 2, Origin: "auto", Time: t0}
}

// receiver records what it got; fail makes the first n requests fail.
type receiver struct {
	mu     sync.Mutex
	bodies []string
	heads  []http.Header
	fail   atomic.Int32
	status int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	if r.fail.Add(-1) >= 0 {
		http.Error(w, "busy", r.status)
		return
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, string(b))
	r.heads = append(r.heads, req.Header.Clone())
	r.mu.Unlock()
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

func run(t *testing.T, opts Options) *Reporter {
	t.Helper()
	opts.Backoff = time.Millisecond
	rp := New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rp.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return rp
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestWebhookTemplateRetriesAndRedaction(t *testing.T) {
	rec := &receiver{status: 503}
	rec.fail.Store(2) // two 503s, then success
	ts := httptest.NewServer(rec)
	defer ts.Close()
	rp := run(t, Options{Retries: 3, WebhookURL: ts.URL, WebhookHeaders: map[string]string{"X-Token": "t"},
		WebhookBody: `{"text":"banned {ip} for {duration}: {reason}","n":{offence}}`,
		Protected: func(p netip.Prefix) error {
			if p.Addr() == netip.MustParseAddr("10.0.0.1") {
				return errors.New("protected")
			}
			return nil
		}})
	if rp.Report(banEvent("10.0.0.1")) {
		t.Error("a protected address was queued")
	}
	if rp.Report(Event{Action: "unban", Prefix: netip.MustParsePrefix("192.0.2.1/32")}) {
		t.Error("unban queued though events = [ban]")
	}
	rp.Report(banEvent("192.0.2.7"))
	// The receiver records the body before the reporter has read the
	// answer and counted the delivery: wait for both.
	waitFor(t, "delivery", func() bool { return len(rec.got()) == 1 && rp.Stats().Delivered == 1 })
	var doc map[string]any
	if err := json.Unmarshal([]byte(rec.got()[0]), &doc); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, rec.got()[0])
	}
	if doc["text"] != `banned 192.0.2.7 for 10m0s: sqli "x" <y>` || doc["n"] != float64(2) || len(doc) != 2 {
		t.Errorf("body %v: want only the template's fields", doc)
	}
	if rec.heads[0].Get("X-Token") != "t" {
		t.Error("header not sent")
	}
	if st := rp.Stats(); st.Retried != 2 || st.Delivered != 1 || st.Skipped != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestWebhookGivesUpAndDoesNotRetry4xx(t *testing.T) {
	rec := &receiver{status: 400}
	rec.fail.Store(100)
	ts := httptest.NewServer(rec)
	defer ts.Close()
	rp := run(t, Options{Retries: 5, WebhookURL: ts.URL})
	rp.Report(banEvent("192.0.2.7"))
	waitFor(t, "failure", func() bool { return rp.Stats().Failed == 1 })
	if st := rp.Stats(); st.Retried != 0 {
		t.Errorf("a 400 was retried: %+v", st)
	}
	// A receiver that hangs: each attempt times out, the retries end.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	rp = run(t, Options{Retries: 1, Timeout: 100 * time.Millisecond, WebhookURL: slow.URL})
	rp.Report(banEvent("192.0.2.8"))
	waitFor(t, "timeouts", func() bool { return rp.Stats().Failed == 1 })
	if st := rp.Stats(); st.Retried != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestBoundedQueue(t *testing.T) {
	rp := New(Options{Queue: 3, WebhookURL: "http://127.0.0.1:1/"}) // not running: nothing drains
	n := 0
	for range 10 {
		if rp.Report(banEvent("192.0.2.7")) {
			n++
		}
	}
	if st := rp.Stats(); n != 3 || st.Dropped != 7 {
		t.Errorf("queued %d, stats %+v", n, st)
	}
}

func TestCommandHookNoShell(t *testing.T) {
	dir := t.TempDir()
	rp := run(t, Options{Events: []string{"ban", "unban"},
		Command: []string{"touch", filepath.Join(dir, "{action}-{ip}-{reason}")}})
	ev := banEvent("192.0.2.9")
	ev.Reason = "x;$(id)`y`"
	rp.Report(ev)
	want := filepath.Join(dir, "ban-192.0.2.9-x;$(id)`y`")
	waitFor(t, "command", func() bool { _, err := os.Stat(want); return err == nil })
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files %v: the shell must not have run", entries)
	}
	// A failing command is retried, then given up.
	rp = run(t, Options{Retries: 2, Command: []string{"false"}})
	rp.Report(banEvent("192.0.2.9"))
	waitFor(t, "failure", func() bool { return rp.Stats().Failed == 1 })
	if rp.Stats().Retried != 2 {
		t.Errorf("stats %+v", rp.Stats())
	}
}

func TestBlocklistReport(t *testing.T) {
	rec := &receiver{}
	ts := httptest.NewServer(rec)
	defer ts.Close()
	rp := run(t, Options{Events: []string{"ban", "unban"}, BlocklistURL: ts.URL + "/api/v2/report", BlocklistKeyHeader: "Key", BlocklistKey: "k",
		Categories: map[string]string{"sqli": "16", "scanner": "14, 21", "bruteforce": "18"}, DefaultCategory: "21"})
	rp.Report(banEvent("192.0.2.7"))
	rp.Report(Event{Action: "unban", Prefix: netip.MustParsePrefix("192.0.2.7/32")}) // never reported to a blocklist
	other := banEvent("192.0.2.8")
	other.Categories = []string{"throttle"}
	rp.Report(other)
	waitFor(t, "two reports", func() bool { return len(rec.got()) == 2 })
	time.Sleep(20 * time.Millisecond)
	got := rec.got()
	if len(got) != 2 {
		t.Fatalf("reports %v", got)
	}
	f, _ := url.ParseQuery(got[0])
	if f.Get("ip") != "192.0.2.7" || f.Get("categories") != "16,14,21" || !strings.HasPrefix(f.Get("comment"), "guardctl: sqli") {
		t.Errorf("report form %v", f)
	}
	f, _ = url.ParseQuery(got[1])
	if f.Get("categories") != "21" || rec.heads[1].Get("Key") != "k" {
		t.Errorf("default category / key: %v %v", f, rec.heads[1])
	}
}

func FuzzExpand(f *testing.F) {
	f.Add(DefaultBody, "reason \"x\"")
	f.Add("{ip}{{}{reason", "\x00\xff")
	f.Fuzz(func(t *testing.T, tmpl, reason string) {
		ev := banEvent("192.0.2.1")
		ev.Reason = reason
		out := Expand(tmpl, ev, jsonEscape)
		if tmpl == DefaultBody && !json.Valid([]byte(out)) {
			t.Fatalf("default body is not JSON: %s", out)
		}
	})
}
