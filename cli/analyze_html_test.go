package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds the headless browser, or skips (fails in CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true: chromium is missing (apt-get install chromium)")
	}
	t.Skip("chromium not installed; the HTML report is not checked in a browser")
	return ""
}

// runChromium runs headless Chromium with a profile of its own and no
// network activity of its own.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestHTMLReportInChromium: `analyze -o html` is one file a browser renders
// with nothing from the network, whose DOM holds the figures of the JSON
// report; a screenshot is kept ($GUARDCTL_ARTIFACTS, else a temp dir).
func TestHTMLReportInChromium(t *testing.T) {
	bin := chromium(t)
	logs := []string{"../testdata/logs/login-bruteforce.log", "../testdata/logs/scanner.log", "../testdata/logs/flood.log", "../testdata/logs/injection.log"}
	rep, _ := analyzeJSON(t, "", append([]string{"--top", "20"}, logs...)...)
	r := guardctl(t, "", append([]string{"analyze", "-o", "html", "--no-progress", "--top", "20"}, logs...)...)
	mustCode(t, r, exitOK)
	// Log lines shown as text may hold URLs; markup must not load any.
	for _, bad := range []string{`href="http`, `href="//`, "<link", " src=", "url(", "@import"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("the page refers outside itself: %q", bad)
		}
	}
	dir := os.Getenv("GUARDCTL_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom := string(runChromium(t, bin, "--dump-dom", url))
	if !strings.Contains(dom, `data-ready="1"`) {
		t.Error("the page's script did not run")
	}
	figure := func(key string) string {
		m := regexp.MustCompile(`data-k="` + key + `" data-v="(\d+)"`).FindStringSubmatch(dom)
		if m == nil {
			t.Errorf("DOM lacks figure %s", key)
			return ""
		}
		return m[1]
	}
	s := rep.Summary
	for key, want := range map[string]uint64{"lines": s.Lines, "parsed": s.Parsed, "skipped": s.Skipped,
		"offenders": uint64(s.Offenders), "banned": uint64(s.Banned), "watched": uint64(s.Watched),
		"peak_rps": s.PeakRPS, "requests_after_ban": s.RequestsAfterBan, "distinct_clients": s.DistinctClients} {
		if got := figure(key); got != strconv.FormatUint(want, 10) {
			t.Errorf("DOM %s = %s, JSON report %d", key, got, want)
		}
	}
	rows := regexp.MustCompile(`<tr data-ip="([^"]+)" data-requests="(\d+)">`).FindAllStringSubmatch(dom, -1)
	if len(rows) != len(rep.Offenders) {
		t.Errorf("DOM has %d offender rows, JSON %d", len(rows), len(rep.Offenders))
	}
	for i, o := range rep.Offenders {
		if i < len(rows) && (rows[i][1] != o.IP || rows[i][2] != strconv.FormatUint(o.Requests, 10)) {
			t.Errorf("row %d: %s %s, JSON %s %d", i+1, rows[i][1], rows[i][2], o.IP, o.Requests)
		}
	}
	bans := 0
	for _, o := range rep.Offenders {
		bans += len(o.Bans)
	}
	if !strings.Contains(dom, `<span data-k="ban_marks">`+strconv.Itoa(bans)+`</span>`) {
		t.Errorf("the chart does not mark the %d bans", bans)
	}
	for cat, n := range rep.Categories {
		if !strings.Contains(dom, `data-cat="`+cat+`" data-count="`+strconv.FormatUint(n, 10)+`"`) {
			t.Errorf("DOM lacks category %s = %d", cat, n)
		}
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--window-size=1280,2000", "--screenshot="+shot, url)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Fatalf("screenshot %s: %v", shot, err)
	}
	t.Logf("HTML report %s, screenshot %s", page, shot)
}
