package daemon

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/metrics"
)

// TestMetricsMoveAsLinesArrive scrapes GET /metrics on a running daemon's
// control socket while lines are appended to its log: lines read, rule
// hits, bans, active bans and the line->kernel histogram must follow.
func TestMetricsMoveAsLinesArrive(t *testing.T) {
	h := newHarness(t, "")
	m := metrics.New()
	h.start(Options{Metrics: m})
	m.SetSnapshot(h.d.MetricsSnapshot)

	sock := filepath.Join(h.dir, "g.sock")
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "unix", sock)
	}}}
	scrape := func() string {
		t.Helper()
		resp, err := client.Get("http://guardctl/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics: %d %v\n%s", resp.StatusCode, err, b)
		}
		return string(b)
	}
	src := `source="` + h.logPath + `"`
	has := func(want string) func() bool { return func() bool { return strings.Contains(scrape(), want) } }

	eventually(t, 5*time.Second, "metrics before any line", has(`guardctl_lines_read_total{`+src+`} 0`))
	if out := scrape(); !strings.Contains(out, `guardctl_active_bans{set="ipv4"} 0`) || !strings.Contains(out, "guardctl_backend_healthy 1") {
		t.Fatalf("initial scrape:\n%s", out)
	}

	h.append(clfLine("198.51.100.1", "/"), clfLine("198.51.100.1", "/about"), "not a log line\n")
	eventually(t, 5*time.Second, "3 lines read", has(`guardctl_lines_read_total{`+src+`} 3`))
	out := scrape()
	for _, want := range []string{
		`guardctl_lines_parsed_total{` + src + `} 2`,
		`guardctl_lines_skipped_total{reason=`,
		`guardctl_active_bans{set="ipv4"} 0`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("after 3 lines, scrape lacks %s", want)
		}
	}

	h.append(clfLine("203.0.113.9", "/wp-login.php"))
	eventually(t, 5*time.Second, "the trap's ban in the metrics", has(`guardctl_active_bans{set="ipv4"} 1`))
	eventually(t, 5*time.Second, "the ban reported", has(`guardctl_bans_total{origin="auto",reason="trap:/wp-login.php"} 1`))
	out = scrape()
	for _, want := range []string{
		`guardctl_lines_read_total{` + src + `} 4`,
		`guardctl_rule_hits_total{category="trap",rule="trap:/wp-login.php"} 1`,
		`guardctl_line_to_kernel_seconds_count 1`,
		`guardctl_kernel_call_seconds_count{op="ban"} 1`,
		`guardctl_tail_lag_bytes{` + src + `} 0`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("after the trap, scrape lacks %s\n", want)
		}
	}
}
