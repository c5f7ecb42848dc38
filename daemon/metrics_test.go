package daemon

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/control"
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
	eventually(t, 5*time.Second, "the ban reported", has(`guardctl_bans_total{origin="auto",rule="trap:/wp-login.php"} 1`))
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

// TestBanMetricBoundedLabels: guardctl_bans_total is labelled by rule and
// origin, never by reason or node. It was labelled by reason, and another
// node's ban has reason "trap (from web-N)": one series per node and
// reason (and per admin text), growing with the cluster.
func TestBanMetricBoundedLabels(t *testing.T) {
	h := newHarness(t, "")
	m := metrics.New()
	h.start(Options{Metrics: m})
	now := time.Now().UnixMilli()
	var decs []cluster.Decision
	for i, node := range []string{"web-1", "web-2", "web-3"} {
		decs = append(decs, cluster.Decision{Op: cluster.OpBan, Node: node, Seq: 1, Prefix: netip.MustParsePrefix(fmt.Sprintf("198.51.100.%d/32", i+1)),
			At: now, Expires: now + time.Hour.Milliseconds(), Reason: "trap", Rules: []string{"trap:/wp-login.php"}, Origin: "auto", Offence: 1})
	}
	if err := h.d.applyRemote(context.Background(), cluster.Batch{Decisions: decs}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Reason: "ticket 4711: scraping"}); err != nil {
		t.Fatal(err)
	}
	scrape := func() string {
		var b strings.Builder
		if err := testutilWrite(m, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	eventually(t, 5*time.Second, "the remote bans counted", func() bool {
		return strings.Contains(scrape(), `guardctl_bans_total{origin="cluster",rule="trap:/wp-login.php"} 3`)
	})
	out := scrape()
	if !strings.Contains(out, `guardctl_bans_total{origin="manual",rule=""} 1`) {
		t.Errorf("the admin's ban is not counted as rule \"\", origin manual:\n%s", grepLines(out, "guardctl_bans_total"))
	}
	if n := strings.Count(out, "guardctl_bans_total{"); n != 2 {
		t.Errorf("%d series of guardctl_bans_total, want 2 (one per rule and origin):\n%s", n, grepLines(out, "guardctl_bans_total"))
	}
}

func testutilWrite(m *metrics.Metrics, w io.Writer) error {
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	_, err := io.Copy(w, rec.Body)
	return err
}

func grepLines(s, sub string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
