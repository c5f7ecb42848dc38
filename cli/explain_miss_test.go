package cli

import (
	"strings"
	"testing"
)

// TestExplainOnMiss: a word-list hint (probe-admin-finder) is listed under
// Patterns either way, but explain says it did not count when the site
// served the path or refused it (403), and the verdict follows the answer.
func TestExplainOnMiss(t *testing.T) {
	const line = `203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET /admin1.php HTTP/1.1" %s 0 "-" "Mozilla/5.0"`
	served := guardctl(t, "", "explain", strings.Replace(line, "%s", "200", 1))
	mustCode(t, served, exitOK)
	if p := section(served.stdout, "Patterns"); !strings.Contains(p, "probe-admin-finder") || !strings.Contains(p, "not counted") || !strings.Contains(p, "this was 200") {
		t.Errorf("answered 200: the hint is not shown as not counted:\n%s", p)
	}
	if v := section(served.stdout, "Verdict"); strings.Contains(v, "probe-admin-finder") {
		t.Errorf("answered 200: the verdict counts the hint:\n%s", v)
	}
	missed := guardctl(t, "", "explain", strings.Replace(line, "%s", "404", 1))
	mustCode(t, missed, exitOK)
	if p := section(missed.stdout, "Patterns"); !strings.Contains(p, "probe-admin-finder") || strings.Contains(p, "not counted") {
		t.Errorf("answered 404: the hint should count:\n%s", p)
	}
	if v := section(missed.stdout, "Verdict"); !strings.Contains(v, "probe-admin-finder") {
		t.Errorf("answered 404: the verdict lacks the hint:\n%s", v)
	}
	if p := section(missed.stdout, "Patterns"); !strings.Contains(p, "once per client and path") {
		t.Errorf("answered 404: explain does not say how the hint counts:\n%s", p)
	}
	// 403 is a refusal of a path the site may have (a stale nonce, an ACL)
	refused := guardctl(t, "", "explain", strings.Replace(line, "%s", "403", 1))
	mustCode(t, refused, exitOK)
	if p := section(refused.stdout, "Patterns"); !strings.Contains(p, "not counted") || !strings.Contains(p, "this was 403") {
		t.Errorf("answered 403: the hint is not shown as not counted:\n%s", p)
	}
}
