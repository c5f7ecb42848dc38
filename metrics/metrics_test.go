package metrics

import (
	"io"
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
	m := New(func() Snapshot {
		return Snapshot{
			Sources: []Source{{Name: "/var/log/nginx/access.log", Lines: lines.Load(),
				Skipped: map[string]uint64{"bad_time": 2}, LagBytes: 100, LastLineSeconds: -1}},
			RuleHits:       map[RuleKey]uint64{{"sqli-union", "sqli"}: 3},
			Bans:           map[BanKey]uint64{{"sqli-union", "auto"}: 1},
			ActiveBans:     map[string]int{"ipv4": 1, "ipv6": 0},
			StoreErrors:    0,
			BackendHealthy: true,
		}
	})
	lines.Store(10)
	m.KernelCall("ban", 300*time.Microsecond)
	m.LineToKernel(2*time.Millisecond, 1)
	out := scrape(t, m)
	for _, want := range []string{
		`guardctl_lines_read_total{source="/var/log/nginx/access.log"} 10`,
		`guardctl_lines_parsed_total{source="/var/log/nginx/access.log"} 8`,
		`guardctl_lines_skipped_total{reason="bad_time",source="/var/log/nginx/access.log"} 2`,
		`guardctl_tail_lag_bytes{source="/var/log/nginx/access.log"} 100`,
		`guardctl_rule_hits_total{category="sqli",rule="sqli-union"} 3`,
		`guardctl_bans_total{origin="auto",reason="sqli-union"} 1`,
		`guardctl_active_bans{set="ipv4"} 1`,
		`guardctl_backend_healthy 1`,
		`guardctl_store_errors_total 0`,
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
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil metrics handler: %d", rec.Code)
	}
}
