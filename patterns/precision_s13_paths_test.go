package patterns

import "testing"

// TestPanosZtpGateNeedsPathAfter: the bare ztp_gate.php is a page PAN-OS
// admins reach; both exploits put a path after it.
func TestPanosZtpGateNeedsPathAfter(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{"/php/ztp_gate.php", "/php/ztp_gate.php?action=status"} {
		for _, h := range m.Match(req("GET", target, "", ""), nil) {
			t.Errorf("%s: %s (%d), want no hit", target, h.ID, h.Weight)
		}
	}
	checkOneRequest(t, m, []oneRequest{
		{"/unauth/%252e%252e/php/ztp_gate.php/PAN_help/x.css", "", "", "cve-2025-0108-panos", true},
		{"/php/ztp_gate.php/PAN_help/x.css", "", "", "cve-2025-0108-panos", true},
		{"/php/ztp_gate.php/.js.map", "", "", "cve-2024-0012-panos", true},
		{"/unauth/../php/index.php", "", "", "cve-2025-0108-panos", true},
	})
}

// TestDataExportServedIsNotCounted: a served export is the site's own; a
// missed one counts in full, a refused one at watch weight.
func TestDataExportServedIsNotCounted(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tc := range []struct {
		target string
		status int
		weight int
	}{
		{"/exports/customers.csv", 200, 0},
		{"/admin/orders.csv", 200, 0},
		{"/admin/users.xlsx", 206, 0},
		{"/customers.csv", 404, 5},
		{"/users.sql", 410, 5},
		{"/exports/customers.csv", 403, 5},
		{"/exports/customers.csv", 302, 5},
	} {
		r := req("GET", tc.target, "", "")
		hits := KeepAnswered(m.Match(r, nil), tc.status, r.Query)
		got := 0
		for _, h := range hits {
			if h.ID == "sensitive-data-export" {
				got = h.Weight
			}
		}
		if got != tc.weight {
			t.Errorf("%s answered %d: sensitive-data-export weight %d, want %d", tc.target, tc.status, got, tc.weight)
		}
	}
}
