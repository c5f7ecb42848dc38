package metrics

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestGrafanaDashboardNamesRealMetrics: every metric a panel of
// contrib/grafana/guardctl.json queries is one this package exports, so a
// renamed metric cannot leave the dashboard blank.
func TestGrafanaDashboardNamesRealMetrics(t *testing.T) {
	data, err := os.ReadFile("../contrib/grafana/guardctl.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	m := New()
	m.SetSnapshot(func() Snapshot {
		return Snapshot{Sources: []Source{{Name: "a.log", Skipped: map[string]uint64{"bad_time": 1}, LastLineSeconds: 1}},
			ActiveBans: map[string]int{"ipv4": 1}, BackendHealthy: true}
	})
	m.RuleHit("r", "c")
	m.Ban("r", "auto")
	m.KernelCall("ban", 1)
	m.LineToKernel(1, 1)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	exported := rec.Body.String()
	name := regexp.MustCompile(`guardctl_[a-z0-9_]+`)
	n := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, metric := range name.FindAllString(tg.Expr, -1) {
				n++
				if !strings.Contains(exported, "\n"+metric) {
					t.Errorf("panel %q queries %s, which guardctl does not export", p.Title, metric)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d metric references in the dashboard", n)
	}
}
