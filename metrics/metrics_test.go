package metrics

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSnapshotValuesAreScraped(t *testing.T) {
	var lines atomic.Uint64
	m := New()
	m.SetSnapshot(func() Snapshot {
		return Snapshot{
			Sources: []Source{{Name: "/var/log/nginx/access.log", Lines: lines.Load(),
				Skipped: map[string]uint64{"bad_time": 2}, LagBytes: 100, LastLineSeconds: -1}},
			ActiveBans:          map[string]int{"ipv4": 1, "ipv6": 0},
			BackendHealthy:      true,
			StoreCorruptDropped: 2, StoreCorruptUnreadable: 1,
		}
	})
	lines.Store(10)
	for range 3 {
		m.RuleHit("sqli-union", "sqli")
	}
	m.Ban("sqli-union", "auto")
	m.KernelCall("ban", 300*time.Microsecond)
	m.LineToKernel(2*time.Millisecond, 1)
	out := scrape(t, m)
	for _, want := range []string{
		`guardctl_lines_read_total{source="/var/log/nginx/access.log"} 10`,
		`guardctl_lines_parsed_total{source="/var/log/nginx/access.log"} 8`,
		`guardctl_lines_skipped_total{reason="bad_time",source="/var/log/nginx/access.log"} 2`,
		`guardctl_tail_lag_bytes{source="/var/log/nginx/access.log"} 100`,
		`guardctl_rule_hits_total{category="sqli",rule="sqli-union"} 3`,
		`guardctl_bans_total{origin="auto",rule="sqli-union"} 1`,
		`guardctl_active_bans{set="ipv4"} 1`,
		`guardctl_backend_healthy 1`,
		`guardctl_store_errors_total 0`,
		`guardctl_store_corrupt_dropped_total 2`,
		`guardctl_store_corrupt_unreadable_records 1`,
		`guardctl_kernel_call_seconds_count{op="ban"} 1`,
		`guardctl_line_to_kernel_seconds_count 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
	if strings.Contains(out, "tail_last_line_age_seconds{") {
		t.Error("a source without lines has a last-line age")
	}
	lines.Store(25)
	if out := scrape(t, m); !strings.Contains(out, `guardctl_lines_read_total{source="/var/log/nginx/access.log"} 25`) {
		t.Error("lines_read did not move")
	}
}

func TestNilMetricsIsSafe(t *testing.T) {
	var m *Metrics
	m.KernelCall("ban", time.Millisecond)
	m.LineToKernel(time.Millisecond, 3)
	m.RuleHit("r", "c")
	m.Ban("r", "auto")
	m.StoreError()
	m.SetSnapshot(nil)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil metrics handler: %d", rec.Code)
	}
}

// TestServeTCP: [metrics] listen serves /metrics on loopback and stops with
// its context.
func TestServeTCP(t *testing.T) {
	m := New()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, addr) }()
	var body string
	for i := 0; i < 50; i++ {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(body, "guardctl_store_errors_total 0") {
		t.Errorf("GET /metrics over TCP: %q", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if err := m.Serve(context.Background(), "127.0.0.1:notaport"); err == nil {
		t.Error("a bad address was accepted")
	}
}
