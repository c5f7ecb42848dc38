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

// TestExplainRefusedUnservedCapped: a deep sensitive name or a product's
// endpoint (patterns.OnlyUnserved) counts nothing when served, in full on
// a miss, and patterns.WatchWeight (5) points when refused (401/403),
// redirected or failing. Explain listed a refused one with its full
// weight and as counting (closing10 "noticed and left"); it now says what
// it counted and why, and that a served one counts nothing because the
// site served it (not "only for a path answered 404").
func TestExplainRefusedUnservedCapped(t *testing.T) {
	const line = `203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET /files/users/42/.env HTTP/1.1" %s 0 "-" "Mozilla/5.0"`
	refused := guardctl(t, "", "explain", strings.Replace(line, "%s", "403", 1))
	mustCode(t, refused, exitOK)
	p := section(refused.stdout, "Patterns")
	if !strings.Contains(p, "sensitive-env-file") || !strings.Contains(p, "weight 10") {
		t.Fatalf("no deep .env hit of weight 10 listed:\n%s", p)
	}
	if !strings.Contains(p, "counted at 5 points, not 10") || !strings.Contains(p, "this was 403") {
		t.Errorf("answered 403: explain does not say the hit counted 5 (capped), and why:\n%s", p)
	}
	served := guardctl(t, "", "explain", strings.Replace(line, "%s", "200", 1))
	mustCode(t, served, exitOK)
	if p := section(served.stdout, "Patterns"); !strings.Contains(p, "not counted: the site served it") || strings.Contains(p, "counted at") {
		t.Errorf("answered 200: explain does not say the served name counts nothing because it was served:\n%s", p)
	}
	missed := guardctl(t, "", "explain", strings.Replace(line, "%s", "404", 1))
	mustCode(t, missed, exitOK)
	if p := section(missed.stdout, "Patterns"); strings.Contains(p, "not counted") || strings.Contains(p, "counted at") {
		t.Errorf("answered 404: a miss counts the full weight:\n%s", p)
	}
}
