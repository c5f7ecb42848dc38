package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/enrich/geo/geotest"
)

// TestAnalyzeAndExplainShowCountries: with geo.country_db and asn_db set,
// analyze adds country and network to offenders and a per-country table
// (text and JSON), and explain names the client's country.
func TestAnalyzeAndExplainShowCountries(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "geo.mmdb")
	geotest.Write(t, db, geotest.MaxMind, []geotest.Net{
		{CIDR: "203.0.113.0/24", Country: "CN", ASN: 64500, Org: "Example Net"},
		{CIDR: "198.51.100.0/24", Country: "FR", ASN: 64501, Org: "Example FR"},
	})
	policy := filepath.Join(dir, "guardctl.toml")
	os.WriteFile(policy, []byte(fmt.Sprintf("[geo]\ncountry_db = %q\nasn_db = %q\n", db, db)), 0o644)
	var log strings.Builder
	start := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for i := range 5 {
		ts := start.Add(time.Duration(i) * time.Second).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&log, "198.51.100.%d - - [%s] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n", 10+i, ts)
		fmt.Fprintf(&log, "203.0.113.9 - - [%s] \"GET /HNAP1/ HTTP/1.1\" 404 12 \"-\" \"curl\"\n", ts)
	}
	logPath := filepath.Join(dir, "access.log")
	os.WriteFile(logPath, []byte(log.String()), 0o644)

	rep, _ := analyzeJSON(t, "", "--config", policy, logPath)
	if len(rep.Offenders) != 1 || rep.Offenders[0].Country != "CN" || rep.Offenders[0].ASN != 64500 || rep.Offenders[0].ASOrg != "Example Net" {
		t.Fatalf("offenders %+v", rep.Offenders)
	}
	byCC := map[string][2]uint64{}
	for _, c := range rep.Countries {
		byCC[c.Country] = [2]uint64{c.Clients, c.Requests}
	}
	if byCC["FR"] != [2]uint64{5, 5} || byCC["CN"] != [2]uint64{1, 5} {
		t.Errorf("countries %+v", rep.Countries)
	}

	r := guardctl(t, "", "analyze", "--config", policy, "--no-progress", logPath)
	mustCode(t, r, exitOK)
	for _, want := range []string{"203.0.113.9 (CN AS64500)", "Clients by country", "FR "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}

	line := "203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\""
	r = guardctl(t, "", "explain", "--config", policy, line)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "CN AS64500 Example Net") {
		t.Errorf("explain lacks the location:\n%s", r.stdout)
	}
	r = guardctl(t, "", "explain", "--config", policy, "-o", "json", line)
	mustCode(t, r, exitOK)
	var doc struct {
		Country string `json:"country"`
		ASN     uint32 `json:"asn"`
	}
	json.Unmarshal([]byte(r.stdout), &doc)
	if doc.Country != "CN" || doc.ASN != 64500 {
		t.Errorf("explain json: %s", r.stdout)
	}

	// A database that does not open is a warning, not a failure.
	os.WriteFile(db, []byte("broken"), 0o644)
	r = guardctl(t, "", "analyze", "--config", policy, "--no-progress", logPath)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "warning") {
		t.Errorf("no warning for a broken database:\n%s", r)
	}
}
