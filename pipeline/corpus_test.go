package pipeline_test

import (
	"context"
	"encoding/json"
	"github.com/guardctl/guardctl/internal/corpustest"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

func corpusDir(t *testing.T) string { return corpustest.Dir(t) }

type hubTest struct {
	Test      string `json:"test"`
	LogType   string `json:"log_type"`
	LogFile   string `json:"log_file"`
	Overflows []struct {
		Sources  []string `json:"sources"`
		Scenario string   `json:"scenario"`
	} `json:"expected_overflows"`
}

// TestCrowdSecHubVerdicts replays every crowdsec hub test log through the
// same path as `guardctl analyze`, with the default policy, and compares
// who is banned with CrowdSec's expected alerts. Single-event scenarios
// ("trigger": CVE exploits, probes) must almost all agree; whitelist tests
// (Nextcloud, Jellyfin ... sync clients) must ban nobody. Rate scenarios
// ("leaky") are CrowdSec's own thresholds: a different, argued policy may
// disagree, so they are measured and held to a floor only.
func TestCrowdSecHubVerdicts(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "crowdsec-hub")
	var tests []hubTest
	data, err := os.ReadFile(filepath.Join(dir, "tests_summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &tests); err != nil {
		t.Fatal(err)
	}
	var facts []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	data, err = os.ReadFile(filepath.Join(dir, "scenarios_facts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &facts); err != nil {
		t.Fatal(err)
	}
	kind := map[string]string{}
	for _, f := range facts {
		kind[f.Name] = f.Type
	}
	// The corpus puts attackers on loopback and private addresses; the
	// default allowlist (loopback) would hide some of them.
	cfg := rules.Default()
	cfg.Allow.IPs = nil
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}

	var trigWant, trigGot, leakyWant, leakyGot, whitelistBans int
	var missed []string
	for _, ht := range tests {
		log := filepath.Join(dir, "tests", ht.Test, ht.LogFile)
		if _, err := os.Stat(log); err != nil {
			continue
		}
		det := detector.New(pol, detector.Options{})
		col := report.NewCollector(report.Options{})
		err := pipeline.Replay(context.Background(), []string{log}, det, pipeline.ReplayOptions{Spec: parser.Spec{Format: "auto"}}, col)
		if err != nil {
			// Formats guardctl does not read (AWS ALB, haproxy ...).
			t.Logf("%s: not replayed: %v", ht.Test, err)
			continue
		}
		r := col.Report(report.PolicyInfo{}, 0)
		banned := map[string]bool{}
		for _, o := range r.Offenders {
			if o.Action == "ban" {
				banned[o.IP] = true
			}
		}
		if strings.Contains(ht.Test, "whitelist") {
			if len(banned) > 0 {
				whitelistBans += len(banned)
				t.Errorf("%s: banned %v; whitelist tests must ban nobody", ht.Test, keys(banned))
			}
			continue
		}
		seen := map[string]bool{}
		for _, ov := range ht.Overflows {
			for _, src := range ov.Sources {
				if seen[src] {
					continue
				}
				seen[src] = true
				hit := isBanned(banned, src, pol)
				if kind[ov.Scenario] == "trigger" {
					trigWant++
					if hit {
						trigGot++
					}
				} else {
					leakyWant++
					if hit {
						leakyGot++
					}
				}
				if !hit {
					missed = append(missed, ht.Test+":"+src+" ("+kind[ov.Scenario]+")")
				}
			}
		}
	}
	sort.Strings(missed)
	t.Logf("single-event scenarios: %d/%d expected attackers banned", trigGot, trigWant)
	t.Logf("rate scenarios: %d/%d expected attackers banned", leakyGot, leakyWant)
	t.Logf("not banned: %s", strings.Join(missed, ", "))
	if trigWant == 0 || float64(trigGot) < 0.9*float64(trigWant) {
		t.Errorf("single-event scenarios: %d/%d banned, want at least 90%%", trigGot, trigWant)
	}
	if leakyWant == 0 || float64(leakyGot) < 0.45*float64(leakyWant) {
		t.Errorf("rate scenarios: %d/%d banned, want at least 45%% (measured 20/41 when written)", leakyGot, leakyWant)
	}
}

func isBanned(banned map[string]bool, src string, pol *rules.Policy) bool {
	a, err := netip.ParseAddr(src)
	if err != nil {
		return banned[src]
	}
	k := pol.ClientKey(a)
	if k.IsSingleIP() {
		return banned[k.Addr().String()]
	}
	return banned[k.String()]
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
